// The whole Claret table of a sheet, for "Push changes": read every data row (the values of the
// columns the comparison needs) in chunks that keep each response under Excel on the web's 5 MB
// limit, the rest of the rows a push would send, and write Claret's truth back into the rows a push
// sent, in place, found again by id.

import { cellA1 } from "./cells";
import {
  jsonBytes,
  OPERATION_BYTES,
  readBlockCells,
  readRowsCells,
  RequestBatch,
} from "./chunkedIO";
import { queueDateSystemEvaluation, type DateSystem } from "./dateSystem";
import type { RowDetail } from "../sales/pushChanges";
import type { CellValue as Value } from "../sales/rows";
import { runExcel } from "./excelRun";

export interface ClaretTableCells {
  sheetName: string;
  tableName: string;
  headers: string[];
  /**
   * the cells read, row by row: the first `readWidth` columns of every row (one cell per header
   * unless the caller chose fewer columns; completeRows adds the rest to chosen rows)
   */
  values: Value[][];
  /** cells read per row: the table's columns from the first one up to the last the caller needs */
  readWidth: number;
  /** A1 address of a data cell: rowIndex 0 is the table's first data row */
  cellAddress(rowIndex: number, colIndex: number): string;
  /** 1-based sheet row of a data row */
  sheetRow(rowIndex: number): number;
  dateSystem: DateSystem;
}

/**
 * Reads the values of every data row of the table, hidden rows included (a change in a
 * filtered-out row is still a change): of every column, or, when `opts.columns` picks the columns
 * needed once the headers are known, of the columns up to the last of those (one range per chunk:
 * the rows stay the arrays Excel returns, nothing is copied; a pulled table's hierarchy and uom
 * columns come after the compared ones). Value types and number formats, three times the bytes,
 * and the cells not read are read only for the rows that would be sent (readRowDetails).
 * The date system is `opts.dateSystem` (stored with the table's query); without it Excel evaluates it, without a cell.
 * Nothing is written. Syncs: 1 (placement, headers, date system) + 1 per chunk.
 */
export async function readClaretTable(
  sheetName: string,
  tableId: string,
  opts: {
    columns?: (headers: readonly string[]) => number[];
    /** see readBlockCells */
    maxCellsPerChunk?: number;
    /** the workbook's date system, as stored with the table's query */
    dateSystem?: DateSystem;
  } = {}
): Promise<ClaretTableCells> {
  return runExcel(async (context) => {
    // the stored date system, or Excel's evaluation of it riding on the first request (no cell is written)
    const known = opts.dateSystem;
    const readDates = known !== undefined ? () => known : queueDateSystemEvaluation(context);
    const table = context.workbook.worksheets.getItem(sheetName).tables.getItem(tableId);
    table.load("name");
    const range = table.getRange().load("rowIndex,columnIndex,rowCount,columnCount");
    const header = table.getHeaderRowRange().load("values");
    await context.sync();
    const dateSystem = readDates();
    const headers = (header.values[0] ?? []).map((v) => String(v ?? "").trim());
    const firstRow = range.rowIndex + 1;
    const firstColumn = range.columnIndex;
    const lastRow = range.rowIndex + range.rowCount - 1;
    const sheet = context.workbook.worksheets.getItem(sheetName);
    const needed = opts.columns?.(headers).filter((c) => c >= 0 && c < range.columnCount);
    const readWidth =
      needed === undefined ? range.columnCount : Math.max(1, ...needed.map((c) => c + 1));
    const { values } = await readBlockCells(
      context,
      sheet,
      { firstRow, lastRow, firstColumn, lastColumn: firstColumn + readWidth - 1 },
      { valuesOnly: true, maxCellsPerChunk: opts.maxCellsPerChunk }
    );
    return {
      sheetName,
      tableName: table.name,
      headers,
      values: values as Value[][],
      readWidth,
      cellAddress: (rowIndex, colIndex) => cellA1(firstRow + rowIndex, firstColumn + colIndex),
      sheetRow: (rowIndex) => firstRow + rowIndex + 1,
      dateSystem,
    };
  });
}

/** One row read again in full: its values, and the value types and number formats of RowDetail. */
export interface RowWithDetail extends RowDetail {
  values: Value[];
}

/**
 * Adds the cells readClaretTable did not read to the rows read again in full (readRowDetails). The
 * cells it did read stay as first read: they are what the rows were compared on.
 */
export function completeRows(
  table: ClaretTableCells,
  details: ReadonlyMap<number, RowWithDetail>
): void {
  for (const [rowIndex, detail] of details) {
    const row = table.values[rowIndex];
    if (!row) continue;
    for (let c = table.readWidth; c < detail.values.length; c++) row[c] = detail.values[c];
  }
}

/**
 * Values, value types and number formats of some data rows of the table (the rows a push would
 * send), a run of neighbouring rows per range, chunked under the answer limit as every read is (chunkedIO).
 */
export async function readRowDetails(
  sheetName: string,
  tableId: string,
  rowIndexes: readonly number[]
): Promise<Map<number, RowWithDetail>> {
  const out = new Map<number, RowWithDetail>();
  if (rowIndexes.length === 0) return out;
  await runExcel(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    const range = sheet.tables.getItem(tableId).getRange().load("rowIndex,columnIndex,columnCount");
    await context.sync();
    const firstRow = range.rowIndex + 1;
    const cells = await readRowsCells(
      context,
      sheet,
      rowIndexes.map((r) => firstRow + r),
      range.columnIndex,
      range.columnIndex + range.columnCount - 1
    );
    for (const [sheetRow, row] of cells)
      out.set(sheetRow - firstRow, {
        values: row.values as Value[],
        types: row.types,
        formats: row.formats,
      });
  });
  return out;
}

/** One row to write back: found by its id, or (a created record) at its row if that still has no id. */
export interface RowWrite {
  /** the id the row has in the table; null for a row that had none (a record the push created) */
  id: number | null;
  /** 0-based data row at the time of the read; used for rows without an id */
  rowIndex: number;
  /** table column index → value to write; formats for the cells that need one (text: '@' before the value) */
  cells: Array<{ column: number; value: string | number; numberFormat?: string }>;
}

export interface WriteBackResult {
  written: number;
  /** rows that could not be found again (deleted, or their id edited since the read) */
  notFound: RowWrite[];
}

/** Up to this many rows to write are first looked for where they were read (one id cell each). */
const PROBED_ROWS = 5_000;

/**
 * Writes cells into rows of the table, in place. Rows are found again by id at write time (the
 * planner may have sorted or filtered since the read): first at the row they were read from (one id
 * cell each), and only if one is no longer there, in the whole id column. A row without an id is
 * taken at its old position only while that row still has no id. Each cell's number format is set before its
 * value, so text such as "=1" or "0117" stays text (the rule of a pull).
 */
export async function writeTableRows(
  sheetName: string,
  tableId: string,
  writes: readonly RowWrite[]
): Promise<WriteBackResult> {
  if (writes.length === 0) return { written: 0, notFound: [] };
  return runExcel(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    const table = sheet.tables.getItem(tableId);
    const range = table.getRange().load("rowIndex,columnIndex,rowCount");
    const header = table.getHeaderRowRange().load("values");
    await context.sync();
    const headers = (header.values[0] ?? []).map((v) =>
      String(v ?? "")
        .trim()
        .toLowerCase()
    );
    const idColumn = headers.indexOf("id");
    const firstRow = range.rowIndex + 1;
    const dataRows = range.rowCount - 1;
    // Where each row was read: still holding its id (no id for a created record's row)?
    const rowOf = new Map<RowWrite, number>();
    const holds = (w: RowWrite, v: Value | undefined) =>
      w.id !== null ? v === w.id : v === "" || v === null;
    if (idColumn >= 0 && writes.length <= PROBED_ROWS) {
      const probing = new RequestBatch(() => context.sync());
      const probes: Array<Excel.Range | null> = [];
      for (const w of writes) {
        if (w.rowIndex < 0 || w.rowIndex >= dataRows) {
          probes.push(null);
          continue;
        }
        await probing.fit(OPERATION_BYTES);
        probes.push(
          sheet.getRange(cellA1(firstRow + w.rowIndex, range.columnIndex + idColumn)).load("values")
        );
      }
      await probing.flush();
      writes.forEach((w, i) => {
        const probe = probes[i];
        if (probe && holds(w, probe.values[0][0] as Value)) rowOf.set(w, w.rowIndex);
      });
    }
    const moved = writes.some((w) => !rowOf.has(w));
    const ids: Value[] = [];
    if (moved && idColumn >= 0 && dataRows > 0) {
      const column = range.columnIndex + idColumn;
      const read = await readBlockCells(
        context,
        sheet,
        { firstRow, lastRow: firstRow + dataRows - 1, firstColumn: column, lastColumn: column },
        { valuesOnly: true }
      );
      for (const row of read.values) ids.push(row[0] as Value);
    }
    const rowOfId = new Map<number, number>();
    ids.forEach((v, i) => {
      if (typeof v === "number" && !rowOfId.has(v)) rowOfId.set(v, i);
    });
    const notFound: RowWrite[] = [];
    let written = 0;
    const batch = new RequestBatch(() => context.sync());
    for (const w of writes) {
      const row =
        rowOf.get(w) ??
        (w.id !== null
          ? rowOfId.get(w.id)
          : w.rowIndex < ids.length && holds(w, ids[w.rowIndex])
            ? w.rowIndex
            : undefined);
      if (row === undefined) {
        notFound.push(w);
        continue;
      }
      for (const c of w.cells) {
        await batch.fit(
          (c.numberFormat === undefined ? 1 : 2) * OPERATION_BYTES + jsonBytes(c.value)
        );
        const cell = sheet.getRange(cellA1(firstRow + row, range.columnIndex + c.column));
        if (c.numberFormat !== undefined) cell.numberFormat = [[c.numberFormat]];
        cell.values = [[c.value]];
      }
      written++;
    }
    await batch.flush();
    return { written, notFound };
  });
}

/** Activates the sheet of a table, found by name (ignoring case); false when there is no such table. */
export async function activateTable(tableName: string): Promise<boolean> {
  return runExcel(async (context) => {
    const table = context.workbook.tables.getItemOrNullObject(tableName);
    await context.sync();
    if (table.isNullObject) return false;
    table.worksheet.activate();
    await context.sync();
    return true;
  });
}
