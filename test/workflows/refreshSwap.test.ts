// A failure INSIDE the swap of a refresh (Excel keeps the commands of a request that ran before the failing one), a
// failing clean-up, an unrecoverable 503, and a cancel or 401 at every page: the old table stays cell-for-cell identical.
import type { WorkbookSnapshot } from "../../dev/excel-emulator";
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { refreshActiveSheet } from "../../src/workflows/pullRefresh/refresh";
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
  // what differs, named: the sheet, the field, and for grids the first row that differs
  const changed = after.sheets.flatMap((s, i) => {
    const was = before.sheets[i] as unknown as Record<string, unknown> | undefined;
    if (JSON.stringify(s) === JSON.stringify(was)) return [];
    return Object.entries(s as unknown as Record<string, unknown>)
      .filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(was?.[k]))
      .map(([k, v]) => {
        const old = was?.[k];
        if (!Array.isArray(v) || !Array.isArray(old)) return `${s.name}.${k}`;
        const r = v.findIndex((row, j) => JSON.stringify(row) !== JSON.stringify(old[j]));
        return `${s.name}.${k}[${r}]: ${JSON.stringify(old[r])} → ${JSON.stringify(v[r])}`;
      });
  });
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

/** The planner's sheet as a refresh finds it: notes beside the table, a fill, a filter and a sort. */
async function plannerWork(): Promise<number[]> {
  const sheet = (await readTable(tableName)).sheetName;
  const ids = (await readTable(tableName)).values.map((r) => r[7] as number);
  host.setValues(
    sheet,
    `P2:P${ids.length + 1}`,
    ids.map((id) => [`note ${id}`])
  );
  host.setCellFormat(sheet, "D2:D5", { fill: "#FFFF00" });
  host.sortTable(tableName, [{ key: 3, ascending: false }]);
  host.filterTable(tableName, 3, { filterOn: "Custom", criterion1: ">=10" });
  return (await readTable(tableName)).values.map((r) => r[7] as number);
}

/** Claret changes: two quantities, two records gone (one with a note), two new (one bringing a hierarchy column). */
function claretChanges(ids: number[]): void {
  // new quantities between their neighbours', so the planner's sort (quantity, largest first) still holds
  const q = new Map(h.sim.salesOf("History").map((r) => [r.id, r.quantity]));
  const between = (a: number, b: number) => (q.get(ids[a])! + q.get(ids[b])!) / 2;
  h.sim.setQuantities("History", [
    { id: ids[1], quantity: between(0, 1) },
    { id: ids[6], quantity: between(6, 7) },
  ]);
  h.sim.deleteRecords("History", [ids[2], ids[9]]);
  h.sim.insertRecords("History", [DEEP, { ...DEEP, item_name: "Deep Item 2", quantity: 99999 }]);
}

/** The nth command at `location` on a sheet whose name the path contains (count from 1). */
function nth(location: string, n: number, onSheet?: string) {
  let seen = 0;
  return (c: { location: string; path: string }) =>
    c.location === location && (!onSheet || c.path.includes(onSheet)) && ++seen === n;
}

describe("a failure while the refresh is applied is rolled back: the workbook is as before", () => {
  const userSheet = () => host.tables().find((t) => t.name === tableName)!.sheet;
  test.each([
    ["the backup of the rows to delete", "Range.copyFrom", 1, "ClaretBackup"],
    ["the first changed cell", "Range.values", 1, "user"],
    ["the second changed cell", "Range.values", 2, "user"],
    ["the copy to Removed by refresh", "Range.copyFrom", 1, "Removed by refresh"],
    ["the Removed by refresh table", "TableCollection.add", 1, "Removed by refresh"],
    ["the new Claret column", "TableColumnCollection.add", 1, "user"],
    ["the new column's values", "Range.values", 3, "user"],
    ["clearing the filter's criteria", "AutoFilter.clearCriteria", 1, "user"],
    ["the first row delete", "Range.delete", 1, "user"],
    ["the second row delete", "Range.delete", 2, "user"],
    ["the first row insert", "Range.insert", 1, "user"],
    ["the second row insert", "Range.insert", 2, "user"],
    ["the new rows' formats", "Range.numberFormat", 2, "user"],
    ["the new rows' values", "Range.values", 4, "user"],
    ["the filter applied again", "AutoFilter.apply", 1, "user"],
    ["the stored query", "WorksheetCustomPropertyCollection.add", 1, "user"],
    ["the sort applied again", "TableSort.reapply", 1, "user"],
  ])("when %s fails", async (_what, location, n, where) => {
    await setUp(40);
    claretChanges(await plannerWork());
    const before = host.snapshot();
    host.failCommand(nth(location, n, where === "user" ? userSheet() : where));
    const failure = await refreshActiveSheet(h.session).catch((e: unknown) => e);
    // (a failure in the first request, the backup, is before any change: "The table was not changed.")
    expect(toUserMessage(failure).text).toMatch(
      /(The refresh of table "[^"]+" was undone: the table is as it was\. Try again|The table was not changed)\.$/
    );
    expectSameWorkbook(before);
  });

  test("a refresh with the same changes and no fault does all of them", async () => {
    await setUp(40);
    const ids = await plannerWork();
    claretChanges(ids);
    const result = await refreshActiveSheet(h.session);
    expect(result).toMatchObject({
      updated: 2,
      added: 2,
      removed: 2,
      keptOnRemovedSheet: 2,
      columnsAdded: ["item_family"],
    });
  });

  test("when the undo fails too, the message says so and where the removed rows are kept", async () => {
    await setUp(40);
    claretChanges(await plannerWork());
    host.failCommand("TableSort.reapply");
    // the undo puts deleted rows back with a copy onto the user's sheet: that fails too
    host.failCommand((c) => c.location === "Range.copyFrom" && c.path.includes(userSheet()));
    const failure = await refreshActiveSheet(h.session).catch((e: unknown) => e);
    expect(toUserMessage(failure).text).toMatch(
      /stopped part-way and could not be undone\. The rows it had removed are kept on the hidden sheet "ClaretBackup_[0-9a-f]+"/
    );
  });

  test("when only the backup sheet cannot be deleted at first, the refresh completes and the sheet goes on a retry", async () => {
    await setUp(40);
    claretChanges(await plannerWork());
    host.failCommand((c) => c.location === "Worksheet.delete" && c.path.includes("ClaretBackup"));
    const result = await refreshActiveSheet(h.session);
    expect(result).toMatchObject({
      added: 2,
      removed: 2,
      leftoverSheet: null,
      sortReapplied: true,
    });
    expect((await listSheets()).map((s) => s.name)).not.toContainEqual(
      expect.stringMatching(/ClaretBackup/)
    );
  });
});

describe("failures while draining", () => {
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
