// Reads what a refresh needs to know about the table before it plans anything: where it is, its headers, totals row,
// sort and filter, how far the sheet's content reaches beside it, and the Claret cells (and sort-key cells) of every
// data row. Excel on the web refuses a response over 5 MB, so the cells are read in row chunks sized by what the
// first chunk weighed, and a chunk Excel still refuses is read again in halves. The shape (readTableShape) is one
// request; the cells (readTableCells) are the bulk, which the refresh reads while Claret's pages come in.
import type { CellValue, TableSortState } from "../sales";
import { findColumns, headerNames } from "../sales";
import { blockAddress } from "./names";
import { queueReadStoredEntries, type StoredEntries } from "./queryStore";
import { readVisibleRows } from "./chunkedIO";
import { runExcel } from "./excelRun";

/** Bytes a response may carry here: half of Excel on the web's 5 MB, leaving room for JSON overhead we don't see. */
export const READ_BUDGET_BYTES = 2_500_000;
const FIRST_CHUNK_ROWS = 2_000;

export interface FilterState {
  /** criteria per table column (null where the column has none) */
  criteria: Array<Excel.FilterCriteria | null>;
  /** visible data-row blocks before the refresh (0-based data rows, inclusive), to restore them exactly */
  visibleRows: Array<[number, number]>;
}

/** A table as the refresh reads it: its shape (TableShape) and the cells of its rows. */
export interface TableState extends TableShape {
  /** 0-based sheet columns the sheet's used range spans (the table included) */
  usedFirstColumn: number;
  usedLastColumn: number;
  /** per data row, the formulas (values where no formula) of each stored Claret key's column ("" where missing) */
  claretCells: CellValue[][];
  /** per data row, the values of the sort keys that are not Claret columns, by table column */
  otherSortCells: Map<number, CellValue[]>;
}

export interface TableShape {
  sheetName: string;
  tableId: string;
  tableName: string;
  /** 0-based sheet row of the header, first column, data rows, columns */
  headerRow: number;
  firstColumn: number;
  dataRows: number;
  columnCount: number;
  headers: string[];
  showTotals: boolean;
  sort: TableSortState | null;
  filter: FilterState | null;
  /** the stored query's custom properties as they were, for a rollback */
  storedEntries: StoredEntries;
  /** table column of each stored Claret key (-1 when the planner deleted the column) */
  claretColumns: number[];
}

/** Contiguous runs of table columns, so each run is one range per chunk. */
function runsOf(columns: readonly number[]): Array<{ first: number; width: number }> {
  const sorted = [...new Set(columns.filter((c) => c >= 0))].sort((a, b) => a - b);
  const runs: Array<{ first: number; width: number }> = [];
  for (const c of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.first + last.width === c) last.width++;
    else runs.push({ first: c, width: 1 });
  }
  return runs;
}

/** The blocks of consecutive rows marked 1 (inclusive, by index). */
function runsOfOnes(marks: Uint8Array): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < marks.length; i++) {
    if (marks[i] !== 1) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  }
  return runs;
}

/**
 * A copy of `o` with only its own enumerable properties that are neither null nor undefined. Excel reads filter
 * criteria back with null for every property not set, and apply() refuses them so with InvalidArgument
 * (office-js#1226, a product bug; #3030): criteria are kept without their nulls, so they can be applied again.
 */
export function withoutNulls<T extends object>(o: T): T {
  const out: Partial<T> = {};
  for (const key of Object.keys(o) as Array<keyof T>) {
    const value = o[key];
    if (value !== null && value !== undefined) out[key] = value;
  }
  // every property left is one `o` had, with its value: only the nulls Excel adds against its own type are gone
  return out as T;
}

/**
 * The criteria of a loaded AutoFilter, per table column (null where a column has none), without the null properties
 * Excel reads back (withoutNulls), as the refresh applies them again.
 */
export function filterCriteriaOf(autoFilter: Excel.AutoFilter): Array<Excel.FilterCriteria | null> {
  return autoFilter.criteria.map((c) => (c && c.filterOn ? withoutNulls(c) : null));
}

/** The sheet columns a loaded used range spans (never null: the table is on the sheet). */
function usedColumns(
  table: { firstColumn: number; columnCount: number },
  used: Excel.Range
): { usedFirstColumn: number; usedLastColumn: number } {
  return used.isNullObject
    ? {
        usedFirstColumn: table.firstColumn,
        usedLastColumn: table.firstColumn + table.columnCount - 1,
      }
    : {
        usedFirstColumn: used.columnIndex,
        usedLastColumn: used.columnIndex + used.columnCount - 1,
      };
}

function isResponseTooLarge(error: unknown): boolean {
  return (error as { code?: unknown })?.code === "ResponsePayloadSizeLimitExceeded";
}

/**
 * Reads the state of the table `tableId` on `sheetName`; `claretKeys` are the stored Claret keys. Several requests:
 * one for the table's shape, then one per chunk of rows.
 */
export async function readTableState(
  sheetName: string,
  tableId: string,
  claretKeys: readonly string[]
): Promise<TableState> {
  return readTableCells(await readTableShape(sheetName, tableId, claretKeys));
}

/** Everything readTableState tells but the cells of the data rows: one request (more when the table is filtered). */
export async function readTableShape(
  sheetName: string,
  tableId: string,
  claretKeys: readonly string[]
): Promise<TableShape> {
  return runExcel(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    const table = sheet.tables.getItem(tableId);
    table.load("id,name,showTotals");
    const range = table.getRange().load("rowIndex,columnIndex,rowCount,columnCount");
    const header = table.getHeaderRowRange().load("values");
    const sort = table.sort.load("fields,matchCase");
    const autoFilter = table.autoFilter.load("criteria,isDataFiltered");
    const storedEntries = queueReadStoredEntries(sheet, tableId);
    await context.sync();

    const headers = (header.values[0] ?? []).map((v) => String(v));
    const headerRow = range.rowIndex;
    const firstColumn = range.columnIndex;
    const sortState: TableSortState | null =
      sort.fields && sort.fields.length > 0
        ? {
            fields: sort.fields.map((f) => ({ column: f.key, ascending: f.ascending !== false })),
            matchCase: sort.matchCase === true,
          }
        : null;

    const dataRows = range.rowCount - 1 - (table.showTotals ? 1 : 0);
    let filter: FilterState | null = null;
    if (autoFilter.isDataFiltered) {
      const criteria = filterCriteriaOf(autoFilter);
      // in chunks: a filter can leave so many separate areas that their addresses alone pass the 5 MB of one answer
      const visible =
        dataRows === 0
          ? new Uint8Array(0)
          : await readVisibleRows(context, sheet, {
              firstRow: headerRow + 1,
              lastRow: headerRow + dataRows,
              firstColumn,
              lastColumn: firstColumn + range.columnCount - 1,
            });
      filter = { criteria, visibleRows: runsOfOnes(visible) };
    }

    return {
      sheetName,
      tableId: table.id,
      tableName: table.name,
      headerRow,
      firstColumn,
      dataRows,
      columnCount: range.columnCount,
      headers,
      showTotals: table.showTotals,
      sort: sortState,
      filter,
      storedEntries: storedEntries(),
      claretColumns: findColumns(headers, headerNames(claretKeys)),
    };
  });
}

/**
 * The Claret cells (and the cells of sort keys that are not Claret's) of every data row of the table `shape`
 * describes, in row chunks sized by what the first chunk weighed, each chunk one request.
 */
export async function readTableCells(shape: TableShape): Promise<TableState> {
  const { headerRow, firstColumn, dataRows, claretColumns } = shape;
  const otherSortColumns = (shape.sort?.fields ?? [])
    .map((f) => f.column)
    .filter((c) => !claretColumns.includes(c));
  return runExcel(async (context) => {
    const sheet = context.workbook.worksheets.getItem(shape.sheetName);
    // How far the sheet reaches beside the table, with the first chunk (not in the shape: the drain waits for that).
    const loadUsed = () => sheet.getUsedRangeOrNullObject().load("columnIndex,columnCount");
    let used = loadUsed();
    const wanted = [...claretColumns.filter((c) => c >= 0), ...otherSortColumns];
    const runs = runsOf(wanted);
    const rowsOut: Map<number, CellValue[]> = new Map(wanted.map((c) => [c, []]));
    let chunk = FIRST_CHUNK_ROWS;
    for (let start = 0; start < dataRows;) {
      const n = Math.min(chunk, dataRows - start);
      const ranges = runs.map((run) =>
        sheet
          .getRange(blockAddress(headerRow + 1 + start, firstColumn + run.first, n, run.width))
          .load("formulas")
      );
      try {
        // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one request per chunk: each answer must stay under Excel on the web's 5 MB limit
        await context.sync();
      } catch (error) {
        if (!isResponseTooLarge(error) || n === 1) throw error;
        chunk = Math.max(1, Math.floor(n / 2));
        if (start === 0) used = loadUsed(); // (a failed request loads nothing)
        continue;
      }
      let bytes = 0;
      runs.forEach((run, r) => {
        const block = ranges[r].formulas as CellValue[][];
        for (let j = 0; j < run.width; j++) {
          const out = rowsOut.get(run.first + j)!;
          for (let i = 0; i < n; i++) out.push(block[i][j]);
        }
        // The first chunk sizes the rest (UTF-16 length stands in for UTF-8 bytes; the budget is half the limit).
        if (start === 0) bytes += JSON.stringify(block).length;
      });
      if (bytes > 0) chunk = Math.max(1, Math.floor((READ_BUDGET_BYTES / bytes) * n));
      start += n;
    }

    if (dataRows === 0) await context.sync(); // (a table always has a data row in Excel; the used range, then)
    const claretCells: CellValue[][] = new Array(dataRows);
    const columnsOfKeys = claretColumns.map((c) => (c >= 0 ? rowsOut.get(c)! : null));
    for (let i = 0; i < dataRows; i++)
      claretCells[i] = columnsOfKeys.map((col) => (col ? (col[i] ?? "") : ""));
    const otherSortCells = new Map(otherSortColumns.map((c) => [c, rowsOut.get(c)!]));
    return { ...shape, ...usedColumns(shape, used), claretCells, otherSortCells };
  });
}

/**
 * For each of `rows` (0-based data rows), whether it holds anything of the planner's own: a value in a table column
 * that is not Claret's, or in a cell beside the table within the sheet's used range. Reads only those rows. The used
 * range is read again with the first chunk (the planner may have typed beside the table since the table was read):
 * if it reaches further now, the rows are read again over the wider span. Its columns come back too, for the apply's
 * backup and copies to span.
 */
export async function readOwnValues(
  state: TableState,
  rows: readonly number[]
): Promise<{
  hasOwn: boolean[];
  hidden: boolean[];
  usedFirstColumn: number;
  usedLastColumn: number;
}> {
  const claret = new Set(
    state.claretColumns.filter((c) => c >= 0).map((c) => state.firstColumn + c)
  );
  const tableLast = state.firstColumn + state.columnCount - 1;
  return runExcel(async (context) => {
    const sheet = context.workbook.worksheets.getItem(state.sheetName);
    const used = sheet.getUsedRangeOrNullObject().load("columnIndex,columnCount");
    let span = { usedFirstColumn: state.usedFirstColumn, usedLastColumn: state.usedLastColumn };
    for (;;) {
      const left = Math.min(state.firstColumn, span.usedFirstColumn);
      const right = Math.max(tableLast, span.usedLastColumn);
      const hasOwn: boolean[] = [];
      const hidden: boolean[] = [];
      const perChunk = Math.max(1, Math.floor(READ_BUDGET_BYTES / 300 / (right - left + 1)));
      for (let start = 0; start === 0 || start < rows.length; start += perChunk) {
        const part = rows.slice(start, start + perChunk);
        const loaded = part.map((row) =>
          sheet
            .getRange(blockAddress(state.headerRow + 1 + row, left, 1, right - left + 1))
            .load("values,rowHidden")
        );
        // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one request per chunk, under the response limit
        await context.sync();
        for (const r of loaded) {
          const values = r.values[0];
          hasOwn.push(values.some((v, j) => !claret.has(left + j) && v !== "" && v !== null));
          hidden.push(r.rowHidden === true);
        }
      }
      const now = usedColumns(state, used);
      if (
        Math.min(state.firstColumn, now.usedFirstColumn) >= left &&
        Math.max(tableLast, now.usedLastColumn) <= right
      )
        return { hasOwn, hidden, ...now };
      span = now; // the sheet reaches further than was read: the rows again, over all of it
    }
  });
}
