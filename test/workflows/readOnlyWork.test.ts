// Read-only work writes nothing (issue 20, §3): the workbook's date system is detected once — by the pull, in its
// staging sheet — and stored with the table's query; Push selection, Push changes and Undo last push read it from
// there, so their read phase adds no sheet and changes nothing (the emulator's sync log names every member that
// changed the workbook). A query stored before the date system was kept still loads, and its first refresh detects
// it (Excel evaluates DATE without a cell) and stores it.
import {
  queueReadStoredEntries,
  queueStoreQuery,
  readActiveTableQuery,
} from "../../src/excel/queryStore";
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { preparePush } from "../../src/workflows/push/push";
import { confirmChanges, prepareChanges } from "../../src/workflows/push/pushChanges";
import { refreshActiveSheet } from "../../src/workflows/pullRefresh/refresh";
import { prepareUndo } from "../../src/workflows/push/undoPush";
import { installExcelHost, type ExcelHost } from "../helpers/excelHost";
import { changesOptions } from "../helpers/pulledTable";
import { ALL_HISTORY, startSimulatorHarness, type SimulatorHarness } from "../helpers/simulator";
import { readTable, setTableCell } from "../helpers/workbook";

let h: SimulatorHarness;
let host: ExcelHost;
afterEach(() => h.close());

async function start(dateSystem: 1900 | 1904, records = 60) {
  host = installExcelHost({ dateSystem });
  h = await startSimulatorHarness({ records });
  const session = { ...h.session, email: h.sim.email };
  const pulled = await pullSales(session, ALL_HISTORY);
  return { session, ...pulled };
}

/** Every member that changed the workbook in the requests since the log was reset. */
const changes = () => host.syncLog.flatMap((r) => r.changedBy);
const sheetNames = () => host.sheets().map((s) => s.name);

/** The table's stored query written again as a version before the date system was kept would have stored it. */
async function forgetStoredDateSystem(): Promise<void> {
  const active = (await readActiveTableQuery())!;
  const { dateSystem: _dropped, ...older } = active.stored;
  await Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(active.sheetName);
    const current = queueReadStoredEntries(sheet, active.tableId);
    await context.sync();
    queueStoreQuery(sheet, active.tableId, older, current());
    await context.sync();
  });
  expect((await readActiveTableQuery())!.stored.dateSystem).toBeUndefined();
}

test.each([1900, 1904] as const)(
  "a pull in a %i workbook stores the date system with the table's query",
  async (dateSystem) => {
    await start(dateSystem);
    expect((await readActiveTableQuery())!.stored.dateSystem).toBe(dateSystem);
  }
);

test.each([1900, 1904] as const)(
  "in a %i workbook Push selection, Push changes and Undo last push read without adding a sheet or writing a cell",
  async (dateSystem) => {
    const { session, tableName, sheetName } = await start(dateSystem);
    await setTableCell(tableName, 3, "quantity", 777);
    await confirmChanges(
      await prepareChanges(session),
      session,
      changesOptions({ createMissingLinks: false })
    );
    await setTableCell(tableName, 5, "quantity", 555);
    const sheets = sheetNames();
    const t = await readTable(tableName);
    host.activate(sheetName);
    host.select(sheetName, t.address);
    host.resetSyncLog();

    const push = await preparePush();
    expect(push.errors).toEqual([]);
    const pushChanges = await prepareChanges(session);
    // the dates compared in the stored system: only the edited row differs
    expect(pushChanges.rows.map((r) => [r.kind, r.newQuantity])).toEqual([["changed", 555]]);
    const undo = await prepareUndo();
    expect(undo.toRestore).toHaveLength(1);

    expect(host.syncLog.length).toBeGreaterThan(0);
    expect(changes()).toEqual([]);
    expect(sheetNames()).toEqual(sheets);
  }
);

test("a query stored without the date system still loads; its first refresh detects it once, adding no sheet, and stores it", async () => {
  const { session, tableName } = await start(1904);
  await forgetStoredDateSystem();
  const sheets = sheetNames();

  // Push changes without a stored system: Excel evaluates DATE(1904,1,1) without a cell; nothing is written
  host.resetSyncLog();
  await setTableCell(tableName, 2, "quantity", 4242);
  host.resetSyncLog();
  const preview = await prepareChanges(session);
  expect(preview.rows.map((r) => [r.kind, r.newQuantity])).toEqual([["changed", 4242]]);
  expect(changes()).toEqual([]);

  // the refresh detects it the same way (no sheet added or deleted) and stores it with the query
  host.resetSyncLog();
  await refreshActiveSheet(session);
  expect(changes()).not.toContainEqual(
    expect.stringMatching(/^WorksheetCollection\.add|^Worksheet\.delete/)
  );
  expect(sheetNames()).toEqual(sheets);
  expect((await readActiveTableQuery())!.stored.dateSystem).toBe(1904);
});
