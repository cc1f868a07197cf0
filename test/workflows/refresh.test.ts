// Refreshing a pulled table: the old rows stay exactly as they were until the new data are complete.
import { queryPropertyKey, serializeStoredQuery } from "../../src/excel/queryStore";
import type { ClaretSession } from "../../src/workflows/api";
import {
  toUserMessage,
  WorkflowError,
  CANCELLED_NOTHING_CHANGED,
} from "../../src/workflows/messages";
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import {
  activeSheetQuery,
  refreshActiveSheet,
  refreshedMessage,
} from "../../src/workflows/pullRefresh/refresh";
import { installExcelHost, type ExcelHost } from "../helpers/excelHost";
import { pullTable } from "../helpers/pulledTable";
import { ALL_HISTORY, type SimulatorHarness } from "../helpers/simulator";
import { activateSheet, listSheets, rangeValues, readTable } from "../helpers/workbook";

const NEW_ROWS = [
  {
    item_name: "118",
    customer_group_name: "Refresh Test Group",
    sell_date: "2024-11-01",
    quantity: 12.5,
  },
  {
    item_name: "118",
    customer_group_name: "Refresh Test Group",
    sell_date: "2024-12-01",
    quantity: 7,
  },
];

let h: SimulatorHarness;
let host: ExcelHost;
let tableName: string;
let sheetName: string;

/** A second sheet the user keeps beside the pulled one, with a formula that refers to the table. */
async function addSummarySheet(): Promise<void> {
  await Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.add("Summary");
    sheet.getRange("A1:B2").values = [
      ["Note", "keep me"],
      ["Rows", 0],
    ];
    sheet.getRange("B2").formulas = [[`=SUM(${tableName}[quantity])`]];
    await context.sync();
  });
  await activateSheet(sheetName);
}

/** New records in Claret, so a refresh would change the table. */
function changeClaretData(): void {
  h.sim.insertRecords("History", NEW_ROWS);
}

beforeEach(async () => {
  ({ h, host, tableName, sheetName } = await pullTable(2222));
});
afterEach(() => h.close());

describe("refreshing the active sheet", () => {
  test("brings in new records into the same table", async () => {
    changeClaretData();
    const result = await refreshActiveSheet(h.session);
    expect(result).toMatchObject({ tableName, sheetName, rowCount: 2224 });
    const table = await readTable(tableName);
    expect(table.values).toHaveLength(2224);
    expect(table.values.map((r) => r[7])).toEqual(h.sim.salesOf("History").map((r) => r.id));
  });

  test("the active sheet query names the stored query and table", async () => {
    expect(await activeSheetQuery()).toEqual({
      endpoint: { baseUrl: h.sim.url, tenant: "demo" },
      query: ALL_HISTORY,
      tableName,
    });
  });

  test("a failure on page 2 of 3 leaves the old table and every other sheet cell-for-cell identical", async () => {
    await addSummarySheet();
    changeClaretData();
    const before = host.snapshot();
    const sheetsBefore = await listSheets();
    h.sim.faults.add({ route: "GET /sales", onRequests: [2], fault: { kind: "repeat-cursor" } });
    const failure = await refreshActiveSheet(h.session).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WorkflowError);
    expect(toUserMessage(failure).text).toMatch(/cursor.*The table was not changed\.$/);
    expect(host.snapshot()).toEqual(before);
    expect(await listSheets()).toEqual(sheetsBefore);
  });

  test("a cancel during the drain leaves the workbook identical and says nothing was changed", async () => {
    await addSummarySheet();
    changeClaretData();
    const before = host.snapshot();
    const cancel = new AbortController();
    const failure = await refreshActiveSheet(h.session, {
      signal: cancel.signal,
      onProgress: (p) => p.recordsSoFar === 1000 && cancel.abort(),
    }).catch((e: unknown) => e);
    expect(toUserMessage(failure)).toEqual({ intent: "info", text: CANCELLED_NOTHING_CHANGED });
    expect(host.snapshot()).toEqual(before);
  });

  test("a token that expires mid-drain, without a way to sign in again, leaves the workbook identical and asks to sign in", async () => {
    await addSummarySheet();
    changeClaretData();
    const before = host.snapshot();
    h.sim.faults.add({ route: "GET /sales", onRequests: [2], fault: { kind: "token-expired" } });
    const failure = await refreshActiveSheet(h.session).catch((e: unknown) => e);
    expect(toUserMessage(failure)).toMatchObject({ intent: "error", needsSignIn: true });
    expect(host.snapshot()).toEqual(before);
  });

  test("a user who gives up signing in again mid-drain leaves the workbook identical", async () => {
    changeClaretData();
    const before = host.snapshot();
    h.sim.faults.add({ route: "GET /sales", onRequests: [2], fault: { kind: "token-expired" } });
    const failure = await refreshActiveSheet(h.session, { reauthenticate: async () => null }).catch(
      (e: unknown) => e
    );
    expect(toUserMessage(failure).needsSignIn).toBe(true);
    expect(host.snapshot()).toEqual(before);
  });

  test("a token that expires mid-drain, with a new sign-in, resumes from the failed page and gets every record once", async () => {
    changeClaretData();
    h.sim.faults.add({ route: "GET /sales", onRequests: [2], fault: { kind: "token-expired" } });
    const asked: string[] = [];
    const requestsBefore = h.sim.requests.length;
    const result = await refreshActiveSheet(h.session, {
      reauthenticate: async (reason): Promise<ClaretSession> => {
        asked.push(reason.text);
        return h.freshSession();
      },
    });
    expect(asked).toHaveLength(1);
    expect(result.rowCount).toBe(2224);
    const ids = (await readTable(tableName)).values.map((r) => r[7]);
    expect(ids).toEqual(h.sim.salesOf("History").map((r) => r.id));
    const cursors = h.sim.requests
      .slice(requestsBefore)
      .filter((r) => r.method === "GET")
      .map((r) => r.query.current_index ?? "0");
    expect(cursors).toHaveLength(4);
    expect(cursors[2]).toBe(cursors[1]); // the failed page asked again, not the first one
  });

  test("a user's formula column survives and fills the new rows, and a formula on another sheet still refers to the table", async () => {
    await Excel.run(async (context) => {
      const table = context.workbook.tables.getItem(tableName);
      const column = table.columns.add(undefined, undefined, "Double");
      column.getDataBodyRange().formulas = new Array(2222).fill(["=[@quantity]*2"]);
      await context.sync();
    });
    await addSummarySheet();
    changeClaretData();
    await refreshActiveSheet(h.session);
    const table = await readTable(tableName);
    expect(table.headers[10]).toBe("Double");
    expect(table.formulas).toHaveLength(2224);
    expect(table.formulas[2223][10]).toBe("=[@quantity]*2");
    expect(table.values[2223][10]).toBe(NEW_ROWS[1].quantity * 2);
    const summary = await rangeValues("Summary", "B2");
    expect(summary.formulas[0][0]).toBe(`=SUM(${tableName}[quantity])`);
    const quantities = h.sim.salesOf("History").map((r) => r.quantity);
    expect(quantities).toHaveLength(2224);
    expect(summary.values[0][0]).toBeCloseTo(
      quantities.reduce((a, b) => a + b, 0),
      6
    );
  });

  test("records deleted in Claret leave the table, which shrinks, leaving nothing below it", async () => {
    const query = { ...ALL_HISTORY, startDate: "2024-06-01", durationDays: 200 };
    const small = await pullSales(h.session, query);
    const ids = (await readTable(small.tableName)).values.map((r) => r[7] as number);
    h.sim.deleteRecords("History", [ids[0], ids[ids.length - 1]]);
    const result = await refreshActiveSheet(h.session);
    expect(result).toMatchObject({ rowCount: small.rowCount - 2, removed: 2, added: 0 });
    const table = await readTable(small.tableName);
    expect(table.values.map((r) => r[7])).toEqual(ids.slice(1, -1));
    const below = await rangeValues(small.sheetName, `A${small.rowCount}:J${small.rowCount + 1}`);
    expect(below.values).toEqual([new Array(10).fill(""), new Array(10).fill("")]);
  });

  test("the pane and the ribbon tell a refresh with rows as a success, and one that empties the table as a warning", async () => {
    changeClaretData();
    expect(refreshedMessage(await refreshActiveSheet(h.session))).toEqual({
      intent: "success",
      text: `Refreshed table ${tableName} on sheet "${sheetName}": 0 updated, 2 added, 0 removed; 2,224 records now.`,
    });
    const empty = await pullSales(h.session, { ...ALL_HISTORY, startDate: "2031-01-01" });
    expect(refreshedMessage(await refreshActiveSheet(h.session))).toEqual({
      intent: "warning",
      text: `Refreshed table ${empty.tableName} on sheet "${empty.sheetName}": no changes; 0 records now.`,
    });
  });

  test("a refresh still works after the workbook is saved and reopened", async () => {
    changeClaretData();
    host.saveAndReopen();
    await activateSheet(sheetName);
    const result = await refreshActiveSheet(h.session);
    expect(result).toMatchObject({ tableName, rowCount: 2224 });
  });

  test("a sheet without a pulled table gives a clear message", async () => {
    await addSummarySheet();
    await activateSheet("Summary");
    const failure = await refreshActiveSheet(h.session).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WorkflowError);
    expect(toUserMessage(failure).text).toMatch(/no table pulled from Claret/);
    expect(await activeSheetQuery()).toBeNull();
  });

  test("a table starting too low on the sheet for the records is refused before anything is written, naming both numbers", async () => {
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.add("Low");
      const columns = [
        "sell_date",
        "item_name",
        "customer_group_name",
        "quantity",
        "uom_abbr",
        "timing_interval_span",
        "sale_type_name",
        "id",
        "created_at",
        "updated_at",
      ];
      sheet.getRange("A1047000:J1047000").values = [columns];
      const table = sheet.tables.add("A1047000:J1047001", true);
      table.load("id");
      await context.sync();
      sheet.customProperties.add(
        queryPropertyKey(table.id),
        serializeStoredQuery({
          tableName: "Low",
          endpoint: { baseUrl: h.sim.url, tenant: "demo" },
          query: ALL_HISTORY,
          claretColumns: columns,
        })
      );
      sheet.activate();
      await context.sync();
    });
    const before = host.snapshot();
    const failure = await refreshActiveSheet(h.session).catch((e: unknown) => e);
    expect(toUserMessage(failure).text).toMatch(
      /2,222 records.*room for only 1,576 rows below the table's header on row 1,047,000/
    );
    expect(host.snapshot()).toEqual(before);
  });
});

test("in a 1904 workbook a refresh writes the new records' dates as 1904 serials", async () => {
  host = installExcelHost({ dateSystem: 1904 });
  ({ tableName, sheetName } = await pullSales(h.session, ALL_HISTORY));
  changeClaretData();
  await refreshActiveSheet(h.session);
  const table = await readTable(tableName);
  const dateCol = table.headers.indexOf("sell_date");
  const newDates = table.values
    .filter((r) => r[table.headers.indexOf("customer_group_name")] === "Refresh Test Group")
    .map((r) => r[dateCol]);
  // 2024-11-01 and 2024-12-01: 45597 and 45627 in the 1900 system, 1,462 less in the 1904 system
  expect(newDates.sort()).toEqual([45597 - 1462, 45627 - 1462]);
  expect(host.sheets().map((s) => s.name)).toEqual(["Sheet1", sheetName]); // no probe or staging sheet left
});
