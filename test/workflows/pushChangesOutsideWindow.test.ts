// Push changes on rows whose records lie outside the table's stored window (start_date + duration):
// a new row dated later, a key change to a date outside it. Claret still holds those records, so
// the next comparison must find them (by their sell dates), not call them gone. Real HTTP to the
// simulator, the real adapters through the emulator.
import type { ClaretSession, SaleRecord } from "../../src/claret";
import { confirmChanges, prepareChanges } from "../../src/workflows/push/pushChanges";
import { confirmUndo, prepareUndo } from "../../src/workflows/push/undoPush";
import { addRowForPair, changesOptions, pullTable } from "../helpers/pulledTable";
import { ALL_HISTORY as QUERY, type SimulatorHarness } from "../helpers/simulator";
import { setTableCell, tableCell } from "../helpers/workbook";

// the window ends 2024-12-31: the simulator's History runs to 2024-12-01
const OUTSIDE = "2030-01-01";

let h: SimulatorHarness;
let session: ClaretSession;
let tableName: string;
beforeEach(async () => {
  ({ h, session, tableName } = await pullTable(200));
});
afterEach(() => h.close());

const OPTS = changesOptions({ createMissingLinks: true });

const setCell = (row: number, header: string, value: string | number) =>
  setTableCell(tableName, row, header, value);
const cell = (row: number, header: string) => tableCell(tableName, row, header);

/** Adds a row for a pair without records (its key is surely new) at `sellDate`; returns its data row. */
const addNewRow = (sellDate: string, quantity: number, pair = h.sim.findUnlinkedPair()) =>
  addRowForPair(tableName, pair, sellDate, quantity);

const claret = (id: unknown): SaleRecord | undefined =>
  h.sim.salesOf("History").find((r) => r.id === id);

const salesGets = (from: number) =>
  h.sim.requests.slice(from).filter((r) => r.method === "GET" && r.path.endsWith("/sales"));

test("a row created outside the stored window is not gone on the next Push changes: it matches Claret", async () => {
  const row = await addNewRow(OUTSIDE, 42);
  const created = await confirmChanges(await prepareChanges(session), session, OPTS);
  expect(created).toMatchObject({ sent: 1, created: 1, writtenBack: 1 });
  const id = await cell(row, "id");
  expect(claret(id)).toMatchObject({ sell_date: OUTSIDE, quantity: 42 });

  const again = await prepareChanges(session);

  expect(again.counts).toMatchObject({ gone: 0, unchanged: 201 });
  expect(again.rows).toEqual([]);
});

test("an edit to a row outside the stored window is classified as changed, and sent", async () => {
  const row = await addNewRow(OUTSIDE, 42);
  await confirmChanges(await prepareChanges(session), session, OPTS);
  const id = await cell(row, "id");
  await setCell(row, "quantity", 43);

  const preview = await prepareChanges(session);

  expect(preview.rows).toEqual([
    expect.objectContaining({ kind: "changed", id, oldQuantity: 42, newQuantity: 43 }),
  ]);
  const summary = await confirmChanges(preview, session, OPTS);
  expect(summary).toMatchObject({ sent: 1, created: 0, writtenBack: 1 });
  expect(claret(id)).toMatchObject({ quantity: 43 });
  expect((await prepareChanges(session)).rows).toEqual([]);
});

test("a key change that moves a row outside the stored window is not gone after it is sent", async () => {
  await setCell(20, "sell_date", OUTSIDE);
  const summary = await confirmChanges(await prepareChanges(session), session, {
    ...OPTS,
    sendKeyChanges: true,
  });
  expect(summary).toMatchObject({ sent: 1, created: 1, writtenBack: 1 });
  const id = await cell(20, "id");
  expect(claret(id)).toMatchObject({ sell_date: OUTSIDE });

  const again = await prepareChanges(session);

  expect(again.counts.gone).toBe(0);
  expect(again.rows).toEqual([]);
});

test("the rows outside the window are looked up by their sell dates only: one GET for neighbouring months", async () => {
  const rows = [
    await addNewRow("2030-01-01", 1),
    await addNewRow("2030-02-01", 2),
    await addNewRow("2030-03-01", 3),
  ];
  await confirmChanges(await prepareChanges(session), session, OPTS);
  for (const row of rows) expect(typeof (await cell(row, "id"))).toBe("number");
  const from = h.sim.requests.length;

  const again = await prepareChanges(session);

  expect(again.rows).toEqual([]);
  const lookups = salesGets(from).filter((r) => r.query.start_date !== QUERY.startDate);
  expect(lookups.map((r) => [r.query.start_date, r.query.duration])).toEqual([
    ["2030-01-01", "59"],
  ]);
});

test("a record outside the window that Claret no longer has is gone", async () => {
  const row = await addNewRow(OUTSIDE, 42);
  await confirmChanges(await prepareChanges(session), session, OPTS);
  const id = await cell(row, "id");
  h.sim.deleteRecord("History", id as number);

  const preview = await prepareChanges(session);

  // the row's date reads as a date, as in the table
  expect(preview.rows).toEqual([
    expect.objectContaining({ kind: "gone", id, sell_date: OUTSIDE, sendable: false }),
  ]);
});

test("when every id is found in the window, the comparison asks Claret for the window only", async () => {
  await setCell(3, "quantity", 1234);
  const from = h.sim.requests.length;

  const preview = await prepareChanges(session);

  expect(preview.counts).toMatchObject({ changed: 1, unchanged: 199 });
  const gets = salesGets(from);
  expect(gets.length).toBeGreaterThan(0);
  expect(gets.every((r) => r.query.start_date === QUERY.startDate)).toBe(true);
});

test("undo puts back a record outside the stored window (it reads Claret at the record's own date)", async () => {
  const row = await addNewRow(OUTSIDE, 42);
  await confirmChanges(await prepareChanges(session), session, OPTS);
  const id = await cell(row, "id");
  await setCell(row, "quantity", 43);
  await confirmChanges(await prepareChanges(session), session, OPTS);
  expect(claret(id)).toMatchObject({ quantity: 43 });

  const summary = await confirmUndo(await prepareUndo(), session);

  expect(summary).toMatchObject({ undone: 1, conflicts: [], failed: 0 });
  expect(claret(id)).toMatchObject({ quantity: 42 });
});

test("a new row outside the window whose key Claret already holds is an error in the preview, not an overwrite", async () => {
  // the colleague's record at a date outside the table's window
  const pair = h.sim.findUnlinkedPair();
  const [theirs] = h.sim.insertRecords("History", [{ ...pair, sell_date: OUTSIDE, quantity: 9 }]);
  const row = await addNewRow(OUTSIDE, 42, pair); // the same pair at the same date

  const preview = await prepareChanges(session);

  expect(preview.rows).toEqual([
    expect.objectContaining({ kind: "new", rowIndex: row, sendable: false }),
  ]);
  expect(preview.errors).toEqual([
    expect.objectContaining({
      message: expect.stringContaining(`Claret's record ${theirs.id}, which is not in this table`),
    }),
  ]);
  await expect(confirmChanges(preview, session, OPTS)).rejects.toMatchObject({
    name: "WorkflowError",
    userMessage: expect.stringMatching(
      new RegExp(
        `^Nothing was sent: 1 row has errors \\(B${row + 2}: Claret already has a record .*` +
          `Claret's record ${theirs.id}, which is not in this table`
      )
    ),
  });
  expect(claret(theirs.id)).toMatchObject({ quantity: 9 });
});
