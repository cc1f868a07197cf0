// The push log: a visible table on sheet "Claret push log", one row per record a push (or an undo)
// touched. Created on first use; appended to, never rewritten. It holds no token and no password:
// only the fields of PushLogRow are written. Text cells get the text format before their value, as
// a pull's do, so a name such as "=HYPERLINK(…)" or "+1" stays text.

import { blockA1, parseBlock } from "./cells";
import { readBlockCells, RequestBatch, writeRows } from "./chunkedIO";
import { runExcel } from "./excelRun";

export const PUSH_LOG_SHEET = "Claret push log";
export const PUSH_LOG_TABLE = "ClaretPushLog";

/**
 * The log's columns, in the order a new log gets them. The first eleven are the contract's; action, id and
 * table_name let undo find its records; base_url (added last, so a log an older version wrote gets it as a new
 * column at its right) says which Claret the push went to. Reading and appending find columns by header name.
 */
export const PUSH_LOG_HEADERS = [
  "pushed_at",
  "tenant",
  "email",
  "sale_type_name",
  "item_name",
  "customer_group_name",
  "sell_date",
  "timing_interval_name",
  "old_quantity",
  "new_quantity",
  "outcome",
  "action",
  "id",
  "table_name",
  "base_url",
] as const;
type PushLogHeader = (typeof PUSH_LOG_HEADERS)[number];

export type PushLogOutcome = "sent" | "refused" | "unknown" | "created" | "undone" | "not undone";
export type PushLogAction = "Push selection" | "Push changes" | "Undo last push";

export interface PushLogRow {
  /** ISO time of the push, the same for every row of one push */
  pushed_at: string;
  tenant: string;
  email: string;
  sale_type_name: string;
  item_name: string;
  customer_group_name: string;
  /** YYYY-MM-DD */
  sell_date: string;
  timing_interval_name: string;
  /** Claret's value before the push; null for a created record (or when not known) */
  old_quantity: number | null;
  new_quantity: number;
  outcome: PushLogOutcome;
  action: PushLogAction;
  /** Claret's record id when known */
  id: number | null;
  /** the table the push came from, "" when not from a pulled table */
  table_name: string;
  /** the API base URL of the Claret the push went to; "" in a row an older version logged */
  base_url: string;
}

const NUMERIC = new Set<string>(["old_quantity", "new_quantity", "id"]);
const isLogHeader = (h: string): h is PushLogHeader =>
  (PUSH_LOG_HEADERS as readonly string[]).includes(h);
/** the number format of each column, by its (lower-case) header; a column the planner added is left General */
const formatsOf = (headers: readonly string[]) =>
  headers.map((h) => (h === "id" ? "0" : NUMERIC.has(h) || !isLogHeader(h) ? "General" : "@"));

/** A row's cells in the order of the log's headers (lower-case); "" under a column the planner added. */
function cellsOf(row: PushLogRow, headers: readonly string[]): Array<string | number> {
  return headers.map((h) => {
    if (!isLogHeader(h)) return "";
    const v = row[h];
    return v === null ? "" : v;
  });
}

const headerNames = (values: unknown[][]) =>
  (values[0] ?? []).map((v) => String(v).trim().toLowerCase());

/**
 * Whether appending to the log would add its sheet: there is no log table yet and no sheet of the log's name. (A
 * sheet of that name without the table gets the table; that needs no new sheet.) Reads only.
 */
export async function pushLogNeedsSheet(): Promise<boolean> {
  return runExcel(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(PUSH_LOG_SHEET);
    const table = context.workbook.tables.getItemOrNullObject(PUSH_LOG_TABLE);
    await context.sync();
    return sheet.isNullObject && table.isNullObject;
  });
}

/**
 * Appends rows to the log, creating the sheet and its table on first use. Throws when Excel
 * refuses (a protected workbook, cells below the log that are not empty): the caller reports it
 * and the push's own result stands.
 */
export async function appendPushLog(rows: readonly PushLogRow[]): Promise<void> {
  if (rows.length === 0) return;
  await runExcel(async (context) => {
    const sheets = context.workbook.worksheets;
    let sheet = sheets.getItemOrNullObject(PUSH_LOG_SHEET);
    const table = context.workbook.tables.getItemOrNullObject(PUSH_LOG_TABLE);
    await context.sync();
    if (table.isNullObject) {
      const values = rows.map((r) => cellsOf(r, PUSH_LOG_HEADERS));
      const width = PUSH_LOG_HEADERS.length;
      if (sheet.isNullObject) sheet = sheets.add(PUSH_LOG_SHEET);
      const used = sheet.getUsedRangeOrNullObject(true).load("address");
      await context.sync();
      // on a sheet of our name that the planner already uses, the log starts below what is there
      const top = used.isNullObject ? 0 : parseBlock(used.address).lastRow + 2;
      const headerRange = sheet.getRange(
        blockA1({ firstRow: top, lastRow: top, firstColumn: 0, lastColumn: width - 1 })
      );
      headerRange.numberFormat = [PUSH_LOG_HEADERS.map(() => "@")];
      headerRange.values = [[...PUSH_LOG_HEADERS]];
      await writeLogRows(context, sheet, top + 1, 0, values, formatsOf(PUSH_LOG_HEADERS));
      const created = sheet.tables.add(
        blockA1({
          firstRow: top,
          lastRow: top + rows.length,
          firstColumn: 0,
          lastColumn: width - 1,
        }),
        true
      );
      created.name = PUSH_LOG_TABLE;
      await context.sync();
      return;
    }
    const header = table.getHeaderRowRange().load("values");
    await context.sync();
    // A log written by an older version lacks the newer columns (base_url): they are added at its right. The rows
    // are written in the table's own column order, whatever the planner did to it.
    const headers = headerNames(header.values);
    const missing = PUSH_LOG_HEADERS.filter((h) => !headers.includes(h));
    for (const h of missing) table.columns.add(undefined, undefined, h);
    headers.push(...missing);
    const values = rows.map((r) => cellsOf(r, headers));
    const tableRange = table.getRange().load("address");
    const logSheet = table.worksheet;
    await context.sync();
    const block = parseBlock(tableRange.address);
    const below = logSheet
      .getRange(
        blockA1({
          firstRow: block.lastRow + 1,
          lastRow: block.lastRow + rows.length,
          firstColumn: block.firstColumn,
          lastColumn: block.lastColumn,
        })
      )
      .getUsedRangeOrNullObject(true)
      .load("address");
    await context.sync();
    if (!below.isNullObject)
      throw new Error(
        `cells below the log table are not empty (${below.address.replace(/^.*!/, "")})`
      );
    await writeLogRows(
      context,
      logSheet,
      block.lastRow + 1,
      block.firstColumn,
      values,
      formatsOf(headers)
    );
    table.resize(
      blockA1({
        firstRow: block.firstRow,
        lastRow: block.lastRow + rows.length,
        firstColumn: block.firstColumn,
        lastColumn: block.lastColumn,
      })
    );
    await context.sync();
  });
}

/**
 * Writes rows from sheet row `firstRow`: formats first, then values, in requests under the limit; the last one is left
 * queued, for the table's creation or resize to ride with it.
 */
async function writeLogRows(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  firstRow: number,
  firstColumn: number,
  values: Array<Array<string | number>>,
  formats: readonly string[]
): Promise<void> {
  await writeRows(
    new RequestBatch(() => context.sync()),
    sheet,
    firstRow,
    firstColumn,
    values,
    formats
  );
}

/** Every row of the log, oldest first; [] when there is no log yet. Columns are found by header name. */
export async function readPushLog(): Promise<PushLogRow[]> {
  return runExcel(async (context) => {
    const table = context.workbook.tables.getItemOrNullObject(PUSH_LOG_TABLE);
    await context.sync();
    if (table.isNullObject) return [];
    const header = table.getHeaderRowRange().load("values");
    const body = table.getDataBodyRange().load("address");
    const logSheet = table.worksheet;
    await context.sync();
    const names = headerNames(header.values);
    // in chunks: a long log (tens of thousands of rows) passes the 5 MB of one answer
    const read = await readBlockCells(context, logSheet, parseBlock(body.address), {
      valuesOnly: true,
    });
    const at = (h: string) => names.indexOf(h);
    const cols = PUSH_LOG_HEADERS.map(at);
    const rows: PushLogRow[] = [];
    for (const v of read.values) {
      const get = (i: number) => (cols[i] >= 0 ? v[cols[i]] : "");
      const num = (x: unknown) => (typeof x === "number" ? x : null);
      const str = (x: unknown) => (x === null || x === undefined ? "" : String(x));
      if (PUSH_LOG_HEADERS.every((_, i) => get(i) === "" || get(i) === null)) continue;
      rows.push({
        pushed_at: str(get(0)),
        tenant: str(get(1)),
        email: str(get(2)),
        sale_type_name: str(get(3)),
        item_name: str(get(4)),
        customer_group_name: str(get(5)),
        sell_date: str(get(6)),
        timing_interval_name: str(get(7)),
        old_quantity: num(get(8)),
        new_quantity: num(get(9)) ?? NaN,
        outcome: str(get(10)) as PushLogOutcome,
        action: str(get(11)) as PushLogAction,
        id: num(get(12)),
        table_name: str(get(13)),
        base_url: str(get(14)),
      });
    }
    return rows;
  });
}
