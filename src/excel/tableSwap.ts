// Puts a completed staging sheet in place. Nothing the user sees changes before this point, and this step is a single
// write request, so a drain that fails or is cancelled earlier leaves the workbook exactly as it was.
//
// New pull: the staging sheet itself becomes the result (renamed, made visible, a table laid over it): no copy.
// Refresh: the SAME table object is resized and the staged block is copied in Excel-side (`copyFrom`, values and
// number formats, no payload). The table is never deleted and recreated, so formulas elsewhere that refer to it keep
// working, and columns the user added to its right stay (a calculated column fills the new rows on resize).
import type { ClaretEndpoint, SalesQuery } from '../claret/types';
import { queueSuspendCalculation } from './calculation';
import { blockAddress, uniqueSheetName, uniqueTableName } from './names';
import { queueStoreQuery, type StoredQuery } from './queryStore';
import { SHEET_ROWS, type StagingSheet } from './stagingSheet';

export interface SwapResult {
  sheetName: string;
  tableName: string;
  rowCount: number;
  columns: string[];
}

/** Raised when the swap cannot be done without damaging something; `userMessage` says what to do. */
export class TableSwapError extends Error {
  readonly userMessage: string;
  constructor(userMessage: string) {
    super(userMessage);
    this.name = 'TableSwapError';
    this.userMessage = userMessage;
  }
}

export interface NewTableRequest {
  endpoint: ClaretEndpoint;
  query: SalesQuery;
  /** preferred names; a suffix is added when taken */
  baseSheetName: string;
  baseTableName: string;
}

/** Turns the staging sheet into the new table's own sheet, activates it and stores the query with the table. */
export async function swapIntoNewTable(staging: StagingSheet, request: NewTableRequest): Promise<SwapResult> {
  const columns = staging.columnList.map((c) => c.name);
  const rowCount = staging.rowCount;
  const result = await Excel.run(async (context) => {
    const workbook = context.workbook;
    const sheets = workbook.worksheets.load('items/name');
    const tables = workbook.tables.load('items/name');
    // Table names share one namespace with defined names. (Guarded: the test emulator has no NamedItemCollection.)
    const names = (workbook.names as Excel.NamedItemCollection | undefined)?.load('items/name');
    await context.sync();

    const sheetName = uniqueSheetName(request.baseSheetName, sheets.items.map((s) => s.name));
    const tableName = uniqueTableName(request.baseTableName, [...tables.items.map((t) => t.name), ...(names?.items ?? []).map((n) => n.name)]);
    queueSuspendCalculation(context);
    const sheet = workbook.worksheets.getItem(staging.name);
    sheet.name = sheetName;
    sheet.visibility = Excel.SheetVisibility.visible;
    // A table needs one data row; an empty result gets one blank row.
    const table = sheet.tables.add(blockAddress(0, 0, 1 + Math.max(rowCount, 1), columns.length), true);
    table.name = tableName;
    table.load('id');
    sheet.activate();
    await context.sync();

    queueStoreQuery(sheet, table.id, { tableName, endpoint: request.endpoint, query: request.query, claretColumns: columns });
    await context.sync();
    return { sheetName, tableName, rowCount, columns };
  });
  staging.markConsumed();
  return result;
}

export interface ExistingTable {
  sheetName: string;
  tableId: string;
  stored: StoredQuery;
}

/** Where an existing table's header sits: 0-based sheet row/column. */
export interface TablePlacement {
  headerRow: number;
  firstColumn: number;
  dataRows: number;
  columnCount: number;
  headers: string[];
}

/** Reads where the table sits and its header names (one request). */
export async function readTablePlacement(sheetName: string, tableId: string): Promise<TablePlacement> {
  return Excel.run(async (context) => {
    const table = context.workbook.worksheets.getItem(sheetName).tables.getItem(tableId);
    const range = table.getRange().load('rowIndex,columnIndex,rowCount,columnCount');
    const header = table.getHeaderRowRange().load('values');
    await context.sync();
    return placementOf(range, header);
  });
}

function samePlacement(a: TablePlacement, b: TablePlacement): boolean {
  return a.headerRow === b.headerRow && a.firstColumn === b.firstColumn && a.dataRows === b.dataRows && a.columnCount === b.columnCount && a.headers.join('\u0000') === b.headers.join('\u0000');
}

function placementOf(range: Excel.Range, header: Excel.Range): TablePlacement {
  return {
    headerRow: range.rowIndex,
    firstColumn: range.columnIndex,
    dataRows: range.rowCount - 1,
    columnCount: range.columnCount,
    headers: (header.values[0] ?? []).map((v) => String(v)),
  };
}

/** Runs of staged columns that land in consecutive table columns, so each run is one copy. */
interface CopyRun {
  stagingColumn: number;
  tableColumn: number;
  width: number;
}

function copyRuns(targetIndexes: number[]): CopyRun[] {
  const runs: CopyRun[] = [];
  targetIndexes.forEach((tableColumn, stagingColumn) => {
    const last = runs[runs.length - 1];
    if (last && last.stagingColumn + last.width === stagingColumn && last.tableColumn + last.width === tableColumn) last.width++;
    else runs.push({ stagingColumn, tableColumn, width: 1 });
  });
  return runs;
}

/**
 * Replaces the Claret columns of an existing table with the staged rows, in one request after one read:
 * new Claret columns are inserted after the last Claret column, the table is resized to the new row count, the staged
 * block is copied in, rows that fell out are cleared, the stored query is updated and the staging sheet deleted.
 */
export async function swapIntoExistingTable(staging: StagingSheet, target: ExistingTable, expected?: TablePlacement): Promise<SwapResult> {
  const stagedColumns = staging.columnList.map((c) => c.name);
  const rowCount = staging.rowCount;
  const newDataRows = Math.max(rowCount, 1); // a table keeps at least one data row
  const result = await Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(target.sheetName);
    const table = sheet.tables.getItem(target.tableId);
    table.load('id,name');
    const range = table.getRange().load('rowIndex,columnIndex,rowCount,columnCount');
    const header = table.getHeaderRowRange().load('values');
    // Growing must not swallow cells below the table. The check rides with the read when the table is where it was
    // before the drain (the usual case); otherwise it costs one more read.
    const cellsBelow = (p: TablePlacement, extraColumns: number) =>
      newDataRows > p.dataRows
        ? sheet.getRange(blockAddress(p.headerRow + 1 + p.dataRows, p.firstColumn, newDataRows - p.dataRows, p.columnCount + extraColumns)).getUsedRangeOrNullObject(true).load('address')
        : null;
    const missingFrom = (p: TablePlacement) => stagedColumns.filter((c) => !p.headers.some((h) => h.toLowerCase() === c.toLowerCase()));
    let below = expected ? cellsBelow(expected, missingFrom(expected).length) : null;
    await context.sync();
    const placement = placementOf(range, header);
    const missing = missingFrom(placement);
    if (!expected || !samePlacement(expected, placement)) {
      below = cellsBelow(placement, missing.length);
      if (below) await context.sync();
    }
    if (below && !below.isNullObject) {
      throw new TableSwapError(`The refreshed table "${table.name}" needs ${newDataRows - placement.dataRows} more rows, but cells below it are not empty (${below.address.replace(/^.*!/, '')}). Move them away, then refresh again.`);
    }
    if (placement.headerRow + 1 + newDataRows > SHEET_ROWS) {
      throw new TableSwapError(`The refreshed table needs ${rowCount.toLocaleString('en-US')} rows below its header on row ${placement.headerRow + 1}, but the sheet ends at row ${SHEET_ROWS.toLocaleString('en-US')}. Move the table up or pull a shorter date window.`);
    }
    const headersLower = placement.headers.map((h) => h.toLowerCase());
    const lastClaretIndex = Math.max(-1, ...stagedColumns.map((c) => headersLower.indexOf(c.toLowerCase())));
    const columnCount = placement.columnCount + missing.length;

    queueSuspendCalculation(context);
    missing.forEach((name, i) => {
      table.columns.add(lastClaretIndex + 1 + i, undefined, name);
    });
    const headersAfter = [...placement.headers];
    headersAfter.splice(lastClaretIndex + 1, 0, ...missing);
    const headersAfterLower = headersAfter.map((h) => h.toLowerCase());

    table.resize(blockAddress(placement.headerRow, placement.firstColumn, 1 + newDataRows, columnCount));
    if (newDataRows < placement.dataRows) {
      sheet.getRange(blockAddress(placement.headerRow + 1 + newDataRows, placement.firstColumn, placement.dataRows - newDataRows, columnCount)).clear();
    }
    const stagingSheet = context.workbook.worksheets.getItem(staging.name);
    const targetIndexes = stagedColumns.map((c) => headersAfterLower.indexOf(c.toLowerCase()));
    for (const run of copyRuns(targetIndexes)) {
      const dataTop = placement.headerRow + 1;
      const left = placement.firstColumn + run.tableColumn;
      if (rowCount > 0) {
        sheet.getRange(blockAddress(dataTop, left, rowCount, run.width)).copyFrom(stagingSheet.getRange(blockAddress(1, run.stagingColumn, rowCount, run.width)), Excel.RangeCopyType.all);
      } else {
        sheet.getRange(blockAddress(dataTop, left, 1, run.width)).clear(Excel.ClearApplyTo.contents);
      }
    }
    queueStoreQuery(sheet, table.id, { ...target.stored, tableName: table.name, claretColumns: stagedColumns });
    stagingSheet.delete();
    await context.sync();
    return { sheetName: target.sheetName, tableName: table.name, rowCount, columns: headersAfter };
  });
  staging.markConsumed();
  return result;
}
