// Push selection end to end: the real selection reader through the Excel emulator, the real
// validation, and real HTTP to the Claret simulator. Every summary must add up to the selection.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { salesPages, type ClaretSession, type SaleRecord, type SalesQuery } from "../../src/claret";
import { recordKeyString } from "../../src/sales";
import type { PushSummary } from "../../src/workflows/api";
import { toUserMessage, WorkflowError } from "../../src/workflows/messages";
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import {
  confirmPush,
  POST_BETA_WARNING,
  preparePush,
  selectCell,
} from "../../src/workflows/push/push";
import { problemSentence, problemText } from "../../src/workflows/push/pushMessages";
import { installExcelHost, type ExcelHost } from "../helpers/excelHost";
import { ALL_HISTORY, startSimulatorHarness, type SimulatorHarness } from "../helpers/simulator";
import { columnLetter } from "../helpers/cells";
import { activeSheetName, readTable, setCell, setFormula, writeRows } from "../helpers/workbook";

const FORECAST: SalesQuery = {
  saleTypeName: "Forecast",
  startDate: "2024-01-01",
  durationDays: 730,
  includeHierarchy: false,
};
const PUSH_HEADERS = [
  "item_name",
  "customer_group_name",
  "sell_date",
  "timing_interval_span",
  "quantity",
];

let h: SimulatorHarness | undefined;
let host: ExcelHost;
beforeEach(() => {
  host = installExcelHost();
});
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function sim(records = 300): Promise<SimulatorHarness> {
  h = await startSimulatorHarness({ records, forecastRecords: 480, budgetRecords: 240 });
  return h;
}

/** Every selected row is counted exactly once. */
function expectRowsAddUp(s: PushSummary): void {
  expect(s.sent + s.refused + s.unknown + s.skipped + s.notSent + s.leftOutWithErrors).toBe(
    s.selected
  );
  expect(s.batches.reduce((sum, b) => sum + b.rows, 0)).toBe(
    s.sent + s.refused + s.unknown + s.notSent
  );
}

/** A fresh GET of every record of a sale type, through the real client. */
async function fetchAll(session: ClaretSession, query: SalesQuery): Promise<SaleRecord[]> {
  const out: SaleRecord[] = [];
  for await (const page of salesPages(session, query)) out.push(...page.records);
  return out;
}

function postCount(harness: SimulatorHarness): number {
  return harness.sim.requests.filter((r) => r.method === "POST" && r.path.endsWith("/sales"))
    .length;
}

/** What a user does with the mouse: activate the sheet and select one or more areas. */
function userSelects(sheetName: string, address: string): void {
  host.activate(sheetName);
  host.select(sheetName, address);
}

/** A plain range (no table) with a header row at A1 and one row per record, quantities changed by `edit`. */
async function writePlainRange(
  sheetName: string,
  records: SaleRecord[],
  edit: (r: SaleRecord, i: number) => number
): Promise<void> {
  const rows = records.map((r, i) => [
    r.item_name,
    r.customer_group_name,
    r.sell_date,
    r.timing_interval_span,
    edit(r, i),
  ]);
  await writeRows(sheetName, 0, 0, [PUSH_HEADERS, ...rows]);
  // the quantity column as numbers, not text
  await Excel.run(async (context) => {
    const q = context.workbook.worksheets.getItem(sheetName).getRange(`E2:E${records.length + 1}`);
    q.numberFormat = rows.map(() => ["General"]);
    q.values = rows.map((r) => [r[4]]);
    await context.sync();
  });
}

describe("pushing a pulled table", () => {
  test("edited quantities of a pulled table are written to Claret, and a new GET shows them with no duplicates", async () => {
    const { session } = await sim();
    const pulled = await pullSales(session, FORECAST);
    const table = await readTable(pulled.tableName);
    const q = table.headers.indexOf("quantity");
    const qLetter = columnLetter(q);
    const edited = new Map<number, number>();
    for (const i of [0, 1, 2, 250, 479]) {
      const id = table.values[i][table.headers.indexOf("id")] as number;
      edited.set(id, 5000 + i);
      await setCell(pulled.sheetName, `${qLetter}${i + 2}`, 5000 + i);
    }
    userSelects(pulled.sheetName, table.address);

    const preview = await preparePush();
    expect(preview.saleTypeName).toBe("Forecast");
    expect(preview.rowsToSend).toBe(480);
    expect(preview.errors).toEqual([]);
    expect(preview.ignoredColumns).toEqual([
      "uom_abbr",
      "sale_type_name",
      "id",
      "created_at",
      "updated_at",
    ]);
    const summary = await confirmPush(preview, session, {
      saleTypeName: "Forecast",
      createMissingLinks: false,
    });

    expect(summary.sent).toBe(480);
    expect(summary.sentence).toBe("Sent all 480 rows to Claret.");
    expectRowsAddUp(summary);
    const after = await fetchAll(session, FORECAST);
    expect(after).toHaveLength(480);
    expect(new Set(after.map(recordKeyString)).size).toBe(480);
    for (const r of after) {
      const original = table.values.find((row) => row[table.headers.indexOf("id")] === r.id);
      expect(r.quantity).toBe(edited.get(r.id) ?? original?.[q]);
    }
  });

  test("a quantity cell holding a formula pushes the value it shows, not the formula", async () => {
    const harness = await sim();
    const pulled = await pullSales(harness.session, FORECAST);
    const table = await readTable(pulled.tableName);
    const qLetter = columnLetter(table.headers.indexOf("quantity"));
    const id = table.values[3][table.headers.indexOf("id")] as number;
    await setFormula(pulled.sheetName, `${qLetter}5`, "=1000+234");
    userSelects(pulled.sheetName, `A5:${qLetter}5`);

    const summary = await confirmPush(await preparePush(), harness.session, {
      saleTypeName: "Forecast",
      createMissingLinks: false,
    });

    expect(summary.sent).toBe(1);
    expect(harness.sim.salesOf("Forecast").find((r) => r.id === id)?.quantity).toBe(1234);
  });

  test("a pulled table copied elsewhere cannot be pushed to another sale type than its sale_type_name column names", async () => {
    const harness = await sim();
    const history = harness.sim.salesOf("History").slice(0, 4);
    await writeRows("Copy", 0, 0, [
      [...PUSH_HEADERS, "sale_type_name"],
      ...history.map((r) => [
        r.item_name,
        r.customer_group_name,
        r.sell_date,
        r.timing_interval_span,
        "1",
        r.sale_type_name,
      ]),
    ]);
    userSelects("Copy", "A1:F5");
    const preview = await preparePush();
    expect(preview).toMatchObject({ rowsToSend: 4, saleTypeName: null });

    const error = await confirmPush(preview, harness.session, {
      saleTypeName: "Forecast",
      createMissingLinks: false,
    }).catch((e: unknown) => e);

    expect((error as WorkflowError).userMessage).toBe(
      'Nothing was sent: you chose sale type "Forecast", but the sale_type_name column of 4 rows names another (F2: "History", F3: "History", F4: "History" and 1 more). Choose the sale type the rows belong to, or select only rows of "Forecast".'
    );
    expect(postCount(harness)).toBe(0);
  });

  test("a filtered selection of data rows only pushes only the visible rows", async () => {
    const harness = await sim();
    const pulled = await pullSales(harness.session, FORECAST);
    const table = await readTable(pulled.tableName);
    const q = table.headers.indexOf("quantity");
    const qLetter = columnLetter(q);
    const before = harness.sim.salesOf("Forecast");
    // every quantity of the first 20 data rows becomes 777, then sheet rows 4–13 are hidden
    for (let i = 0; i < 20; i++) await setCell(pulled.sheetName, `${qLetter}${i + 2}`, 777);
    host.setRowsHidden(pulled.sheetName, 3, 10, true);
    userSelects(pulled.sheetName, `A2:${qLetter}21`); // data rows only, some columns only

    const preview = await preparePush();
    expect(preview.selectedRows).toBe(20);
    expect(preview.skippedHidden).toBe(10);
    expect(preview.rowsToSend).toBe(10);
    const summary = await confirmPush(preview, harness.session, {
      saleTypeName: preview.saleTypeName ?? "",
      createMissingLinks: false,
    });

    expect(summary).toMatchObject({ selected: 20, sent: 10, skipped: 10 });
    expect(summary.sentence).toBe("Sent all 10 rows to Claret. Skipped 10 hidden rows.");
    expectRowsAddUp(summary);
    const byId = new Map(harness.sim.salesOf("Forecast").map((r) => [r.id, r.quantity]));
    const ids = table.values.map((row) => row[table.headers.indexOf("id")] as number);
    const quantitiesNow = ids.slice(0, 20).map((id) => byId.get(id));
    const hiddenBefore = ids.slice(2, 12).map((id) => before.find((r) => r.id === id)?.quantity);
    expect(quantitiesNow).toEqual([777, 777, ...hiddenBefore, ...Array(8).fill(777)]);
  });

  test("2,500 rows go to Claret in 3 batches of 1,000, 1,000 and 500", async () => {
    const harness = await sim(2500);
    const pulled = await pullSales(harness.session, ALL_HISTORY);
    const table = await readTable(pulled.tableName);
    userSelects(pulled.sheetName, table.address);
    const preview = await preparePush();
    const progress: string[] = [];
    const postsBefore = postCount(harness);

    const summary = await confirmPush(preview, harness.session, {
      saleTypeName: preview.saleTypeName ?? "",
      createMissingLinks: false,
      onProgress: (p) => progress.push(`${p.batchesDone}/${p.batches}`),
    });

    expect(postCount(harness) - postsBefore).toBe(3);
    expect(summary.batches.map((b) => [b.rows, b.status])).toEqual([
      [1000, "sent"],
      [1000, "sent"],
      [500, "sent"],
    ]);
    expect(progress).toEqual(["1/3", "2/3", "3/3"]);
    expect(summary.sentence).toBe("Sent all 2,500 rows to Claret in 3 batches.");
    expectRowsAddUp(summary);
    expect(harness.sim.salesOf("History")).toHaveLength(2500);
  });
});

describe.each([1900, 1904] as const)("in a workbook of the %i date system", (dateSystem) => {
  beforeEach(() => {
    host = installExcelHost({ dateSystem });
  });

  test("a pulled table pushes back with every record on its own date (no new records, none moved)", async () => {
    const { session } = await sim();
    const before = await fetchAll(session, FORECAST);
    const pulled = await pullSales(session, FORECAST);
    const table = await readTable(pulled.tableName);
    userSelects(pulled.sheetName, table.address);

    const summary = await confirmPush(await preparePush(), session, {
      saleTypeName: "Forecast",
      createMissingLinks: false,
    });

    expect(summary.sent).toBe(480);
    const after = await fetchAll(session, FORECAST);
    expect(after.map(recordKeyString).sort()).toEqual(before.map(recordKeyString).sort());
  });

  test("a date the planner types (2025-03-01) reaches Claret as 2025-03-01", async () => {
    const harness = await sim();
    const [r] = harness.sim.salesOf("Budget");
    host.addSheet("Typed");
    host.setValues("Typed", "A1:E2", [
      PUSH_HEADERS,
      [r.item_name, r.customer_group_name, "2025-03-01", r.timing_interval_span, 77],
    ]);
    userSelects("Typed", "A1:E2");

    const summary = await confirmPush(await preparePush(), harness.session, {
      saleTypeName: "Budget",
      createMissingLinks: false,
    });

    expect(summary.sent).toBe(1);
    const written = harness.sim
      .salesOf("Budget")
      .filter(
        (x) => x.item_name === r.item_name && x.customer_group_name === r.customer_group_name
      );
    expect(written.find((x) => x.quantity === 77)?.sell_date).toBe("2025-03-01");
  });

  test("reading the selection leaves no sheet behind", async () => {
    await sim();
    host.setValues("Sheet1", "A1:E2", [PUSH_HEADERS, ["i", "c", "2025-03-01", "Monthly", 1]]);
    userSelects("Sheet1", "A1:E2");
    const sheetsBefore = host.sheets();
    await preparePush();
    expect(host.sheets()).toEqual(sheetsBefore);
  });
});

describe("when Claret does not write a batch", () => {
  test("a batch refused by Claret leaves batch 1 written, reports batch 2 at its cells, and still sends batch 3", async () => {
    const harness = await sim(2500);
    const records = harness.sim.salesOf("History");
    // rows 1,201 and 1,501 of the selection name an item and a customer group Claret does not know
    await writePlainRange("Plan", records, (r) => r.quantity + 1);
    await setCell("Plan", "A1202", "No such item");
    await setCell("Plan", "B1502", "No such group");
    userSelects("Plan", "A1:E2501");

    const preview = await preparePush();
    expect(preview.errors).toEqual([]);
    expect(preview.saleTypeName).toBeNull();
    const summary = await confirmPush(preview, harness.session, {
      saleTypeName: "History",
      createMissingLinks: false,
    });

    expect(summary.batches.map((b) => b.status)).toEqual(["sent", "refused", "sent"]);
    expect(summary).toMatchObject({ sent: 1500, refused: 1000, unknown: 0, notSent: 0 });
    // the refusal travels as data: the cell, the field Claret named, and Claret's own reason
    expect(summary.problems.map((p) => [p.address, p.source, p.field])).toEqual([
      ["A1202", "claret", "item_name"],
      ["B1502", "claret", "customer_group_name"],
    ]);
    const batch2 = summary.batches[1];
    expect(batch2.status === "refused" && batch2.refusal.cells).toEqual(summary.problems);
    expect(problemText(summary.problems[0])).toBe(
      `Claret refused item_name: ${summary.problems[0].message}`
    );
    expect(summary.problems.every((p) => p.sheetName === "Plan" && p.severity === "error")).toBe(
      true
    );
    expect(summary.sentence).toMatch(
      /^Sent 1,500 of 2,500 rows\. Batch 2 \(sheet rows 1,002–2,001\) was refused, so nothing of it was written: A1202: item_name: .+B1502: customer_group_name: .+ Later batches were still sent, since Claret writes nothing of a refused batch\.$/
    );
    expectRowsAddUp(summary);
    const now = new Map(harness.sim.salesOf("History").map((r) => [r.id, r.quantity]));
    expect(now.get(records[999].id)).toBe(records[999].quantity + 1); // batch 1
    expect(now.get(records[1000].id)).toBe(records[1000].quantity); // batch 2: nothing written
    expect(now.get(records[1999].id)).toBe(records[1999].quantity);
    expect(now.get(records[2000].id)).toBe(records[2000].quantity + 1); // batch 3
  });

  test("a batch that times out is reported as an unknown outcome and nothing after it is sent", async () => {
    const harness = await sim(2500);
    const records = harness.sim.salesOf("History");
    await writePlainRange("Plan", records, (r) => r.quantity + 1);
    userSelects("Plan", "A1:E2501");
    const preview = await preparePush();
    harness.sim.faults.add({ route: "POST /sales", onRequests: [2], fault: { kind: "hang" } });

    const summary = await confirmPush(preview, harness.session, {
      saleTypeName: "History",
      createMissingLinks: false,
      timeoutMs: 300,
    });

    expect(summary.batches.map((b) => b.status)).toEqual(["sent", "unknown", "not-sent"]);
    expect(summary).toMatchObject({ sent: 1000, unknown: 1000, notSent: 500, refused: 0 });
    expect(postCount(harness)).toBe(2);
    expect(summary.sentence).toMatch(
      /^Sent 1,000 of 2,500 rows\. Batch 2 \(sheet rows 1,002–2,001\) may or may not have been written: Claret did not answer within 0\.3 seconds\..* 500 rows were not sent: the push stopped after an unknown outcome\.$/
    );
    expectRowsAddUp(summary);
  });

  test("a server error on a batch is an unknown outcome, never retried", async () => {
    const harness = await sim(300);
    const records = harness.sim.salesOf("History").slice(0, 5);
    await writePlainRange("Plan", records, (r) => r.quantity + 1);
    userSelects("Plan", "A1:E6");
    const preview = await preparePush();
    harness.sim.faults.add({
      route: "POST /sales",
      onRequests: [1],
      fault: { kind: "status", status: 503 },
    });

    const summary = await confirmPush(preview, harness.session, {
      saleTypeName: "History",
      createMissingLinks: false,
    });

    expect(summary.batches.map((b) => b.status)).toEqual(["unknown"]);
    expect(postCount(harness)).toBe(1);
    expect(summary.sentence).toContain(
      "may or may not have been written: Claret had a server problem (HTTP 503)."
    );
    expectRowsAddUp(summary);
  });

  test("a success that counts fewer rows than were sent is an unknown outcome, not reported as written", async () => {
    // a scripted Claret on loopback (real HTTP): the simulator always counts right
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({
          success_message: "Successfully processed 1 Sales records",
          created_count: 0,
          updated_count: 1,
          success_count: 1,
        })
      );
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      await writeRows("Plan", 0, 0, [
        PUSH_HEADERS,
        ["118", "Palm Tree Distribution", "2024-01-01", "month", "1"],
        ["119", "Palm Tree Distribution", "2024-01-01", "month", "2"],
      ]);
      userSelects("Plan", "A1:E3");
      const session = {
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        tenant: "demo",
        token: "1|t",
      };

      const summary = await confirmPush(await preparePush(), session, {
        saleTypeName: "Budget",
        createMissingLinks: false,
      });

      expect(summary).toMatchObject({ sent: 0, unknown: 2 });
      expect(summary.sentence).toBe(
        "Sent 0 of 2 rows. Batch 1 (sheet rows 2–3) may or may not have been written: Claret answered success but counted 1 of the 2 rows sent. Check these rows in Claret."
      );
      expectRowsAddUp(summary);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  test("cancelling after batch 1 leaves batch 1 written and the rest not sent", async () => {
    const harness = await sim(2500);
    const records = harness.sim.salesOf("History");
    await writePlainRange("Plan", records, (r) => r.quantity + 1);
    userSelects("Plan", "A1:E2501");
    const preview = await preparePush();
    const controller = new AbortController();

    const summary = await confirmPush(preview, harness.session, {
      saleTypeName: "History",
      createMissingLinks: false,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });

    expect(summary.batches.map((b) => b.status)).toEqual(["sent", "not-sent", "not-sent"]);
    expect(postCount(harness)).toBe(1);
    expect(summary.sentence).toBe(
      "Sent 1,000 of 2,500 rows. 1,500 rows were not sent: the push was cancelled."
    );
    expectRowsAddUp(summary);
  });

  test("an unknown sale type is refused for the whole push and no later batch is tried", async () => {
    const harness = await sim(1500);
    const records = harness.sim.salesOf("History");
    await writePlainRange("Plan", records, (r) => r.quantity);
    userSelects("Plan", "A1:E1501");
    const preview = await preparePush();

    const summary = await confirmPush(preview, harness.session, {
      saleTypeName: "Forecast FY99",
      createMissingLinks: false,
    });

    expect(summary.batches.map((b) => b.status)).toEqual(["refused", "not-sent"]);
    expect(postCount(harness)).toBe(1);
    expect(summary.sentence).toMatch(
      /^Sent 0 of 1,500 rows\. Batch 1 \(sheet rows 2–1,001\) was refused, so nothing of it was written: arguments\.sale_type_name: .+ 500 rows were not sent: Claret refused the request itself, so it would refuse every batch alike\.$/
    );
    expectRowsAddUp(summary);
  });
});

describe("reading the selection", () => {
  test("a range outside any table uses its own first row as headers, wherever it starts", async () => {
    const harness = await sim();
    const budget = harness.sim.salesOf("Budget").slice(0, 3);
    await writeRows("Scratch", 3, 2, [
      ["Item Name", "Customer Group Name", "Sell Date", "Timing Interval Name", "Quantity", "Note"],
      ...budget.map((r, i) => [
        r.item_name,
        r.customer_group_name,
        r.sell_date,
        r.timing_interval_span,
        String(100 + i),
        "checked",
      ]),
    ]);
    userSelects("Scratch", "C4:H7");

    const preview = await preparePush();
    expect(preview).toMatchObject({
      sheetName: "Scratch",
      selectionAddress: "C4:H7",
      selectedRows: 3,
      rowsToSend: 3,
      saleTypeName: null,
      ignoredColumns: ["Note"],
    });
    const summary = await confirmPush(preview, harness.session, {
      saleTypeName: "Budget",
      createMissingLinks: false,
    });

    expect(summary.sent).toBe(3);
    expectRowsAddUp(summary);
    const now = new Map(harness.sim.salesOf("Budget").map((r) => [r.id, r.quantity]));
    expect(budget.map((r) => now.get(r.id))).toEqual([100, 101, 102]);
  });

  test("selected data rows of a table the add-in did not pull use the table's header names, and the sale type is asked for", async () => {
    const harness = await sim();
    const budget = harness.sim.salesOf("Budget").slice(0, 6);
    await writePlainRange("Plan", budget, (_, i) => 60 + i);
    host.addTable("Plan", "A1:E7", "MyPlan");
    userSelects("Plan", "E3:E5"); // three quantity cells, no header

    const preview = await preparePush();
    expect(preview).toMatchObject({
      selectionAddress: "E3:E5",
      selectedRows: 3,
      rowsToSend: 3,
      saleTypeName: null,
    });
    const summary = await confirmPush(preview, harness.session, {
      saleTypeName: "Budget",
      createMissingLinks: false,
    });

    expect(summary.sent).toBe(3);
    expectRowsAddUp(summary);
    const now = new Map(harness.sim.salesOf("Budget").map((r) => [r.id, r.quantity]));
    expect(budget.map((r) => now.get(r.id))).toEqual([
      budget[0].quantity,
      61,
      62,
      63,
      budget[4].quantity,
      budget[5].quantity,
    ]);
  });

  test("data rows of a table that starts at C4, with a hidden row between them, are read under its headers and problems name the right cells", async () => {
    const harness = await sim();
    const budget = harness.sim.salesOf("Budget").slice(0, 5);
    await writeRows("Plan", 3, 2, [
      PUSH_HEADERS,
      ...budget.map((r) => [
        r.item_name,
        r.customer_group_name,
        r.sell_date,
        r.timing_interval_span,
        "5",
      ]),
    ]);
    host.addTable("Plan", "C4:G9", "Offset");
    host.setRowsHidden("Plan", 6, 1, true); // sheet row 7
    await setCell("Plan", "G8", "lots"); // quantity of sheet row 8
    userSelects("Plan", "F5:G9");

    const preview = await preparePush();

    expect(preview).toMatchObject({
      selectedRows: 5,
      skippedHidden: 1,
      rowsToSend: 3,
      rowsWithErrors: 1,
    });
    expect(preview.errors.map(problemSentence)).toEqual([
      'G8: "lots" is not a number. Type the quantity as a number.',
    ]);
  });

  test("a selection whose rows are all hidden has nothing to send and says so", async () => {
    const harness = await sim();
    const budget = harness.sim.salesOf("Budget").slice(0, 3);
    await writePlainRange("Plan", budget, () => 1);
    host.setRowsHidden("Plan", 1, 3, true);
    userSelects("Plan", "A1:E4");
    const preview = await preparePush();
    expect(preview).toMatchObject({ selectedRows: 3, skippedHidden: 3, rowsToSend: 0 });

    const error = await confirmPush(preview, harness.session, {
      saleTypeName: "Budget",
      createMissingLinks: false,
    }).catch((e: unknown) => e);

    expect((error as WorkflowError).userMessage).toBe(
      "Nothing was sent: the selection has no rows to send (hidden and blank rows are skipped)."
    );
  });

  test("reading 2,500 selected rows of a table takes 4 syncs (selection with the date system, tables, a first chunk of 2,000 cells, the rest sized by it) with every answer under 5 MB", async () => {
    const harness = await sim();
    const records = Array.from({ length: 2500 }, (_, i) => ({
      ...harness.sim.salesOf("Budget")[0],
      item_name: `Item with a long name ${i}`.padEnd(60, "."),
    }));
    await writePlainRange("Plan", records, (_, i) => i);
    host.addTable("Plan", "A1:E2501", "Big");
    userSelects("Plan", "A1:E2501");
    host.resetSyncLog();

    const preview = await preparePush();

    expect(preview.selectedRows).toBe(2500);
    expect(host.syncLog.length).toBe(5); // the 4 reads + the stored-query look-up (this table has none)
    expect(Math.max(...host.syncLog.map((s) => s.responseBytes))).toBeLessThan(5_000_000);
  });

  test("6,000 rows with long item names are read in chunks whose answers all stay under 5 MB", async () => {
    const harness = await sim();
    const base = harness.sim.salesOf("Budget")[0];
    const records = Array.from({ length: 6000 }, (_, i) => ({
      ...base,
      item_name: `${i} `.padEnd(400, "x"),
    }));
    await writePlainRange("Plan", records, (_, i) => i);
    userSelects("Plan", "A1:E6001");
    host.resetSyncLog();

    const preview = await preparePush();

    expect(preview).toMatchObject({ selectedRows: 6000, rowsToSend: 6000 });
    const reads = host.syncLog.filter((s) => s.responseBytes > 100_000);
    expect(reads.length).toBeGreaterThan(1);
    expect(Math.max(...reads.map((s) => s.responseBytes))).toBeLessThan(5_000_000);
  });

  test("a first chunk of long text (3,000 rows with 2,000-character names, 6 MB in 20,000 cells) is sized by its content and read under 5 MB", async () => {
    const harness = await sim();
    const base = harness.sim.salesOf("Budget")[0];
    const records = Array.from({ length: 3000 }, (_, i) => ({
      ...base,
      item_name: `${i} `.padEnd(2000, "é"),
    }));
    // typed by hand (host side): one Office.js request could not carry 12 MB either
    host.addSheet("Plan");
    host.setNumberFormat("Plan", "A1:D3001", "@");
    host.setValues("Plan", "A1:E3001", [
      PUSH_HEADERS,
      ...records.map((r, i) => [
        r.item_name,
        r.customer_group_name,
        r.sell_date,
        r.timing_interval_span,
        i,
      ]),
    ]);
    userSelects("Plan", "A1:E3001");
    host.resetSyncLog();

    const preview = await preparePush();

    expect(preview).toMatchObject({ selectedRows: 3000, rowsToSend: 3000 });
    expect(host.syncLog.filter((s) => s.error)).toEqual([]);
    expect(Math.max(...host.syncLog.map((s) => s.responseBytes))).toBeLessThan(5_000_000);
  });

  test("a chunk Excel refuses as too large (400 short rows, then 20,000-character ones) is read again in halves", async () => {
    const harness = await sim();
    const base = harness.sim.salesOf("Budget")[0];
    host.addSheet("Plan");
    host.setNumberFormat("Plan", "A1:D1001", "@");
    host.setValues("Plan", "A1:E1001", [
      PUSH_HEADERS,
      ...Array.from({ length: 1000 }, (_, i) => [
        i < 400 ? `${i}` : `${i} `.padEnd(20_000, "é"),
        base.customer_group_name,
        base.sell_date,
        base.timing_interval_span,
        i,
      ]),
    ]);
    userSelects("Plan", "A1:E1001");
    host.resetSyncLog();

    const preview = await preparePush();

    expect(preview).toMatchObject({ selectedRows: 1000, rowsToSend: 1000 });
    const refused = host.syncLog.filter((s) => s.error);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((s) => s.error === "ResponsePayloadSizeLimitExceeded")).toBe(true);
  });

  test("a single row holding more than 5 MB is refused with a message naming the row", async () => {
    await sim();
    host.addSheet("Plan");
    const huge = "€".repeat(32_000); // 96 KB of UTF-8 per cell, 60 cells
    host.setValues("Plan", "A1:BH2", [
      Array.from({ length: 60 }, (_, c) => `h${c}`),
      Array.from({ length: 60 }, () => huge),
    ]);
    userSelects("Plan", "A1:BH2");

    const error = await preparePush().catch((e: unknown) => e);

    expect((error as WorkflowError).userMessage).toMatch(
      /^Row 2 holds more than Excel on the web can return in one answer \(5 MB\)/
    );
  });

  test("data rows selected outside a table without their header row give one error that names the missing columns and the row read as headers", async () => {
    await writeRows("Plan", 0, 0, [
      PUSH_HEADERS,
      ["118", "Palm Tree Distribution", "2024-01-01", "month", "1"],
      ["119", "Palm Tree Distribution", "2024-01-01", "month", "2"],
    ]);
    userSelects("Plan", "A2:E3");

    const preview = await preparePush();

    expect(preview.rowsToSend).toBe(0);
    expect(preview.errors).toEqual([
      {
        sheetName: "Plan",
        address: "A2",
        rowIndex: -1,
        severity: "error",
        source: "check",
        message:
          "The selection has no column for customer_group_name, item_name, quantity, sell_date, timing_interval_name. " +
          "Add headers named item_name, customer_group_name, sell_date, timing_interval_name (or timing_interval_span) and quantity. " +
          "The first selected row (sheet row 2) is read as the header row; select the header row with the rows to send.",
      },
    ]);
  });

  test("a selection of two areas is refused with a message naming both", async () => {
    await writeRows("Plan", 0, 0, [
      PUSH_HEADERS,
      ["118", "Palm Tree Distribution", "2024-01-01", "month", "1"],
    ]);
    userSelects("Plan", "A1:B3,D1:D3");
    const error = await preparePush().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowError);
    expect(toUserMessage(error)).toEqual({
      intent: "error",
      text: "Select one block of rows; the selection has 2 areas (A1:B3, D1:D3).",
    });
  });

  test("a selection reaching below a table is refused, naming the table", async () => {
    const harness = await sim();
    const pulled = await pullSales(harness.session, FORECAST);
    userSelects(pulled.sheetName, "A400:C500");
    const error = await preparePush().catch((e: unknown) => e);
    expect((error as WorkflowError).userMessage).toBe(
      `The selection A400:C500 reaches outside table ${pulled.tableName} (A1:J481); select rows inside the table only.`
    );
  });

  test("an error cell (#N/A) is reported at its address", async () => {
    const harness = await sim();
    const budget = harness.sim.salesOf("Budget").slice(0, 2);
    await writePlainRange("Plan", budget, () => 5);
    await setFormula("Plan", "E3", "=NA()");
    userSelects("Plan", "A1:E3");

    const preview = await preparePush();
    expect(preview.rowsToSend).toBe(1);
    expect(preview.rowsWithErrors).toBe(1);
    expect(preview.errors).toHaveLength(1);
    expect(preview.errors[0]).toMatchObject({
      sheetName: "Plan",
      address: "E3",
      rowIndex: 1,
      severity: "error",
    });
    expect(problemSentence(preview.errors[0])).toMatch(/^E3: .*#N\/A/);
  });

  test("clicking a problem selects its cell on its sheet", async () => {
    await writeRows("Plan", 0, 0, [PUSH_HEADERS]);
    await writeRows("Other", 0, 0, [["x"]]);
    host.activate("Other");
    await selectCell("Plan", "E3");
    expect(await activeSheetName()).toBe("Plan");
    const selected = await Excel.run(async (context) => {
      const r = context.workbook.getSelectedRange().load("address");
      await context.sync();
      return r.address;
    });
    expect(selected).toBe("Plan!E3");
  });
});

describe("mapping a refusal back to the sheet", () => {
  test("a refused row below hidden rows and a row with errors is reported at its own cell, in a range that does not start at A1", async () => {
    const harness = await sim();
    const budget = harness.sim.salesOf("Budget").slice(0, 6);
    // header on sheet row 4 from column C; data on rows 5–10
    await writeRows("Scratch", 3, 2, [
      ["Item Name", "Customer Group Name", "Sell Date", "Timing Interval Name", "Quantity"],
      ...budget.map((r) => [
        r.item_name,
        r.customer_group_name,
        r.sell_date,
        r.timing_interval_span,
        "7",
      ]),
    ]);
    host.setRowsHidden("Scratch", 5, 1, true); // sheet row 6
    await setCell("Scratch", "E7", "soon"); // sheet row 7: no date, left out
    await setCell("Scratch", "C9", "No such item"); // sheet row 9: Claret refuses it
    userSelects("Scratch", "C4:G10");
    const preview = await preparePush();
    expect(preview).toMatchObject({ rowsToSend: 4, skippedHidden: 1, rowsWithErrors: 1 });

    const summary = await confirmPush(preview, harness.session, {
      saleTypeName: "Budget",
      createMissingLinks: false,
      sendValidRowsOnly: true,
    });

    expect(summary.problems.map((p) => [p.address, p.rowIndex])).toEqual([["C9", 4]]);
    expect(summary.sentence).toMatch(
      /^Sent 0 of 4 rows\. Batch 1 \(sheet rows 5–10\) was refused, so nothing of it was written: C9: item_name: /
    );
    expectRowsAddUp(summary);
  });
});

describe("rows with errors", () => {
  async function planWithOneBadRow(harness: SimulatorHarness): Promise<SaleRecord[]> {
    const budget = harness.sim.salesOf("Budget").slice(0, 3);
    await writePlainRange("Plan", budget, (_, i) => 40 + i);
    await setCell("Plan", "C3", "2025-02-30"); // no such date
    userSelects("Plan", "A1:E4");
    return budget;
  }

  test("by default nothing is sent while any row has an error", async () => {
    const harness = await sim();
    await planWithOneBadRow(harness);
    const preview = await preparePush();
    expect(preview.rowsWithErrors).toBe(1);

    const error = await confirmPush(preview, harness.session, {
      saleTypeName: "Budget",
      createMissingLinks: false,
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WorkflowError);
    expect((error as WorkflowError).userMessage).toMatch(
      /^Nothing was sent: 1 row has errors \(C3: .+\)\. Fix them, or choose to send the valid rows only\.$/
    );
    expect(postCount(harness)).toBe(0);
  });

  test('"send valid rows only" with every row in error says so and sends nothing', async () => {
    const harness = await sim();
    await writeRows("Plan", 0, 0, [
      PUSH_HEADERS,
      ["118", "Palm Tree Distribution", "soon", "month", "1"],
    ]);
    userSelects("Plan", "A1:E2");
    const preview = await preparePush();

    const error = await confirmPush(preview, harness.session, {
      saleTypeName: "Budget",
      createMissingLinks: false,
      sendValidRowsOnly: true,
    }).catch((e: unknown) => e);

    expect((error as WorkflowError).userMessage).toBe(
      'Nothing was sent: every row of the selection has errors (C2: "soon" is not a date. Use YYYY-MM-DD or an Excel date). Fix them, then push again.'
    );
    expect(postCount(harness)).toBe(0);
  });

  test('"send valid rows only" sends the others and names the rows left out', async () => {
    const harness = await sim();
    const budget = await planWithOneBadRow(harness);
    const preview = await preparePush();

    const summary = await confirmPush(preview, harness.session, {
      saleTypeName: "Budget",
      createMissingLinks: false,
      sendValidRowsOnly: true,
    });

    expect(summary).toMatchObject({
      selected: 3,
      sent: 2,
      leftOutWithErrors: 1,
      leftOutSheetRows: [3],
    });
    expect(summary.sentence).toBe(
      "Sent all 2 rows to Claret. 1 row with errors was left out (sheet rows 3)."
    );
    expectRowsAddUp(summary);
    const now = new Map(harness.sim.salesOf("Budget").map((r) => [r.id, r.quantity]));
    expect(budget.map((r) => now.get(r.id))).toEqual([40, budget[1].quantity, 42]);
  });
});

test('the beta warning quotes Claret: "may not behave as expected", "do not use for production data"', () => {
  expect(POST_BETA_WARNING).toContain('"may not behave as expected"');
  expect(POST_BETA_WARNING).toContain('"do not use for production data"');
});
