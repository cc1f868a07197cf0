// Push changes end to end: a table pulled through the real adapters into the Excel emulator,
// edited through Office.js, compared with the Claret simulator over real HTTP; a second Claret
// sign-in (the colleague) changes records behind the planner's back.
import { createToken, postSales, type ClaretSession, type SaleRecord } from "../../src/claret";
import type { ChangesSummary } from "../../src/workflows/api";
import { confirmChanges, prepareChanges } from "../../src/workflows/push/pushChanges";
import { noChangesText } from "../../src/workflows/push/pushMessages";
import type { ExcelHost } from "../helpers/excelHost";
import { changesOptions, pullTable, recordOfRow as recordOf } from "../helpers/pulledTable";
import type { SimulatorHarness } from "../helpers/simulator";
import { readTable, setTableCell, tableCell } from "../helpers/workbook";

let h: SimulatorHarness;
let session: ClaretSession;
let colleague: ClaretSession;
let tableName: string;
let host: ExcelHost;
beforeEach(async () => {
  ({ host, h, session, tableName } = await pullTable(300));
  colleague = await createToken(
    { baseUrl: h.sim.url, tenant: "demo" },
    h.sim.colleague.email,
    h.sim.colleague.password
  );
});
afterEach(() => h.close());

const OPTS = changesOptions({ createMissingLinks: false });

const setCell = (row: number, header: string, value: string | number) =>
  setTableCell(tableName, row, header, value);
const cell = (row: number, header: string) => tableCell(tableName, row, header);
const recordOfRow = (row: number) => recordOf(h, tableName, row);

/** The colleague changes a record in Claret through the API. */
async function colleagueWrites(rec: SaleRecord, quantity: number): Promise<void> {
  await postSales(colleague, { sale_type_name: "History", create_missing_item_customer_group: 0 }, [
    {
      item_name: rec.item_name,
      customer_group_name: rec.customer_group_name,
      sell_date: rec.sell_date,
      timing_interval_name: rec.timing_interval_span,
      quantity,
    },
  ]);
}

const posts = () => h.sim.requests.filter((r) => r.method === "POST" && r.path.endsWith("/sales"));

function expectAddsUp(s: ChangesSummary, tried: number): void {
  expect(s.sent + s.refused + s.unknown + s.notSent).toBe(tried);
}

test("a table just pulled has no changes, and says so without sending anything", async () => {
  const preview = await prepareChanges(session);
  expect(preview.rows).toEqual([]);
  expect(preview.counts.unchanged).toBe(300);
  await expect(confirmChanges(preview, session, OPTS)).rejects.toMatchObject({
    intent: "info",
    userMessage: `No changes to push: all 300 rows of table ${tableName} match Claret.`,
  });
  expect(posts()).toHaveLength(0);
});

test("edited quantities are sent alone, in one POST, and the table then carries Claret's new versions", async () => {
  const before = [await recordOfRow(3), await recordOfRow(200)];
  await setCell(3, "quantity", 1234);
  await setCell(200, "quantity", 0);
  const preview = await prepareChanges(session);
  expect(preview.counts).toMatchObject({ changed: 2, unchanged: 298 });
  expect(preview.rows.map((r) => [r.kind, r.address, r.oldQuantity, r.newQuantity])).toEqual([
    ["changed", "D5", before[0].quantity, 1234],
    ["changed", "D202", before[1].quantity, 0],
  ]);
  const summary = await confirmChanges(preview, session, OPTS);
  expect(summary).toMatchObject({ sent: 2, created: 0, refused: 0, unknown: 0, writtenBack: 2 });
  expectAddsUp(summary, 2);
  expect(summary.sentence).toBe("Sent 2 records to Claret (2 records updated).");
  expect(posts()).toHaveLength(1);
  const after = [await recordOfRow(3), await recordOfRow(200)];
  expect(after.map((r) => r.quantity)).toEqual([1234, 0]);
  expect(after[0].updated_at).not.toBe(before[0].updated_at);
  // the row's version is Claret's new one: a second Push changes finds nothing
  const again = await prepareChanges(session);
  expect(again.rows).toEqual([]);
  expect(again.counts.unchanged).toBe(300);
});

test("a record the colleague changed and the planner edited is a conflict, held back until the planner chooses", async () => {
  const rec = await recordOfRow(10);
  await colleagueWrites(rec, 777);
  await setCell(10, "quantity", 555);
  const preview = await prepareChanges(session);
  expect(preview.rows).toEqual([
    expect.objectContaining({ kind: "conflict", oldQuantity: 777, newQuantity: 555, id: rec.id }),
  ]);
  await expect(confirmChanges(preview, session, OPTS)).rejects.toMatchObject({
    intent: "info",
  });
  expect(posts()).toHaveLength(1); // the colleague's only
  expect((await recordOfRow(10)).quantity).toBe(777);
});

test("\"Keep my values\" sends the planner's value over the colleague's", async () => {
  const rec = await recordOfRow(10);
  await colleagueWrites(rec, 777);
  await setCell(10, "quantity", 555);
  const preview = await prepareChanges(session);
  const summary = await confirmChanges(preview, session, {
    ...OPTS,
    conflictChoices: { 10: "mine" },
  });
  expect(summary).toMatchObject({ sent: 1, tookClaret: 0 });
  expect((await recordOfRow(10)).quantity).toBe(555);
  expect((await prepareChanges(session)).rows).toEqual([]);
});

test("\"Take Claret's values\" writes Claret's value and version into the row and sends nothing", async () => {
  const rec = await recordOfRow(10);
  await colleagueWrites(rec, 777);
  await setCell(10, "quantity", 555);
  const preview = await prepareChanges(session);
  const summary = await confirmChanges(preview, session, {
    ...OPTS,
    conflictChoices: { 10: "claret" },
  });
  expect(summary).toMatchObject({ sent: 0, tookClaret: 1 });
  expect(posts()).toHaveLength(1); // the colleague's only
  expect(await cell(10, "quantity")).toBe(777);
  expect((await prepareChanges(session)).rows).toEqual([]);
});

test("a conflict that arises between the preview and the confirm: that row is not sent, and is reported", async () => {
  const recs = [await recordOfRow(5), await recordOfRow(6)];
  await setCell(5, "quantity", 50);
  await setCell(6, "quantity", 60);
  const preview = await prepareChanges(session);
  expect(preview.counts.changed).toBe(2);
  await colleagueWrites(recs[0], 999); // after the preview, before the confirm
  const summary = await confirmChanges(preview, session, OPTS);
  expect(summary.sent).toBe(1);
  expect(summary.arose).toEqual([
    expect.objectContaining({
      address: "D7",
      id: recs[0].id,
      reason: "changed",
      claretQuantity: 999,
    }),
  ]);
  expect(summary.sentence).toMatch(
    /1 row was not sent because Claret changed since the preview: D7/
  );
  expect((await recordOfRow(5)).quantity).toBe(999);
  expect((await recordOfRow(6)).quantity).toBe(60);
});

test("a new row with key and quantity is created, and gets its id and version in the table", async () => {
  // a pair without a link has no records: the row's key is surely new
  const pair = h.sim.findUnlinkedPair();
  await Excel.run(async (context) => {
    const table = context.workbook.tables.getItem(tableName);
    table.rows.add(undefined, [
      [
        "2021-03-01",
        pair.item_name,
        pair.customer_group_name,
        42,
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
  const preview = await prepareChanges(session);
  expect(preview.rows).toEqual([
    expect.objectContaining({ kind: "new", id: null, newQuantity: 42, address: "D302" }),
  ]);
  const summary = await confirmChanges(preview, session, { ...OPTS, createMissingLinks: true });
  expect(summary).toMatchObject({ sent: 1, created: 1, writtenBack: 1 });
  const id = await cell(300, "id");
  expect(typeof id).toBe("number");
  expect(h.sim.salesOf("History").find((r) => r.id === id)).toMatchObject({
    quantity: 42,
    item_name: pair.item_name,
  });
  expect(await cell(300, "uom_abbr")).toBe("9LE");
  expect((await prepareChanges(session)).rows).toEqual([]);
});

test("an edited key is listed on its own and sent only once the planner confirms it means a new record", async () => {
  const rec = await recordOfRow(20);
  await setCell(20, "sell_date", "2030-01-01");
  const preview = await prepareChanges(session);
  expect(preview.rows).toEqual([
    expect.objectContaining({
      kind: "keyChanged",
      id: rec.id,
      sell_date: "2030-01-01",
      was: expect.objectContaining({ sell_date: rec.sell_date }),
    }),
  ]);
  await expect(confirmChanges(preview, session, OPTS)).rejects.toMatchObject({
    intent: "info",
  });
  const summary = await confirmChanges(preview, session, { ...OPTS, sendKeyChanges: true });
  expect(summary).toMatchObject({ sent: 1, created: 1 });
  const all = h.sim.salesOf("History");
  expect(all.find((r) => r.id === rec.id)).toEqual(rec); // the old record stays
  expect(all.find((r) => r.sell_date === "2030-01-01")).toMatchObject({ item_name: rec.item_name });
});

test("a row whose record is gone from Claret is listed, and nothing is sent for it", async () => {
  const rec = await recordOfRow(30);
  h.sim.deleteRecord("History", rec.id);
  await setCell(30, "quantity", 3);
  const preview = await prepareChanges(session);
  expect(preview.rows).toEqual([
    expect.objectContaining({ kind: "gone", id: rec.id, sendable: false }),
  ]);
  // the gone row is listed in the preview; there is nothing to send
  await expect(confirmChanges(preview, session, OPTS)).rejects.toMatchObject({
    name: "WorkflowError",
    userMessage: noChangesText(preview),
  });
  expect(posts()).toHaveLength(0);
});

test("the comparison re-reads Claret with GETs only and writes nothing to Excel", async () => {
  await setCell(3, "quantity", 1);
  const before = await readTable(tableName);
  const requests = h.sim.requests.length;
  await prepareChanges(session);
  expect(h.sim.requests.slice(requests).every((r) => r.method === "GET")).toBe(true);
  expect(await readTable(tableName)).toEqual(before);
});

test("a table whose planner notes hold 6 MB of text is compared in reads that each stay under the 5 MB limit", async () => {
  const t = await readTable(tableName);
  const rows = t.values.length;
  const noteColumn = String.fromCharCode(65 + t.headers.length); // right of the last column: Excel adds it to the table
  host.setValue(t.sheetName, `${noteColumn}1`, "note");
  host.setValues(
    t.sheetName,
    `${noteColumn}2:${noteColumn}${rows + 1}`,
    Array.from({ length: rows }, (_, i) => [`${i} `.padEnd(10_000, "é")])
  );
  host.resetSyncLog();

  const preview = await prepareChanges(session);

  expect(preview.counts.unchanged).toBe(rows);
  expect(host.syncLog.filter((s) => s.error)).toEqual([]);
  expect(Math.max(...host.syncLog.map((s) => s.responseBytes))).toBeLessThan(5_000_000);
});

test("rows to send whose notes are long are read whole, in answers that each stay under the 5 MB limit", async () => {
  const t = await readTable(tableName);
  const letters = (c: number): string =>
    (c >= 26 ? letters(Math.floor(c / 26) - 1) : "") + String.fromCharCode(65 + (c % 26));
  // 40 note columns right of the table (Excel adds them to it), each cell 32,000 characters of 2 bytes: 2.5 MB a row
  const first = t.headers.length;
  const last = first + 39;
  host.setValues(t.sheetName, `${letters(first)}1:${letters(last)}1`, [
    Array.from({ length: 40 }, (_, k) => `note ${k + 1}`),
  ]);
  const note = "é".repeat(32_000);
  host.setValues(
    t.sheetName,
    `${letters(first)}5:${letters(last)}7`,
    Array.from({ length: 3 }, () => Array.from({ length: 40 }, () => note))
  );
  for (const row of [3, 4, 5]) await setCell(row, "quantity", 1000 + row);
  host.resetSyncLog();

  const preview = await prepareChanges(session);

  expect(preview.counts.changed).toBe(3);
  expect(preview.errors).toEqual([]);
  expect(preview.rows.every((r) => r.sendable)).toBe(true);
  // the three rows together were refused as too large for one answer, then read in halves
  expect(host.syncLog.map((s) => s.error).filter(Boolean)).toContain(
    "ResponsePayloadSizeLimitExceeded"
  );
  const answered = host.syncLog.filter((s) => !s.error);
  expect(Math.max(...answered.map((s) => s.responseBytes))).toBeLessThan(5_000_000);
  // the three long rows were read: more than 7 MB in all
  expect(answered.reduce((n, s) => n + s.responseBytes, 0)).toBeGreaterThan(7_000_000);
});

test("rows the planner sorted between the preview and the confirm get Claret's new versions in the rows that hold their ids", async () => {
  const edited = [await recordOfRow(3), await recordOfRow(200)];
  await setCell(3, "quantity", 1234);
  await setCell(200, "quantity", 0);
  const preview = await prepareChanges(session);
  // id descending: the rows the preview read are now elsewhere
  await Excel.run(async (context) => {
    const table = context.workbook.tables.getItem(tableName);
    const headers = table.getHeaderRowRange().load("values");
    await context.sync();
    table.sort.apply([{ key: (headers.values[0] as string[]).indexOf("id"), ascending: false }]);
    await context.sync();
  });

  const summary = await confirmChanges(preview, session, OPTS);

  expect(summary).toMatchObject({ sent: 2, writtenBack: 2, notWrittenBack: 0 });
  const t = await readTable(tableName);
  const col = (h: string) => t.headers.indexOf(h);
  for (const [rec, quantity] of [
    [edited[0], 1234],
    [edited[1], 0],
  ] as const) {
    const row = t.values.find((r) => r[col("id")] === rec.id)!;
    expect(row[col("quantity")]).toBe(quantity);
  }
  // every row carries its own record's version: a second Push changes finds nothing
  const again = await prepareChanges(session);
  expect(again.rows).toEqual([]);
});

test("the preview shows what the POST will carry: a quantity typed as text shows as the number sent", async () => {
  const recs = [await recordOfRow(1), await recordOfRow(2)];
  await Excel.run(async (context) => {
    const table = context.workbook.tables.getItem(tableName);
    const headers = table.getHeaderRowRange().load("values");
    await context.sync();
    const q = (headers.values[0] as string[]).indexOf("quantity");
    const body = table.getDataBodyRange();
    for (const [row, typed] of [
      [1, " 12 "],
      [2, "1,200"],
    ] as const) {
      const c = body.getCell(row, q);
      c.numberFormat = [["@"]]; // text, as a planner's pasted cells are: Excel keeps what was typed
      c.values = [[typed]];
    }
    await context.sync();
  });
  expect([await cell(1, "quantity"), await cell(2, "quantity")]).toEqual([" 12 ", "1,200"]);
  const preview = await prepareChanges(session);
  expect(preview.rows.map((r) => [r.id, r.sell_date, r.oldQuantity, r.newQuantity])).toEqual([
    [recs[0].id, recs[0].sell_date, recs[0].quantity, 12],
    [recs[1].id, recs[1].sell_date, recs[1].quantity, 1200],
  ]);
  const summary = await confirmChanges(preview, session, OPTS);
  expect(summary.sent).toBe(2);
  const claret = (id: number) => h.sim.salesOf("History").find((r) => r.id === id)!.quantity;
  expect([claret(recs[0].id), claret(recs[1].id)]).toEqual([12, 1200]);
});
