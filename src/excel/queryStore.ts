// The query a Claret table was pulled with, kept with the table in the workbook so the table can refresh itself,
// after the workbook is saved and reopened too. It lives in a worksheet custom property of the table's sheet, keyed
// by the table's id (a rename keeps the id; the name is kept as well, as a fallback). It never holds the token.
import { z } from "zod";
import type { ClaretEndpoint, SalesQuery } from "../claret/types";

const KEY_PREFIX = "ClaretQuery.";

const storedQuerySchema = z.object({
  v: z.literal(1),
  tableName: z.string().min(1),
  endpoint: z.object({ baseUrl: z.string().min(1), tenant: z.string().min(1) }),
  query: z.object({
    saleTypeName: z.string().min(1),
    startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    durationDays: z.number().int().nonnegative(),
    includeHierarchy: z.boolean(),
  }),
  /** the table's leading columns that Claret fills; columns after them are the user's */
  claretColumns: z.array(z.string()).min(1),
});

export interface StoredQuery {
  tableName: string;
  endpoint: ClaretEndpoint;
  query: SalesQuery;
  claretColumns: string[];
}

export function queryPropertyKey(tableId: string): string {
  return `${KEY_PREFIX}${tableId}`;
}

/** Only the fields listed here are written: a session object passed by mistake cannot leak its token. */
export function serializeStoredQuery(stored: StoredQuery): string {
  const { tableName, endpoint, query, claretColumns } = stored;
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
  });
}

export function parseStoredQuery(text: string): StoredQuery | null {
  try {
    const parsed = storedQuerySchema.safeParse(JSON.parse(text));
    if (!parsed.success) return null;
    const { tableName, endpoint, query, claretColumns } = parsed.data;
    return { tableName, endpoint, query, claretColumns };
  } catch {
    return null;
  }
}

/** Queues writing the stored query for a table (replacing any earlier one). */
export function queueStoreQuery(
  sheet: Excel.Worksheet,
  tableId: string,
  stored: StoredQuery
): void {
  sheet.customProperties.add(queryPropertyKey(tableId), serializeStoredQuery(stored));
}

export interface ActiveTableQuery {
  sheetName: string;
  tableId: string;
  tableName: string;
  stored: StoredQuery;
}

/**
 * The Claret table of the active sheet and its stored query, or null when the sheet has none.
 * Matches a stored query to a table by id, then by name; the first match wins.
 */
export async function readActiveTableQuery(): Promise<ActiveTableQuery | null> {
  return Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getActiveWorksheet();
    sheet.load("name");
    const props = sheet.customProperties.load("items/key,items/value");
    const tables = sheet.tables.load("items/id,items/name");
    await context.sync();
    for (const prop of props.items) {
      if (!prop.key.startsWith(KEY_PREFIX)) continue;
      const stored = parseStoredQuery(prop.value);
      if (!stored) continue;
      const id = prop.key.slice(KEY_PREFIX.length);
      const table =
        tables.items.find((t) => t.id === id) ??
        tables.items.find((t) => t.name.toLowerCase() === stored.tableName.toLowerCase());
      if (table)
        return {
          sheetName: sheet.name,
          tableId: table.id,
          tableName: table.name,
          stored: { ...stored, tableName: table.name },
        };
    }
    return null;
  });
}
