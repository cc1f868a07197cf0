// A failure INSIDE the swap of a refresh (Excel keeps the commands of a request that ran before the failing one), a
// failing clean-up, an unrecoverable 503, and a cancel or 401 at every page: the old table stays cell-for-cell identical.
import type { WorkbookSnapshot } from "../../dev/excel-emulator";
import { pullSales } from "../../src/workflows/pull";
import { refreshActiveSheet } from "../../src/workflows/refresh";
import { CANCELLED_NOTHING_CHANGED, toUserMessage } from "../../src/workflows/messages";
import { installExcelHost, type ExcelHost } from "../helpers/excelHost";
import { ALL_HISTORY, startSimulatorHarness, type SimulatorHarness } from "../helpers/simulator";
import { listSheets, readTable } from "../helpers/workbook";

const HISTORY = { ...ALL_HISTORY, includeHierarchy: true };
// A deeper item: its record brings a hierarchy column the table lacks, so the swap also inserts a column.
const DEEP = {
  item_name: "Deep Item",
  item_family: "Fortified",
  item_brand_group: "Deep Group",
  item_brand: "Deep Brand",
  customer_group_name: "Palm Tree Distribution",
  sell_date: "2024-12-01",
  quantity: 3,
};

let h: SimulatorHarness;
let host: ExcelHost;
let tableName: string;

/** Compared as text: a failing toEqual on a whole workbook would take minutes to diff. */
function expectSameWorkbook(before: WorkbookSnapshot): void {
  const after = host.snapshot();
  const changed = after.sheets
    .filter((s, i) => JSON.stringify(s) !== JSON.stringify(before.sheets[i]))
    .map((s) => s.name);
  expect({ sheets: after.sheets.map((s) => s.name), changed }).toEqual({
    sheets: before.sheets.map((s) => s.name),
    changed: [],
  });
  expect(JSON.stringify(after)).toBe(JSON.stringify(before));
}

async function setUp(records: number): Promise<void> {
  h = await startSimulatorHarness({ records });
  host = installExcelHost();
  const pulled = await pullSales(h.session, HISTORY);
  tableName = pulled.tableName;
  // The user's calculated column right of the Claret columns, and a formula on another sheet that refers to the table.
  await Excel.run(async (context) => {
    const table = context.workbook.tables.getItem(tableName);
    table.columns.add(undefined, undefined, "Double").getDataBodyRange().formulas = new Array(
      pulled.rowCount
    ).fill(["=[@quantity]*2"]);
    context.workbook.worksheets.add("Summary").getRange("A1").formulas = [
      [`=SUM(${tableName}[quantity])`],
    ];
    table.worksheet.activate();
    await context.sync();
  });
}
afterEach(() => h.close());

/** Commands on the user's sheet, not the staging sheet (which the swap addresses by its id, "{…}"). */
const onUserSheet = (location: string) => (c: { location: string; path: string }) =>
  c.location === location && !c.path.startsWith('worksheets("{');

describe("a failure inside the swap", () => {
  test.each([
    "WorksheetCustomPropertyCollection.add",
    "TableColumnCollection.add",
    "Table.resize",
    "Range.copyFrom",
  ])(
    "when %s fails while the table grows, the table, its user column and every other sheet are as before",
    async (command) => {
      await setUp(40);
      h.sim.insertRecords("History", [DEEP]);
      const before = host.snapshot();
      host.failCommand(onUserSheet(command));
      const failure = await refreshActiveSheet(h.session).catch((e: unknown) => e);
      expect(toUserMessage(failure).text).toMatch(/The table was not changed\.$/);
      expectSameWorkbook(before);
    }
  );

  test("when clearing the rows that fell out fails while the table shrinks, the table is as before", async () => {
    await setUp(40);
    await Excel.run(async (context) => {
      context.workbook.tables
        .getItem(tableName)
        .rows.add(undefined, [[...new Array(14).fill("stale"), "=[@quantity]*2"]]);
      await context.sync();
    });
    const before = host.snapshot();
    host.failCommand(onUserSheet("Range.clear"));
    const failure = await refreshActiveSheet(h.session).catch((e: unknown) => e);
    expect(toUserMessage(failure).text).toMatch(/The table was not changed\.$/);
    expectSameWorkbook(before);
  });

  test("when the restore fails too, the message says the table may be damaged and where the old values are", async () => {
    await setUp(40);
    h.sim.insertRecords("History", [DEEP]);
    host.failCommand(onUserSheet("Table.resize"), { times: 2 });
    const failure = await refreshActiveSheet(h.session).catch((e: unknown) => e);
    expect(toUserMessage(failure).text).toMatch(
      /could not be put back as it was\. Its previous Claret values are kept on the sheet "ClaretStaging_[0-9a-f]+"/
    );
    expect((await listSheets()).find((s) => /ClaretStaging/.test(s.name))?.visibility).toBe(
      "Visible"
    );
  });

  test("when only the staging sheet cannot be deleted at first, the refresh completes and the sheet goes on a retry", async () => {
    await setUp(40);
    h.sim.insertRecords("History", [DEEP]);
    host.failCommand((c) => c.location === "Worksheet.delete");
    const result = await refreshActiveSheet(h.session);
    expect(result.rowCount).toBe(41);
    expect((await readTable(tableName)).values).toHaveLength(41);
    expect((await listSheets()).map((s) => s.name)).not.toContainEqual(
      expect.stringMatching(/ClaretStaging/)
    );
  });
});

describe("failures while draining", () => {
  test("a staging sheet Excel refuses to delete after a cancel is named in the message, with how to remove it", async () => {
    await setUp(2222);
    host.failCommand((c) => c.location === "Worksheet.delete", { times: 10 });
    const cancel = new AbortController();
    const failure = await refreshActiveSheet(h.session, {
      signal: cancel.signal,
      onProgress: (p) => p.recordsSoFar === 1000 && cancel.abort(),
    }).catch((e: unknown) => e);
    expect(toUserMessage(failure)).toMatchObject({
      intent: "warning",
      text: expect.stringMatching(
        /remove its hidden helper sheet "ClaretStaging_[0-9a-f]+"\. Right-click any sheet tab, choose Unhide/
      ),
    });
  });

  test("page 2 of 3 answering 503 on every attempt leaves the old table cell-for-cell identical", async () => {
    await setUp(2222);
    h.sim.insertRecords("History", [DEEP]);
    const before = host.snapshot();
    h.sim.faults.add({
      route: "GET /sales",
      fromRequest: 2,
      fault: { kind: "status", status: 503 },
    });
    const failure = await refreshActiveSheet(h.session, {
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    }).catch((e: unknown) => e);
    expect(toUserMessage(failure).text).toMatch(/503.*The table was not changed\.$/);
    expect(h.sim.requests.filter((r) => r.method === "GET").length).toBeGreaterThanOrEqual(4);
    expectSameWorkbook(before);
  });

  test.each([1, 2, 3])("a cancel after page %i leaves the workbook identical", async (page) => {
    await setUp(2222);
    h.sim.insertRecords("History", [DEEP]);
    const before = host.snapshot();
    const cancel = new AbortController();
    const failure = await refreshActiveSheet(h.session, {
      signal: cancel.signal,
      onProgress: (p) => p.recordsSoFar >= Math.min(page * 1000, 2223) && cancel.abort(),
    }).catch((e: unknown) => e);
    expect(toUserMessage(failure)).toEqual({ intent: "info", text: CANCELLED_NOTHING_CHANGED });
    expectSameWorkbook(before);
  });

  test.each([1, 2, 3])(
    "a 401 on page %i leaves the workbook identical and asks to sign in",
    async (page) => {
      await setUp(2222);
      h.sim.insertRecords("History", [DEEP]);
      const before = host.snapshot();
      h.sim.faults.add({
        route: "GET /sales",
        onRequests: [page],
        fault: { kind: "token-expired" },
      });
      const failure = await refreshActiveSheet(h.session).catch((e: unknown) => e);
      expect(toUserMessage(failure)).toMatchObject({ intent: "error", needsSignIn: true });
      expectSameWorkbook(before);
    }
  );
});
