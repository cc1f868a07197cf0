// The whole Claret table of a sheet, for "Push changes": read every data row (values, value types,
// number formats) in chunks that keep each response under Excel on the web's 5 MB limit, and write
// Claret's truth back into the rows a push sent, in place, found again by id.

import { blockA1, cellA1 } from "./cells";
import { readBlockCells } from "./chunkedRead";
import { queueDateSystemProbe, type DateSystem } from "./dateSystem";
import type { CellValueType } from "../sales/pushMapping";

type Value = string | number | boolean | null;

export interface ClaretTableCells {
  sheetName: string;
  tableName: string;
  headers: string[];
  values: Value[][];
  /** A1 address of a data cell: rowIndex 0 is the table's first data row */
  cellAddress(rowIndex: number, colIndex: number): string;
  /** 1-based sheet row of a data row */
  sheetRow(rowIndex: number): number;
  dateSystem: DateSystem;
}

/**
 * Reads the values of every data row of the table, hidden rows included (a change in a
 * filtered-out row is still a change). Value types and number formats, three times the bytes, are
 * read only for the rows that would be sent (readRowDetails). Syncs: 1 (placement, headers, date
 * system) + 1 per chunk.
 */
export async function readClaretTable(
  sheetName: string,
  tableId: string
): Promise<ClaretTableCells> {
  return Excel.run(async (context) => {
    // the date system rides on the first request (a temporary hidden sheet, gone in the same request)
    const readDates = queueDateSystemProbe(context);
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
    const lastColumn = firstColumn + range.columnCount - 1;
    const sheet = context.workbook.worksheets.getItem(sheetName);
    const { values } = await readBlockCells(
      context,
      sheet,
      { firstRow, lastRow, firstColumn, lastColumn },
      { valuesOnly: true }
    );
    return {
      sheetName,
      tableName: table.name,
      headers,
      values: values as Value[][],
      cellAddress: (rowIndex, colIndex) => cellA1(firstRow + rowIndex, firstColumn + colIndex),
      sheetRow: (rowIndex) => firstRow + rowIndex + 1,
      dateSystem,
    };
  });
}

/** Value types and number formats of one row. */
export interface RowDetail {
  types: CellValueType[];
  formats: string[];
}

/** Cells whose types and formats one sync reads: ~40 bytes each keeps a response near 1 MB. */
const DETAIL_CELLS_PER_SYNC = 25_000;

/**
 * Value types and number formats of some data rows of the table (the rows a push would send), a
 * run of neighbouring rows per range.
 */
export async function readRowDetails(
  sheetName: string,
  tableId: string,
  rowIndexes: readonly number[]
): Promise<Map<number, RowDetail>> {
  const out = new Map<number, RowDetail>();
  if (rowIndexes.length === 0) return out;
  const sorted = [...new Set(rowIndexes)].sort((a, b) => a - b);
  const runs: Array<{ first: number; last: number }> = [];
  for (const r of sorted) {
    const run = runs[runs.length - 1];
    if (run && run.last === r - 1) run.last = r;
    else runs.push({ first: r, last: r });
  }
  await Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    const range = sheet.tables.getItem(tableId).getRange().load("rowIndex,columnIndex,columnCount");
    await context.sync();
    const firstRow = range.rowIndex + 1;
    const firstColumn = range.columnIndex;
    const lastColumn = firstColumn + range.columnCount - 1;
    let pending: Array<{ first: number; cells: Excel.Range }> = [];
    let queued = 0;
    const flush = async () => {
      await context.sync();
      for (const p of pending)
        p.cells.valueTypes.forEach((types, i) =>
          out.set(p.first + i, {
            types: types as CellValueType[],
            formats: p.cells.numberFormat[i] as string[],
          })
        );
      pending = [];
      queued = 0;
    };
    for (const run of runs) {
      const cells = sheet
        .getRange(
          blockA1({
            firstRow: firstRow + run.first,
            lastRow: firstRow + run.last,
            firstColumn,
            lastColumn,
          })
        )
        .load("valueTypes,numberFormat");
      pending.push({ first: run.first, cells });
      queued += (run.last - run.first + 1) * range.columnCount;
      if (queued >= DETAIL_CELLS_PER_SYNC) await flush();
    }
    if (pending.length > 0) await flush();
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

/** Cells queued per sync: a few thousand small ranges keep each request far below the 5 MB limit. */
const CELLS_PER_SYNC = 20_000;

/**
 * Writes cells into rows of the table, in place. Rows are found again by id at write time (the
 * planner may have sorted or filtered since the read); a row without an id is taken at its old
 * position only while that row still has no id. Each cell's number format is set before its
 * value, so text such as "=1" or "0117" stays text (the rule of a pull).
 */
export async function writeTableRows(
  sheetName: string,
  tableId: string,
  writes: readonly RowWrite[]
): Promise<WriteBackResult> {
  if (writes.length === 0) return { written: 0, notFound: [] };
  return Excel.run(async (context) => {
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
    const ids: Value[] = [];
    if (idColumn >= 0 && dataRows > 0) {
      // one number per row: 200,000 rows are ~2 MB of JSON
      for (let r = 0; r < dataRows; r += 200_000) {
        const n = Math.min(200_000, dataRows - r);
        const column = sheet
          .getRange(
            blockA1({
              firstRow: firstRow + r,
              lastRow: firstRow + r + n - 1,
              firstColumn: range.columnIndex + idColumn,
              lastColumn: range.columnIndex + idColumn,
            })
          )
          .load("values");
        // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one request per chunk: each must stay under Excel on the web's 5 MB limit
        await context.sync();
        for (const row of column.values) ids.push(row[0] as Value);
      }
    }
    const rowOfId = new Map<number, number>();
    ids.forEach((v, i) => {
      if (typeof v === "number" && !rowOfId.has(v)) rowOfId.set(v, i);
    });
    const notFound: RowWrite[] = [];
    let written = 0;
    let queued = 0;
    for (const w of writes) {
      const row =
        w.id !== null
          ? rowOfId.get(w.id)
          : w.rowIndex < ids.length && (ids[w.rowIndex] === "" || ids[w.rowIndex] === null)
            ? w.rowIndex
            : undefined;
      if (row === undefined) {
        notFound.push(w);
        continue;
      }
      for (const c of w.cells) {
        const cell = sheet.getRange(cellA1(firstRow + row, range.columnIndex + c.column));
        if (c.numberFormat !== undefined) cell.numberFormat = [[c.numberFormat]];
        cell.values = [[c.value]];
        queued++;
      }
      written++;
      if (queued >= CELLS_PER_SYNC) {
        // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one request per chunk: each must stay under Excel on the web's 5 MB limit
        await context.sync();
        queued = 0;
      }
    }
    if (queued > 0) await context.sync();
    return { written, notFound };
  });
}

/** Activates the sheet of a table, found by name (ignoring case); false when there is no such table. */
export async function activateTable(tableName: string): Promise<boolean> {
  return Excel.run(async (context) => {
    const table = context.workbook.tables.getItemOrNullObject(tableName);
    await context.sync();
    if (table.isNullObject) return false;
    table.worksheet.activate();
    await context.sync();
    return true;
  });
}
