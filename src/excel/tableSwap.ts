// Puts a completed staging sheet in place as a new pull's table: the staging sheet itself becomes the result (renamed,
// made visible, a table laid over it): no copy. Nothing the user sees changes before this point, so a drain that fails
// or is cancelled earlier leaves the workbook exactly as it was. (A refresh changes the existing table in place:
// refreshApply.ts.)
import type { ClaretEndpoint, SalesQuery } from "../claret/types";
import { queueCalculationModeRead, queueSuspendCalculation } from "./calculation";
import { blockAddress, uniqueSheetName, uniqueTableName } from "./names";
import { queueStoreQuery } from "./queryStore";
import type { StagingSheet } from "./stagingSheet";
import { runExcel } from "./excelRun";

/** The table a pull or a refresh left on the sheet: the one result type of both. */
export interface TableResult {
  sheetName: string;
  tableName: string;
  rowCount: number;
  columns: string[];
}

/**
 * Raised when the swap cannot be done, or went wrong; `userMessage` says what to do. `state` says what it left:
 * unchanged (the usual case), refreshed (done, with a leftover to clean) or damaged (the restore failed too).
 */
export class TableSwapError extends Error {
  readonly userMessage: string;
  readonly state: "unchanged" | "refreshed" | "damaged";
  constructor(userMessage: string, state: "unchanged" | "refreshed" | "damaged" = "unchanged") {
    super(userMessage);
    this.name = "TableSwapError";
    this.userMessage = userMessage;
    this.state = state;
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
export async function swapIntoNewTable(
  staging: StagingSheet,
  request: NewTableRequest
): Promise<TableResult> {
  const columns = staging.columnList.map((c) => c.name);
  const claretKeys = staging.columnList.map((c) => c.key);
  const rowCount = staging.rowCount;
  const result = await runExcel(async (context) => {
    const workbook = context.workbook;
    const sheets = workbook.worksheets.load("items/name");
    const tables = workbook.tables.load("items/name");
    // Table names share one namespace with defined names.
    const names = workbook.names.load("items/name");
    const recalculation = queueCalculationModeRead(context);
    await context.sync();

    const sheetName = uniqueSheetName(
      request.baseSheetName,
      sheets.items.map((s) => s.name)
    );
    const tableName = uniqueTableName(request.baseTableName, [
      ...tables.items.map((t) => t.name),
      ...names.items.map((n) => n.name),
    ]);
    queueSuspendCalculation(context);
    const sheet = workbook.worksheets.getItem(staging.key);
    sheet.name = sheetName;
    sheet.visibility = Excel.SheetVisibility.visible;
    // A table needs one data row; an empty result gets one blank row.
    const table = sheet.tables.add(
      blockAddress(0, 0, 1 + Math.max(rowCount, 1), columns.length),
      true
    );
    table.name = tableName;
    table.load("id");
    sheet.activate();
    await context.sync();

    queueStoreQuery(sheet, table.id, {
      tableName,
      endpoint: request.endpoint,
      query: request.query,
      claretColumns: claretKeys,
      ...(staging.dateSystem !== null ? { dateSystem: staging.dateSystem } : {}),
    });
    // the pages were written with calculation suspended: formulas on the new sheet's table calculate once, here
    recalculation.queue();
    await context.sync();
    return { sheetName, tableName, rowCount, columns };
  });
  staging.markConsumed();
  return result;
}
