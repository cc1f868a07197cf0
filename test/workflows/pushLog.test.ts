// The push log: every push, by selection or by changes, appends one row per record to the table on
// sheet "Claret push log" (created on first use). Through the emulator and the simulator.
import type { ClaretSession } from "../../src/claret";
import { confirmPush, preparePush } from "../../src/workflows/push/push";
import { confirmChanges, prepareChanges } from "../../src/workflows/push/pushChanges";
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { changesOptions, pullTable, recordOfRow as recordOf } from "../helpers/pulledTable";
import { ALL_HISTORY as QUERY, type SimulatorHarness } from "../helpers/simulator";
import { listSheets, readTable, setTableCell, tableRows } from "../helpers/workbook";

const CONTRACT_HEADERS = [
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
];

let h: SimulatorHarness;
let session: ClaretSession;
let tableName: string;
beforeEach(async () => {
  ({ h, session, tableName } = await pullTable(100));
});
afterEach(() => h.close());

const OPTS = changesOptions({ createMissingLinks: false });

const setCell = (row: number, header: string, value: string | number) =>
  setTableCell(tableName, row, header, value);
const recordOfRow = (row: number) => recordOf(h, tableName, row);
const logRows = () => tableRows("ClaretPushLog");

test("a push of changes creates the log sheet and table on first use, one row per record sent", async () => {
  const rec = await recordOfRow(4);
  await setCell(4, "quantity", 4321);
  const summary = await confirmChanges(await prepareChanges(session), session, OPTS);
  expect(summary.log).toEqual({ rows: 1, error: null });
  expect(await listSheets()).toContainEqual({ name: "Claret push log", visibility: "Visible" });
  const t = await readTable("ClaretPushLog");
  expect(t.sheetName).toBe("Claret push log");
  expect(t.headers.slice(0, CONTRACT_HEADERS.length)).toEqual(CONTRACT_HEADERS);
  const [row] = await logRows();
  expect(row).toMatchObject({
    tenant: "demo",
    email: "planner@demo.test",
    sale_type_name: "History",
    item_name: rec.item_name,
    customer_group_name: rec.customer_group_name,
    sell_date: rec.sell_date,
    timing_interval_name: "month",
    old_quantity: rec.quantity,
    new_quantity: 4321,
    outcome: "sent",
    id: rec.id,
    base_url: session.baseUrl,
  });
  expect(String(row.pushed_at)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
});

test("a push by selection is logged too, and a second push appends below the first", async () => {
  await setCell(1, "quantity", 11);
  await confirmChanges(await prepareChanges(session), session, OPTS);
  await Excel.run(async (context) => {
    const table = context.workbook.tables.getItem(tableName);
    table.worksheet.activate();
    table.getDataBodyRange().getRow(7).select();
    await context.sync();
  });
  const rec = await recordOfRow(7);
  const summary = await confirmPush(await preparePush(), session, {
    saleTypeName: "History",
    createMissingLinks: false,
  });
  expect(summary.log).toEqual({ rows: 1, error: null });
  const rows = await logRows();
  expect(rows).toHaveLength(2);
  expect(rows[1]).toMatchObject({
    action: "Push selection",
    outcome: "sent",
    old_quantity: rec.quantity,
    new_quantity: rec.quantity,
    item_name: rec.item_name,
  });
});

test("text in the log stays text (the formula-injection rule of a pull), and no token or password is in it", async () => {
  const pair = h.sim.findUnlinkedPair();
  const [evil] = h.sim.insertRecords("History", [
    {
      item_name: '=HYPERLINK("http://x")',
      customer_group_name: pair.customer_group_name,
      sell_date: "2021-05-01",
      quantity: 1,
    },
  ]);
  tableName = (await pullSales(session, QUERY)).tableName;
  const t = await readTable(tableName);
  const row = t.values.findIndex((v) => v[t.headers.indexOf("id")] === evil.id);
  await setCell(row, "quantity", 2);
  await confirmChanges(await prepareChanges(session), session, OPTS);
  const log = await readTable("ClaretPushLog");
  const item = log.headers.indexOf("item_name");
  expect(log.values[0][item]).toBe('=HYPERLINK("http://x")');
  expect(log.formulas[0][item]).toBe('=HYPERLINK("http://x")');
  expect(log.numberFormat[0][item]).toBe("@");
  const everything = JSON.stringify(log);
  expect(everything).not.toContain(session.token);
  expect(everything).not.toContain(session.token.split("|")[1]);
  expect(everything).not.toMatch(/password/i);
});

test("a log that cannot be written never blocks the push: the result says so", async () => {
  await setCell(2, "quantity", 22);
  await confirmChanges(await prepareChanges(session), session, OPTS);
  // the planner typed right below the log table: appending would overwrite it
  await Excel.run(async (context) => {
    context.workbook.worksheets.getItem("Claret push log").getRange("A3").values = [["my note"]];
    await context.sync();
  });
  const rec = await recordOfRow(3);
  await setCell(3, "quantity", 33);
  const summary = await confirmChanges(await prepareChanges(session), session, OPTS);
  expect(summary.sent).toBe(1);
  expect(h.sim.salesOf("History").find((r) => r.id === rec.id)!.quantity).toBe(33);
  expect(summary.log.rows).toBe(0);
  expect(summary.sentence).toMatch(
    /The push log on sheet "Claret push log" could not be written \(cells below the log table are not empty \(A3[^)]*\)\)\. The push itself is as reported\.$/
  );
  expect(await logRows()).toHaveLength(1);
});

test("a log an older version wrote (no base_url, columns moved) still reads, and the next push adds base_url and writes under each header", async () => {
  // the log as an older version made it, with two of its columns swapped by the planner
  const old = [
    "pushed_at",
    "email",
    "tenant",
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
  ];
  const oldRow = [
    "2024-01-02T03:04:05.000Z",
    "someone@demo.test",
    "demo",
    "History",
    "Item A",
    "Group B",
    "2021-03-01",
    "month",
    5,
    6,
    "sent",
    "Push selection",
    42,
    tableName,
  ];
  await Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.add("Claret push log");
    sheet.getRange("A1:N2").numberFormat = [old.map(() => "@"), old.map(() => "@")];
    sheet.getRange("A1:N2").values = [old, oldRow.map(String)];
    sheet.getRange("I2:J2").numberFormat = [["General", "General"]];
    sheet.getRange("I2:J2").values = [[5, 6]];
    sheet.getRange("M2").numberFormat = [["0"]];
    sheet.getRange("M2").values = [[42]];
    sheet.tables.add("A1:N2", true).name = "ClaretPushLog";
    await context.sync();
  });
  const rec = await recordOfRow(4);
  await setCell(4, "quantity", 4444);
  const summary = await confirmChanges(await prepareChanges(session), session, OPTS);
  expect(summary.log).toEqual({ rows: 1, error: null });
  const t = await readTable("ClaretPushLog");
  expect(t.headers).toEqual([...old, "base_url"]);
  const [first, second] = await logRows();
  expect(first).toMatchObject({
    tenant: "demo",
    email: "someone@demo.test",
    item_name: "Item A",
    old_quantity: 5,
    new_quantity: 6,
    id: 42,
    base_url: "",
  });
  expect(second).toMatchObject({
    tenant: "demo",
    email: "planner@demo.test",
    item_name: rec.item_name,
    old_quantity: rec.quantity,
    new_quantity: 4444,
    action: "Push changes",
    id: rec.id,
    base_url: session.baseUrl,
  });
  expect(t.numberFormat[1][t.headers.indexOf("base_url")]).toBe("@");
});
