// The query a Claret table was pulled with, kept with the table in the workbook so the table can refresh itself,
// after the workbook is saved and reopened too. It lives in worksheet custom properties of the table's sheet, keyed
// by the table's id (a rename keeps the id; the name is kept as well, as a fallback). It never holds the token.
//
// A custom property value longer than 255 characters may come back cut to 255 on Windows and Mac (office-js#4530), and
// Excel for Windows has frozen reading one (office-js#4378), so no value written here exceeds 255 UTF-16 code units:
// the JSON (about 400 characters with the base columns) is split over `ClaretQuery.<id>` = "2:<parts>:<first slice>"
// and `ClaretQuery.<id>#2` … `#<parts>`. A stored query of the first version (the whole JSON in `ClaretQuery.<id>`)
// is still read when it survived intact.
import { z } from "zod";
import { isIsoDate } from "../claret/isoDate";
import type { ClaretEndpoint, SalesQuery } from "../claret/types";
import { runExcel } from "./excelRun";
import type { DateSystem } from "../sales/excelDates";

const KEY_PREFIX = "ClaretQuery.";
/** the longest custom property value written (office-js#4530: longer ones may be cut to 255 on Windows and Mac) */
export const MAX_PROPERTY_VALUE = 255;
const PART_HEADER = /^2:(\d+):/;
const PART_KEY = /#\d+$/;

const storedQuerySchema = z.object({
  v: z.literal(1),
  tableName: z.string().min(1),
  endpoint: z.object({ baseUrl: z.string().min(1), tenant: z.string().min(1) }),
  query: z.object({
    saleTypeName: z.string().min(1),
    startDate: z.string().refine(isIsoDate),
    durationDays: z.number().int().nonnegative(),
    includeHierarchy: z.boolean(),
  }),
  /** the table's leading columns that Claret fills; columns after them are the user's */
  claretColumns: z.array(z.string()).min(1),
  /** the planner asked for the table to be refreshed each time the workbook opens (absent: no) */
  refreshOnOpen: z.boolean().optional(),
  /** the workbook's date system, detected at the pull (absent in queries stored before it was kept: detect it) */
  dateSystem: z
    .union([z.literal(1900), z.literal(1904)])
    .optional()
    .catch(undefined),
});

export interface StoredQuery {
  tableName: string;
  endpoint: ClaretEndpoint;
  query: SalesQuery;
  claretColumns: string[];
  /** refreshed each time the workbook opens ("Refresh when this workbook opens"); absent or false: not */
  refreshOnOpen?: boolean;
  /**
   * The workbook's date system (dateSystem.ts), detected once, at the pull (or at the first refresh of a query stored
   * before it was kept), so the read-only works (Push selection, Push changes) read it here and write nothing.
   */
  dateSystem?: DateSystem;
}

export function queryPropertyKey(tableId: string): string {
  return `${KEY_PREFIX}${tableId}`;
}

/** Only the fields listed here are written: a session object passed by mistake cannot leak its token. */
export function serializeStoredQuery(stored: StoredQuery): string {
  const { tableName, endpoint, query, claretColumns, refreshOnOpen, dateSystem } = stored;
  return JSON.stringify({
    v: 1,
    tableName,
    endpoint: { baseUrl: endpoint.baseUrl, tenant: endpoint.tenant },
    query: {
      saleTypeName: query.saleTypeName,
      startDate: query.startDate,
      durationDays: query.durationDays,
      includeHierarchy: query.includeHierarchy,
    },
    claretColumns,
    // written only when asked for, so a table without it stores exactly what it did before
    ...(refreshOnOpen === true ? { refreshOnOpen: true } : {}),
    ...(dateSystem !== undefined ? { dateSystem } : {}),
  });
}

export function parseStoredQuery(text: string): StoredQuery | null {
  try {
    const parsed = storedQuerySchema.safeParse(JSON.parse(text));
    if (!parsed.success) return null;
    const { tableName, endpoint, query, claretColumns, refreshOnOpen, dateSystem } = parsed.data;
    return {
      tableName,
      endpoint,
      query,
      claretColumns,
      ...(refreshOnOpen === true ? { refreshOnOpen } : {}),
      ...(dateSystem !== undefined ? { dateSystem } : {}),
    };
  } catch {
    return null;
  }
}

/** The custom properties (key, value) that hold a table's stored query, each value at most MAX_PROPERTY_VALUE long. */
export type StoredEntries = Array<[key: string, value: string]>;

/** Splits the stored query into entries of at most MAX_PROPERTY_VALUE UTF-16 code units, never inside a surrogate pair. */
export function storedQueryEntries(tableId: string, stored: StoredQuery): StoredEntries {
  const text = serializeStoredQuery(stored);
  const slices = (headerLength: number): string[] => {
    const out: string[] = [];
    let at = 0;
    let room = MAX_PROPERTY_VALUE - headerLength;
    while (at < text.length) {
      let end = Math.min(text.length, at + room);
      const last = text.charCodeAt(end - 1);
      if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--; // keep the pair together
      out.push(text.slice(at, end));
      at = end;
      room = MAX_PROPERTY_VALUE;
    }
    return out;
  };
  // The header "2:<parts>:" shares the first value: find the part count whose own length leaves room for itself.
  let digits = 1;
  let parts = slices(digits + 3);
  while (String(parts.length).length > digits) parts = slices(++digits + 3);
  const key = queryPropertyKey(tableId);
  return parts.map((part, i) =>
    i === 0 ? [key, `2:${parts.length}:${part}`] : [`${key}#${i + 1}`, part]
  );
}

/** Reads the stored query under `key` from a sheet's custom properties; null when missing, cut short or not ours. */
function readEntries(key: string, values: ReadonlyMap<string, string>): StoredQuery | null {
  const first = values.get(key.toLowerCase());
  if (first === undefined) return null;
  const header = PART_HEADER.exec(first);
  if (!header) return parseStoredQuery(first); // the first version: the whole JSON in one value
  let text = first.slice(header[0].length);
  for (let i = 2; i <= Number(header[1]); i++) {
    const part = values.get(`${key}#${i}`.toLowerCase());
    if (part === undefined) return null;
    text += part;
  }
  return parseStoredQuery(text);
}

/** The entries (as stored, case kept) that belong to the stored query under `key`: its parts and any stale ones. */
function entriesOf(key: string, items: readonly { key: string; value: string }[]): StoredEntries {
  const low = key.toLowerCase();
  return items
    .filter((p) => {
      const k = p.key.toLowerCase();
      return k === low || (k.startsWith(`${low}#`) && PART_KEY.test(k));
    })
    .map((p) => [p.key, p.value]);
}

/** Queues reading what is stored for a table now; call the result after the sync (for a later restore). */
export function queueReadStoredEntries(
  sheet: Excel.Worksheet,
  tableId: string
): () => StoredEntries {
  const props = sheet.customProperties.load("items/key,items/value");
  return () => entriesOf(queryPropertyKey(tableId), props.items);
}

/** Queues putting `entries` in place of `current` (the entries there now): sets each, removes the rest. */
export function queueReplaceStoredEntries(
  sheet: Excel.Worksheet,
  current: StoredEntries,
  entries: StoredEntries
): void {
  const keep = new Set(entries.map(([k]) => k.toLowerCase()));
  for (const [key] of current) {
    if (keep.has(key.toLowerCase())) continue;
    // set, then delete: deleting works whether or not an earlier, failed request had removed it
    sheet.customProperties.add(key, "");
    sheet.customProperties.getItem(key).delete();
  }
  for (const [key, value] of entries) sheet.customProperties.add(key, value);
}

/**
 * Queues writing the stored query for a table, replacing `previous` (what was stored for it before; stale parts of a
 * longer earlier query are removed). Returns the entries written.
 */
export function queueStoreQuery(
  sheet: Excel.Worksheet,
  tableId: string,
  stored: StoredQuery,
  previous: StoredEntries = []
): StoredEntries {
  const entries = storedQueryEntries(tableId, stored);
  queueReplaceStoredEntries(sheet, previous, entries);
  return entries;
}

/** A Claret table (a table with a stored query) and where it is. */
export interface ActiveTableQuery {
  sheetName: string;
  tableId: string;
  tableName: string;
  stored: StoredQuery;
}

/** Every Claret table in the workbook, whichever sheet is active. */
export type ClaretTableRef = ActiveTableQuery;

/**
 * The Claret tables of one sheet, read from its custom properties and tables (loaded by the caller), each with the
 * key its query is stored under. Matches a stored query to a table by id, then by name; a table matched twice counts
 * once (the first match wins).
 */
function tablesOfSheet(
  sheetName: string,
  props: readonly { key: string; value: string }[],
  tables: readonly { id: string; name: string }[]
): Array<{ ref: ClaretTableRef; key: string }> {
  const values = new Map(props.map((p) => [p.key.toLowerCase(), p.value]));
  const found: Array<{ ref: ClaretTableRef; key: string }> = [];
  for (const prop of props) {
    if (!prop.key.startsWith(KEY_PREFIX) || PART_KEY.test(prop.key)) continue;
    const stored = readEntries(prop.key, values);
    if (!stored) continue;
    const id = prop.key.slice(KEY_PREFIX.length);
    const table =
      tables.find((t) => t.id === id) ??
      tables.find((t) => t.name.toLowerCase() === stored.tableName.toLowerCase());
    if (table && !found.some((f) => f.ref.tableId === table.id))
      found.push({
        key: prop.key,
        ref: {
          sheetName,
          tableId: table.id,
          tableName: table.name,
          stored: { ...stored, tableName: table.name },
        },
      });
  }
  return found;
}

/**
 * The workbook's date system as stored with a Claret table's query on this sheet (custom properties and tables loaded
 * by the caller); undefined when no query there carries it. Any table's will do: the system is the workbook's.
 */
export function storedDateSystemOf(
  sheetName: string,
  props: readonly { key: string; value: string }[],
  tables: readonly { id: string; name: string }[]
): DateSystem | undefined {
  return tablesOfSheet(sheetName, props, tables).find((t) => t.ref.stored.dateSystem !== undefined)
    ?.ref.stored.dateSystem;
}

/** The Claret table of the active sheet and its stored query, or null when the sheet has none. */
export async function readActiveTableQuery(): Promise<ActiveTableQuery | null> {
  return runExcel(async (context) => {
    const sheet = context.workbook.worksheets.getActiveWorksheet();
    sheet.load("name");
    const props = sheet.customProperties.load("items/key,items/value");
    const tables = sheet.tables.load("items/id,items/name");
    await context.sync();
    const [first] = tablesOfSheet(sheet.name, props.items, tables.items);
    return first ? first.ref : null;
  });
}

/** Every Claret table of the workbook, in sheet order (hidden sheets too: a table there is still the planner's). */
export async function readClaretTables(): Promise<ClaretTableRef[]> {
  return runExcel(async (context) => {
    const sheets = context.workbook.worksheets.load("items/name");
    await context.sync();
    const perSheet = sheets.items.map((sheet) => ({
      name: sheet.name,
      props: sheet.customProperties.load("items/key,items/value"),
      tables: sheet.tables.load("items/id,items/name"),
    }));
    await context.sync();
    return perSheet.flatMap((s) =>
      tablesOfSheet(s.name, s.props.items, s.tables.items).map((t) => t.ref)
    );
  });
}

/**
 * Stores whether the table is refreshed each time the workbook opens, with its query. Returns the stored query as it
 * is now, or null when the table (or its stored query) is no longer there.
 */
export async function storeRefreshOnOpen(
  target: Pick<ActiveTableQuery, "sheetName" | "tableId">,
  refreshOnOpen: boolean
): Promise<StoredQuery | null> {
  return runExcel(async (context) => {
    const sheet = context.workbook.worksheets.getItem(target.sheetName);
    const props = sheet.customProperties.load("items/key,items/value");
    const tables = sheet.tables.load("items/id,items/name");
    await context.sync();
    const found = tablesOfSheet(target.sheetName, props.items, tables.items).find(
      (t) => t.ref.tableId === target.tableId
    );
    if (!found) return null;
    const stored = { ...found.ref.stored, refreshOnOpen };
    // stored again under the table's id; entries under an id it had before (matched by name) go
    queueStoreQuery(sheet, found.ref.tableId, stored, entriesOf(found.key, props.items));
    await context.sync();
    return stored;
  });
}
