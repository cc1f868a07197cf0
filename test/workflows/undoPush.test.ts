// Undo last push: through the push log, the emulator and the simulator; the colleague (a second
// Claret sign-in) changes a record after the push.
import { createToken, postSales, type ClaretSession } from "../../src/claret";
import { confirmChanges, prepareChanges } from "../../src/workflows/push/pushChanges";
import { toUserMessage } from "../../src/workflows/messages";
import { confirmUndo, prepareUndo } from "../../src/workflows/push/undoPush";
import { changesOptions, pullTable, recordOfRow as recordOf } from "../helpers/pulledTable";
import type { SimulatorHarness } from "../helpers/simulator";
import type { ExcelHost } from "../helpers/excelHost";
import { activateSheet, readTable, setTableCell, tableRows } from "../helpers/workbook";

let host: ExcelHost;
let h: SimulatorHarness;
let session: ClaretSession;
let tableName: string;
let sheetName: string;
beforeEach(async () => {
  ({ host, h, session, tableName, sheetName } = await pullTable(120));
});
afterEach(() => h.close());

const OPTS = changesOptions({ createMissingLinks: true });

const setCell = (row: number, header: string, value: string | number) =>
  setTableCell(tableName, row, header, value);
const recordOfRow = (row: number) => recordOf(h, tableName, row);
const claret = (id: number) => h.sim.salesOf("History").find((r) => r.id === id)!;
const logRows = () => tableRows("ClaretPushLog");

async function pushEdits(edits: Array<[number, number]>): Promise<void> {
  for (const [row, q] of edits) await setCell(row, "quantity", q);
  await confirmChanges(await prepareChanges(session), session, OPTS);
}

test("undo puts back the old quantity of every record the last push updated, logs it and refreshes the table", async () => {
  const before = [await recordOfRow(2), await recordOfRow(9)];
  await pushEdits([
    [2, 1000],
    [9, 2000],
  ]);
  expect(claret(before[0].id).quantity).toBe(1000);
  const preview = await prepareUndo();
  expect(preview.toRestore.map((r) => [r.id, r.pushed, r.old])).toEqual([
    [before[0].id, 1000, before[0].quantity],
    [before[1].id, 2000, before[1].quantity],
  ]);
  const summary = await confirmUndo(preview, session);
  expect(summary).toMatchObject({
    undone: 2,
    conflicts: [],
    created: [],
    failed: 0,
    refreshed: true,
  });
  expect(claret(before[0].id).quantity).toBe(before[0].quantity);
  expect(claret(before[1].id).quantity).toBe(before[1].quantity);
  const undo = (await logRows()).filter((r) => r.action === "Undo last push");
  expect(undo.map((r) => [r.id, r.old_quantity, r.new_quantity, r.outcome])).toEqual([
    [before[0].id, 1000, before[0].quantity, "undone"],
    [before[1].id, 2000, before[1].quantity, "undone"],
  ]);
  // the table shows Claret's values again, so Push changes finds nothing
  expect((await recordOfRow(2)).quantity).toBe(before[0].quantity);
  const t = await readTable(tableName);
  expect(t.values[2][t.headers.indexOf("quantity")]).toBe(before[0].quantity);
  expect((await prepareChanges(session)).rows).toEqual([]);
});

test("a record the colleague changed after the push is a conflict: not undone, listed, the colleague's value kept", async () => {
  const recs = [await recordOfRow(3), await recordOfRow(4)];
  await pushEdits([
    [3, 30],
    [4, 40],
  ]);
  const colleague = await createToken(
    { baseUrl: h.sim.url, tenant: "demo" },
    h.sim.colleague.email,
    h.sim.colleague.password
  );
  await postSales(colleague, { sale_type_name: "History", create_missing_item_customer_group: 0 }, [
    {
      item_name: recs[0].item_name,
      customer_group_name: recs[0].customer_group_name,
      sell_date: recs[0].sell_date,
      timing_interval_name: "month",
      quantity: 31,
    },
  ]);
  await activateSheet(sheetName);
  const summary = await confirmUndo(await prepareUndo(), session);
  expect(summary.undone).toBe(1);
  expect(summary.conflicts).toEqual([
    expect.objectContaining({ id: recs[0].id, pushed: 30, claretQuantity: 31 }),
  ]);
  expect(summary.sentence).toContain(
    `1 record changed in Claret since the push and was not undone: ${recs[0].item_name}, ${recs[0].customer_group_name}, ${recs[0].sell_date} (Claret holds 31, the push wrote 30).`
  );
  expect(claret(recs[0].id).quantity).toBe(31);
  expect(claret(recs[1].id).quantity).toBe(recs[1].quantity);
  const undo = (await logRows()).filter((r) => r.action === "Undo last push");
  expect(undo.map((r) => [r.id, r.outcome])).toEqual([
    [recs[1].id, "undone"],
    [recs[0].id, "not undone"],
  ]);
});

test("records the push created cannot be deleted through Claret's API: the result names each one", async () => {
  const pair = h.sim.findUnlinkedPair();
  await Excel.run(async (context) => {
    context.workbook.tables
      .getItem(tableName)
      .rows.add(undefined, [
        [
          "2022-02-01",
          pair.item_name,
          pair.customer_group_name,
          5,
          "",
          "month",
          "History",
          "",
          "",
          "",
        ],
      ]);
    await context.sync();
  });
  await pushEdits([[0, 77]]);
  const created = h.sim
    .salesOf("History")
    .find(
      (r) => r.item_name === pair.item_name && r.customer_group_name === pair.customer_group_name
    )!;
  const preview = await prepareUndo();
  expect(preview.created).toEqual([expect.objectContaining({ id: created.id, pushed: 5 })]);
  const summary = await confirmUndo(preview, session);
  expect(summary.undone).toBe(1);
  expect(summary.sentence).toContain(
    `The push created 1 record, which Claret's API cannot delete; remove it in Claret: ${pair.item_name}, ${pair.customer_group_name}, 2022-02-01 (id ${created.id}).`
  );
  expect(claret(created.id)).toMatchObject({ quantity: 5 });
  const undo = (await logRows()).filter((r) => r.action === "Undo last push");
  expect(undo.find((r) => r.id === created.id)).toMatchObject({ outcome: "not undone" });
});

test("with no push in the log there is nothing to undo, and an undo is not undone twice", async () => {
  await expect(prepareUndo()).rejects.toMatchObject({
    intent: "info",
    userMessage: expect.stringMatching(/^Nothing to undo: this workbook has no push/),
  });
  await pushEdits([[1, 11]]);
  await confirmUndo(await prepareUndo(), session);
  await expect(prepareUndo()).rejects.toMatchObject({
    userMessage: expect.stringMatching(
      /^Nothing to undo: the last entry in the push log is the undo/
    ),
  });
});

test("an undo signed in to another Claret host with a tenant of the same name is refused, naming both; nothing is sent or written", async () => {
  const rec = await recordOfRow(2);
  await pushEdits([[2, 1000]]);
  const [pushed] = await logRows();
  expect(pushed).toMatchObject({ tenant: "demo", base_url: session.baseUrl });
  // "localhost" reaches the same simulator, so anything the undo sent would land: another host name is another Claret
  const staging: ClaretSession = {
    ...session,
    baseUrl: session.baseUrl.replace("127.0.0.1", "localhost"),
  };
  const preview = await prepareUndo();
  expect(preview).toMatchObject({ tenant: "demo", baseUrl: session.baseUrl });
  const before = host.snapshot();
  const requests = h.sim.requests.length;
  const failure = await confirmUndo(preview, staging).catch((e: unknown) => e);
  expect(toUserMessage(failure)).toEqual({
    intent: "error",
    needsSignIn: true,
    text: `The last push went to Claret at ${session.baseUrl} (tenant demo); you are signed in to ${staging.baseUrl} (tenant demo). Sign in to ${session.baseUrl} (tenant demo) to undo it. Nothing was changed.`,
  });
  expect(h.sim.requests.length).toBe(requests);
  expect(claret(rec.id).quantity).toBe(1000);
  expect(host.snapshot()).toEqual(before);
  // the same Claret written another way (host case, a trailing slash) undoes it
  const sameClaret = { ...session, baseUrl: `${session.baseUrl.toUpperCase()}/` };
  expect((await confirmUndo(preview, sameClaret)).undone).toBe(1);
  expect(claret(rec.id).quantity).toBe(rec.quantity);
});

test("a push an older version logged (no base_url column) is undone on the Claret its table was pulled from, and refused elsewhere", async () => {
  const rec = await recordOfRow(5);
  await pushEdits([[5, 555]]);
  await Excel.run(async (context) => {
    context.workbook.tables.getItem("ClaretPushLog").columns.getItem("base_url").delete();
    await context.sync();
  });
  const preview = await prepareUndo();
  expect(preview.baseUrl).toBe(session.baseUrl); // from the stored query of the table the push came from
  const staging = { ...session, baseUrl: session.baseUrl.replace("127.0.0.1", "localhost") };
  await expect(confirmUndo(preview, staging)).rejects.toMatchObject({
    userMessage: expect.stringMatching(/^The last push went to Claret at http:\/\/127\.0\.0\.1:/),
  });
  expect(claret(rec.id).quantity).toBe(555);
  expect((await confirmUndo(preview, session)).undone).toBe(1);
  expect(claret(rec.id).quantity).toBe(rec.quantity);
  // the undo's own rows brought the column back, under its header
  const undo = (await logRows()).filter((r) => r.action === "Undo last push");
  expect(undo).toEqual([expect.objectContaining({ id: rec.id, base_url: session.baseUrl })]);
});

test("an old push whose table is gone and whose log names no base URL is not undone anywhere", async () => {
  await pushEdits([[6, 66]]);
  await Excel.run(async (context) => {
    const log = context.workbook.tables.getItem("ClaretPushLog");
    log.columns.getItem("base_url").delete();
    context.workbook.tables.getItem(tableName).delete();
    await context.sync();
  });
  const preview = await prepareUndo();
  expect(preview.baseUrl).toBe("");
  const requests = h.sim.requests.length;
  await expect(confirmUndo(preview, session)).rejects.toMatchObject({
    userMessage: expect.stringMatching(
      /^The push log does not say which Claret the last push went to \(tenant demo\): an older version of the add-in logged it\./
    ),
  });
  expect(h.sim.requests.length).toBe(requests);
});
