// Refresh sheet (and Undo's refresh) on a table with rows whose records lie outside its stored window
// (start_date + duration): a row Push changes created at a later date. Claret still holds those records,
// so the refresh must keep their rows (looked up at the rows' own sell dates), and remove only the rows
// whose records Claret really no longer has. Real HTTP to the simulator, the real adapters through the
// emulator.
import type { ClaretSession, SalesQuery } from "../../src/claret";
import { refreshedMessage } from "../../src/workflows/messages";
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { confirmChanges, prepareChanges } from "../../src/workflows/push/pushChanges";
import { refreshActiveSheet } from "../../src/workflows/pullRefresh/refresh";
import { confirmUndo, prepareUndo } from "../../src/workflows/push/undoPush";
import type { ExcelHost } from "../helpers/excelHost";
import { addRowForPair, changesOptions, startPlanner } from "../helpers/pulledTable";
import { ALL_HISTORY as QUERY, type SimulatorHarness } from "../helpers/simulator";
import { readTable, setTableCell, tableCell } from "../helpers/workbook";

// the window ends 2024-12-31: the simulator's History runs to 2024-12-01
const OUTSIDE = "2030-01-01";
const OPTS = changesOptions({ createMissingLinks: true });

let h: SimulatorHarness;
let host: ExcelHost;
let session: ClaretSession;
let tableName: string;
let sheetName: string;
let pulledRows: number;

async function pull(query: SalesQuery): Promise<void> {
  ({ tableName, sheetName, rowCount: pulledRows } = await pullSales(session, query));
}
beforeEach(async () => {
  ({ host, h, session } = await startPlanner(200));
});
afterEach(() => h.close());

const column = async (header: string) => (await readTable(tableName)).headers.indexOf(header);
const cell = (row: number, header: string) => tableCell(tableName, row, header);
const setCell = (row: number, header: string, value: string | number) =>
  setTableCell(tableName, row, header, value);
/** the row (0-based data row) of record `id`, or -1 */
async function rowOf(id: unknown): Promise<number> {
  const t = await readTable(tableName);
  const idCol = t.headers.indexOf("id");
  return t.values.findIndex((r) => r[idCol] === id);
}

/** The planner's note, two columns right of the table (beside it, not in it), on data row `row`. */
async function noteCell(row: number): Promise<string> {
  const width = (await readTable(tableName)).headers.length;
  const letter = String.fromCharCode("A".charCodeAt(0) + width + 1);
  return `${letter}${row + 2}`;
}

/** Adds a row for a pair without records (its key is surely new) at `sellDate`; pushes it; returns its id. */
async function pushNewRow(sellDate: string, quantity: number): Promise<number> {
  const row = await addRowForPair(tableName, h.sim.findUnlinkedPair(), sellDate, quantity);
  const pushed = await confirmChanges(await prepareChanges(session), session, OPTS);
  expect(pushed).toMatchObject({ sent: 1, created: 1, writtenBack: 1 });
  const id = await cell(row, "id");
  expect(typeof id).toBe("number");
  return id as number;
}

const salesGets = (from: number) =>
  h.sim.requests.slice(from).filter((r) => r.method === "GET" && r.path.endsWith("/sales"));
const lookups = (from: number) =>
  salesGets(from)
    .filter((r) => r.query.start_date !== QUERY.startDate)
    .map((r) => [r.query.start_date, r.query.duration]);

test("a refresh after Push changes created a row outside the window keeps the row and the note typed beside it", async () => {
  await pull(QUERY);
  const id = await pushNewRow(OUTSIDE, 42);
  const row = await rowOf(id);
  const note = await noteCell(row);
  host.setValues(sheetName, note, [["call the buyer"]]);
  const from = h.sim.requests.length;

  const result = await refreshActiveSheet(session);

  expect(result).toMatchObject({ updated: 0, added: 0, removed: 0, rowCount: pulledRows + 1 });
  expect(refreshedMessage(result).text).toContain(": no changes;");
  expect(await rowOf(id)).toBe(row);
  expect(await cell(row, "quantity")).toBe(42);
  expect(host.getValues(sheetName, note)).toEqual([["call the buyer"]]);
  // looked up at the row's own date, one GET
  expect(lookups(from)).toEqual([[OUTSIDE, "0"]]);
});

test("a record outside the window that changed in Claret is updated in place like any other", async () => {
  await pull(QUERY);
  const id = await pushNewRow(OUTSIDE, 42);
  const row = await rowOf(id);
  h.sim.setQuantities("History", [{ id, quantity: 77 }]);

  const result = await refreshActiveSheet(session);

  expect(result).toMatchObject({ updated: 1, added: 0, removed: 0, rowCount: pulledRows + 1 });
  expect(await rowOf(id)).toBe(row);
  expect(await cell(row, "quantity")).toBe(77);
});

test("a row whose record Claret really deleted is still removed, kept on the sheet with the note typed beside it", async () => {
  await pull(QUERY);
  const kept = await pushNewRow(OUTSIDE, 42);
  const gone = await pushNewRow("2030-02-01", 43);
  const inside = (await readTable(tableName)).values[5][await column("id")] as number;
  host.setValues(sheetName, await noteCell(await rowOf(gone)), [["typed by the planner"]]);
  expect(h.sim.deleteRecord("History", gone)).toBe(true);
  expect(h.sim.deleteRecord("History", inside)).toBe(true);
  const from = h.sim.requests.length;

  const result = await refreshActiveSheet(session);

  expect(result).toMatchObject({
    updated: 0,
    added: 0,
    removed: 2,
    keptOnRemovedSheet: 1,
    rowCount: pulledRows,
  });
  expect(refreshedMessage(result).text).toContain(
    `0 updated, 0 added, 2 removed (1 of them kept on "Removed by refresh"`
  );
  expect(await rowOf(gone)).toBe(-1);
  expect(await rowOf(inside)).toBe(-1);
  expect(await rowOf(kept)).toBeGreaterThanOrEqual(0);
  // neighbouring months share one GET; the row inside the window is not asked about again
  expect(lookups(from)).toEqual([[OUTSIDE, "31"]]);
});

test("when Claret returns every id of the table, a refresh asks for the stored window only", async () => {
  await pull(QUERY);
  const [first] = h.sim.salesOf("History");
  h.sim.setQuantities("History", [{ id: first.id, quantity: 5 }]);
  const from = h.sim.requests.length;

  const result = await refreshActiveSheet(session);

  expect(result).toMatchObject({ updated: 1, removed: 0 });
  expect(salesGets(from).length).toBeGreaterThan(0);
  expect(lookups(from)).toEqual([]);
});

test("a table pulled with the hierarchy gets the hierarchy of a record found outside the window", async () => {
  await pull({ ...QUERY, includeHierarchy: true });
  const id = await pushNewRow(OUTSIDE, 42);
  const record = h.sim
    .salesOf("History", { includeHierarchy: true })
    .find((r) => r.id === id) as unknown as Record<string, unknown>;
  const hierarchyKeys = (await readTable(tableName)).headers.filter((k) =>
    /^(item|customer_group)_(?!name)/.test(k)
  );
  expect(hierarchyKeys.length).toBeGreaterThan(0);

  await refreshActiveSheet(session);

  const row = await rowOf(id);
  expect(row).toBeGreaterThanOrEqual(0);
  for (const key of hierarchyKeys) expect([key, await cell(row, key)]).toEqual([key, record[key]]);
  // and a second refresh finds nothing to change
  expect(await refreshActiveSheet(session)).toMatchObject({ updated: 0, added: 0, removed: 0 });
});

test("Undo's refresh keeps a row outside the window and shows the quantity put back", async () => {
  await pull(QUERY);
  const id = await pushNewRow(OUTSIDE, 42);
  const row = await rowOf(id);
  const note = await noteCell(row);
  host.setValues(sheetName, note, [["my note"]]);
  await setCell(row, "quantity", 43);
  await confirmChanges(await prepareChanges(session), session, OPTS);

  const summary = await confirmUndo(await prepareUndo(), session);

  expect(summary).toMatchObject({ undone: 1, conflicts: [], failed: 0, refreshed: true });
  expect(await rowOf(id)).toBe(row);
  expect(await cell(row, "quantity")).toBe(42);
  expect(host.getValues(sheetName, note)).toEqual([["my note"]]);
});

test("a session that ended before the refresh asks for a sign-in once: the lookup outside the window uses the new session", async () => {
  await pull(QUERY);
  const id = await pushNewRow(OUTSIDE, 42);
  h.sim.revokeTokens();
  const reasons: unknown[] = [];
  const reauthenticate = async (reason: unknown) => {
    reasons.push(reason);
    return { ...h.freshSession(), email: h.sim.email };
  };

  const result = await refreshActiveSheet(session, { reauthenticate });

  expect(reasons).toHaveLength(1);
  expect(result).toMatchObject({ removed: 0, rowCount: pulledRows + 1 });
  expect(await rowOf(id)).toBeGreaterThanOrEqual(0);
});
