// Reads the user's current selection for "Push selection": one block of rows, its headers, the
// values Excel shows (not formulas) with their value types, which rows are hidden, and the sheet
// address of every cell. The only Office.js reads of the push path live here.

import {
  blockA1,
  cellA1,
  intersect,
  MAX_ROWS,
  parseBlock,
  splitAreas,
  withoutSheet,
  type CellBlock,
} from "./cells";
import type { CellInput, SelectionInput } from "../sales/pushMapping";
import { queueDateSystemEvaluation } from "./dateSystem";
import { storedDateSystemOf } from "./queryStore";
import { queueVisibleRows, readBlockCells, RowTooLargeError, type BlockCells } from "./chunkedIO";
import { runExcel } from "./excelRun";

/** One cell as Excel reports it. `type` is an Excel.RangeValueType: "Error" for #N/A, #REF!, … */
export type SelectedCell = CellInput;

export interface SelectedRow {
  /** 0-based index among the selection's data rows (header row excluded) */
  rowIndex: number;
  /** 0-based sheet row (row 7 of the sheet is 6) */
  sheetRow: number;
  cells: SelectedCell[];
  /** hidden by a filter or by hand; such rows are skipped, never sent */
  hidden: boolean;
}

/** What src/sales validates (headers, rows, cellAddress, dateSystem), plus where it came from. */
export interface SelectionContents extends SelectionInput {
  sheetName: string;
  /** the selection as the user made it, without the sheet name, e.g. "A1:J40" */
  selectionAddress: string;
  /** the block actually read (data rows, header row included when it is on the sheet above them) */
  readAddress: string;
  /** the table the selection lies in, or null for a plain range whose first row holds the headers */
  tableName: string | null;
  rows: SelectedRow[];
}

/** The selection cannot be pushed as it is; `userMessage` says what to select instead. */
export class SelectionError extends Error {
  readonly userMessage: string;
  constructor(userMessage: string) {
    super(userMessage);
    this.name = "SelectionError";
    this.userMessage = userMessage;
  }
}

interface TableInfo {
  name: string;
  block: CellBlock;
  body: CellBlock | null;
  columns: string[];
}

/**
 * Reads the current selection; writes nothing (no probe, no sheet). The date system is the one stored with a Claret
 * table's query on the sheet; only when none is, Excel evaluates it without a cell (dateSystem.ts), riding on the next
 * request. Syncs: 1 (selection, sheet, its tables and stored queries) + 1 when the sheet has tables (their ranges and
 * column names) + 1 per chunk of cells (the first up to 20,000 cells).
 * Throws SelectionError for a multi-area selection, a selection across two tables, or one with no
 * data rows.
 */
export async function readSelection(): Promise<SelectionContents> {
  return runExcel(async (context) => {
    const selected = context.workbook.getSelectedRanges();
    selected.load("areaCount,address");
    const sheet = context.workbook.worksheets.getActiveWorksheet();
    sheet.load("name");
    const tables = sheet.tables.load("items/id,items/name");
    const props = sheet.customProperties.load("items/key,items/value");
    const used = sheet.getUsedRangeOrNullObject(true);
    used.load("address");
    await context.sync();
    const stored = storedDateSystemOf(sheet.name, props.items, tables.items);
    const dateSystem = stored !== undefined ? () => stored : queueDateSystemEvaluation(context);

    const areas = splitAreas(selected.address).map(withoutSheet);
    if (selected.areaCount > 1) {
      throw new SelectionError(
        `Select one block of rows; the selection has ${selected.areaCount} areas (${areas.join(", ")}).`
      );
    }
    const selectionAddress = areas[0] ?? withoutSheet(selected.address);
    const selection = parseBlock(selectionAddress);

    let tableInfos: TableInfo[] = [];
    if (tables.items.length > 0) {
      const pending = tables.items.map((t) => {
        const range = t.getRange().load("address");
        const body = t.getDataBodyRange().load("address");
        const columns = t.columns.load("items/name");
        return { name: t.name, range, body, columns };
      });
      await context.sync();
      tableInfos = pending.map((p) => ({
        name: p.name,
        block: parseBlock(p.range.address),
        body: p.body.address ? parseBlock(p.body.address) : null,
        columns: p.columns.items.map((c) => c.name),
      }));
    }

    const touched = tableInfos.filter((t) => intersect(t.block, selection) !== null);
    if (touched.length > 1) {
      throw new SelectionError(
        `Select rows of one table only; the selection ${selectionAddress} touches ${touched.length} tables (${touched.map((t) => t.name).join(", ")}).`
      );
    }

    const plan =
      touched.length === 1
        ? planTableRead(touched[0], selection, selectionAddress)
        : planRangeRead(
            selection,
            selectionAddress,
            used.isNullObject ? null : parseBlock(used.address)
          );

    // Read the block in row chunks sized by their content; each chunk's visible areas come with it (a filter can
    // leave so many separate areas that their addresses alone pass the 5 MB limit of one answer).
    const block = plan.read;
    const rowCount = block.lastRow - block.firstRow + 1;
    const visibleRow = new Uint8Array(rowCount); // by row of the block: 1 where visible
    let cells: BlockCells;
    try {
      cells = await readBlockCells(context, sheet, block, {
        alongEachChunk: (chunk) => queueVisibleRows(chunk, block, visibleRow),
      });
    } catch (error) {
      if (error instanceof RowTooLargeError) throw new SelectionError(error.message);
      throw error;
    }
    const { values, types, formats } = cells;
    // A row is visible when any visible area covers it (hidden columns split areas, not rows).
    const isVisible = (sheetRow: number) => visibleRow[sheetRow - block.firstRow] === 1;

    const dataOffset = plan.headersFromFirstRow ? 1 : 0;
    const headers = plan.headersFromFirstRow ? values[0].map(headerText) : plan.headers;
    const rows: SelectedRow[] = [];
    for (let i = dataOffset; i < values.length; i++) {
      const sheetRow = block.firstRow + i;
      rows.push({
        rowIndex: i - dataOffset,
        sheetRow,
        hidden: !isVisible(sheetRow),
        cells: values[i].map((value, c) => ({
          value,
          type: types[i][c],
          numberFormat: formats[i][c],
        })),
      });
    }
    if (rows.length === 0) {
      throw new SelectionError(
        plan.headersFromFirstRow
          ? `The selection ${selectionAddress} holds only a header row; select the header row and the rows to send below it.`
          : `The selection ${selectionAddress} holds no data rows of table ${plan.tableName}; select the rows to send.`
      );
    }

    const firstDataRow = block.firstRow + dataOffset;
    return {
      sheetName: sheet.name,
      selectionAddress,
      readAddress: blockA1(block),
      tableName: plan.tableName,
      headers,
      rows,
      cellAddress: (rowIndex: number, colIndex: number) =>
        cellA1(firstDataRow + rowIndex, block.firstColumn + colIndex),
      dateSystem: dateSystem(),
    };
  });
}

interface ReadPlan {
  read: CellBlock;
  tableName: string | null;
  headersFromFirstRow: boolean;
  headers: string[];
}

/**
 * Inside a table: the table's column names are the headers, and the selected data rows are read
 * across ALL the table's columns, even when the user selected only some columns — a planner who
 * selects the quantity column of rows 5–9 means "push rows 5–9", and a row needs all its fields.
 * A selected header or totals row is not data and is left out.
 */
function planTableRead(table: TableInfo, selection: CellBlock, selectionAddress: string): ReadPlan {
  // whole columns ("C:C") mean "these columns of every row": clip them to the table
  const entireColumn = selection.firstRow === 0 && selection.lastRow === MAX_ROWS - 1;
  const body = table.body ?? { ...table.block, firstRow: table.block.firstRow + 1 };
  const tableAddress = blockA1(table.block);
  if (
    !entireColumn &&
    (selection.firstRow < table.block.firstRow || selection.lastRow > table.block.lastRow)
  ) {
    throw new SelectionError(
      `The selection ${selectionAddress} reaches outside table ${table.name} (${tableAddress}); select rows inside the table only.`
    );
  }
  const firstRow = Math.max(selection.firstRow, body.firstRow);
  const lastRow = Math.min(selection.lastRow, body.lastRow);
  if (firstRow > lastRow) {
    throw new SelectionError(
      `The selection ${selectionAddress} holds no data rows of table ${table.name}; select the rows to send.`
    );
  }
  return {
    read: {
      firstRow,
      lastRow,
      firstColumn: table.block.firstColumn,
      lastColumn: table.block.lastColumn,
    },
    tableName: table.name,
    headersFromFirstRow: false,
    headers: table.columns,
  };
}

/** Outside a table: the first selected row holds the headers. Whole rows/columns shrink to the used range. */
function planRangeRead(
  selection: CellBlock,
  selectionAddress: string,
  used: CellBlock | null
): ReadPlan {
  const clipped = used ? intersect(selection, used) : null;
  if (!clipped) {
    throw new SelectionError(
      `The selection ${selectionAddress} is empty; select a header row and the rows to send.`
    );
  }
  return { read: clipped, tableName: null, headersFromFirstRow: true, headers: [] };
}

function headerText(value: unknown): string {
  return value === null || value === undefined ? "" : String(value).trim();
}

/** Activates the sheet and selects one cell (a click on a problem in the preview). */
export async function selectCell(sheetName: string, address: string): Promise<void> {
  await runExcel(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    sheet.activate();
    sheet.getRange(address).select();
    await context.sync();
  });
}
