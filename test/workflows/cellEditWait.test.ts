// The planner starts typing in a cell while the add-in's work is between two of its syncs. Excel then holds the
// work's next request until they leave the cell (every run asks delayForCellEdit); meanwhile the add-in says it waits
// for them, and once they leave the cell the work completes as if nothing had happened.
import type { ClaretSession } from "../../src/claret";
import { onCellEditWait, waitingForCellEdit } from "../../src/workflows/cellEditWait";
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { confirmChanges, prepareChanges } from "../../src/workflows/push/pushChanges";
import { refreshActiveSheet } from "../../src/workflows/pullRefresh/refresh";
import { confirmUndo, prepareUndo } from "../../src/workflows/push/undoPush";
import type { ExcelHost } from "../helpers/excelHost";
import { changesOptions, pullTable } from "../helpers/pulledTable";
import { ALL_HISTORY, type SimulatorHarness } from "../helpers/simulator";
import { setTableCell, tableRows } from "../helpers/workbook";

// the add-in asks Excel whether it waits for a cell edit once a sync has been outstanding for a second
jest.setTimeout(30_000);

let h: SimulatorHarness;
let host: ExcelHost;
let session: ClaretSession;
let tableName: string;
beforeEach(async () => {
  ({ h, host, session, tableName } = await pullTable(120));
});
afterEach(() => h.close());

/**
 * Runs `work`; as soon as its first change has reached the workbook, the planner starts editing a cell. Once the
 * add-in says it waits for them (Excel holding a request of the work), they leave the cell. Returns the work's result.
 */
async function whileEditing<T>(work: () => Promise<T>): Promise<T> {
  const heard: boolean[] = [];
  let toldWaiting!: () => void;
  const told = new Promise<void>((resolve) => (toldWaiting = resolve));
  const stopListening = onCellEditWait((waiting) => {
    heard.push(waiting);
    if (waiting) toldWaiting();
  });
  const stopWatching = host.onChange(() => {
    stopWatching();
    host.editCell.start();
  });
  try {
    const running = work();
    await Promise.race([
      told,
      running.then(
        () => Promise.reject(new Error("the work ended without waiting for the cell edit")),
        (error: unknown) => Promise.reject(error)
      ),
    ]);
    expect(host.editCell.waiting).toBeGreaterThan(0);
    expect(waitingForCellEdit()).toBe(true);
    host.editCell.end();
    const result = await running;
    expect(heard).toEqual([true, false]);
    expect(waitingForCellEdit()).toBe(false);
    return result;
  } finally {
    stopWatching();
    stopListening();
    if (host.editCell.active) host.editCell.end();
  }
}

const QTY = "quantity";
const claretQuantities = () => new Map(h.sim.salesOf("History").map((r) => [r.id, r.quantity]));

/** Every row of the table carries its Claret record's quantity, and every record has its row. */
async function expectTableMatchesClaret(name: string): Promise<void> {
  const rows = await tableRows(name);
  const claret = claretQuantities();
  expect(rows).toHaveLength(claret.size);
  expect(new Map(rows.map((r) => [r.id as number, r[QTY]]))).toEqual(claret);
}

test("a refresh's apply waits while the planner edits a cell, then completes", async () => {
  const ids = (await tableRows(tableName)).map((r) => r.id as number);
  h.sim.setQuantities("History", [{ id: ids[3], quantity: 4321 }]);
  h.sim.deleteRecords("History", [ids[7]]);
  h.sim.insertRecords("History", [
    {
      item_name: "Edit Item",
      customer_group_name: "Edit Group",
      sell_date: "2024-03-01",
      quantity: 3,
    },
  ]);
  const result = await whileEditing(() => refreshActiveSheet(session));
  expect(result).toMatchObject({ updated: 1, added: 1, removed: 1 });
  await expectTableMatchesClaret(tableName);
});

test("a pull waits while the planner edits a cell, then completes", async () => {
  const result = await whileEditing(() => pullSales(session, ALL_HISTORY));
  expect(result.tableName).not.toBe(tableName);
  expect(result.rowCount).toBe(120);
  await expectTableMatchesClaret(result.tableName);
});

test("Push changes writes Claret's versions back while the planner edits a cell, once they leave it", async () => {
  await setTableCell(tableName, 5, QTY, 777);
  const preview = await prepareChanges(session);
  const summary = await whileEditing(() =>
    confirmChanges(preview, session, changesOptions({ createMissingLinks: false }))
  );
  expect(summary).toMatchObject({ sent: 1, refused: 0, unknown: 0 });
  const row = (await tableRows(tableName))[5];
  const record = h.sim.salesOf("History").find((r) => r.id === row.id)!;
  expect(record.quantity).toBe(777);
  // the table carries Claret's new version: a second Push changes finds nothing
  expect((await prepareChanges(session)).rows).toEqual([]);
  expect((await tableRows("ClaretPushLog")).map((r) => [r.id, r.new_quantity])).toEqual([
    [record.id, 777],
  ]);
});

test("Undo last push puts the old quantity back while the planner edits a cell, once they leave it", async () => {
  const before = (await tableRows(tableName))[5];
  await setTableCell(tableName, 5, QTY, 777);
  await confirmChanges(
    await prepareChanges(session),
    session,
    changesOptions({ createMissingLinks: false })
  );
  const preview = await prepareUndo();
  const summary = await whileEditing(() => confirmUndo(preview, session));
  expect(summary).toMatchObject({ undone: 1, failed: 0, refreshed: true });
  expect(claretQuantities().get(before.id as number)).toBe(before[QTY]);
  expect((await tableRows(tableName))[5][QTY]).toBe(before[QTY]);
  await expectTableMatchesClaret(tableName);
});

test("work that Excel answers at once sends no probe: every request of a refresh is its own, and waits for a cell edit", async () => {
  h.sim.setQuantities("History", [
    { id: (await tableRows(tableName))[3].id as number, quantity: 5 },
  ]);
  const heard: boolean[] = [];
  const stop = onCellEditWait((waiting) => heard.push(waiting));
  host.resetSyncLog();
  await refreshActiveSheet(session);
  stop();
  expect(host.syncLog.length).toBeGreaterThan(0);
  // the probe is the one run that does not ask delayForCellEdit (request flag 64)
  expect(host.syncLog.filter((s) => (s.flags & 64) === 0)).toEqual([]);
  expect(heard).toEqual([]);
});
