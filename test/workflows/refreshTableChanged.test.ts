// The planner keeps working while a refresh drains Claret's pages (seconds, for a large table). The refresh's plan
// names rows by position in the table as it was read; if the planner sorted the table, deleted or added rows, or
// edited an id meanwhile, those positions point at other records. The refresh must notice before it writes anything,
// change nothing, and say to refresh again — while an edit that moves no row (a note beside the table) does not stop it.
import { refreshActiveSheet } from "../../src/workflows/pullRefresh/refresh";
import { toUserMessage } from "../../src/workflows/messages";
import type { ExcelHost } from "../helpers/excelHost";
import { pullTable } from "../helpers/pulledTable";
import { ALL_HISTORY, type SimulatorHarness } from "../helpers/simulator";
import { readTable } from "../helpers/workbook";

// Columns of a table pulled without hierarchy: A sell_date … D quantity … H id … J updated_at; notes go in L.
const ID = 7;
const QTY = 3;
const QUERY = ALL_HISTORY; // 2,222 records: three pages

let h: SimulatorHarness;
let host: ExcelHost;
let sheet: string;
let table: string;
let rows: number;

beforeEach(async () => {
  ({ h, host, sheetName: sheet, tableName: table, rowCount: rows } = await pullTable(2222, QUERY));
  // Claret changes in the middle of the table: a quantity, a record gone, a new one.
  const ids = await tableIds();
  h.sim.setQuantities("History", [{ id: ids[10], quantity: 4321 }]);
  h.sim.deleteRecords("History", [ids[20]]);
  h.sim.insertRecords("History", [
    {
      item_name: "Refresh Item",
      customer_group_name: "Refresh Group",
      sell_date: "2024-03-01",
      quantity: 3,
    },
  ]);
});
afterEach(() => h.close());

const tableIds = async () => (await readTable(table)).values.map((r) => r[ID] as number);

/**
 * Runs a refresh and, while its second page is held at Claret's door, does what the planner does in Excel. (The
 * table's cells are read while the first page travels: by the second page they are in.)
 */
async function refreshWhile(plannerEdits: () => void): Promise<unknown> {
  const door = h.sim.hold("GET /sales");
  const refreshing = refreshActiveSheet(h.session).catch((e: unknown) => e);
  await door.untilWaiting(1);
  door.releaseWaiting(); // the first page
  await door.untilWaiting(1); // the second
  plannerEdits();
  door.end();
  return refreshing;
}

const CHANGED =
  /^The table "[^"]+" changed while the refresh was running \(.+\), so Claret's changes could no longer be put on the right rows\. Nothing was changed: refresh again\.$/;

describe("a table changed during the drain stops the refresh before any change", () => {
  test.each([
    ["sorted", () => host.sortTable(table, [{ key: QTY, ascending: false }])],
    ["a row deleted", () => host.deleteRows(sheet, 5, 1)],
    ["a row added below by typing", () => host.setValues(sheet, `A${rows + 2}`, [["2024-06-01"]])],
    ["an id edited", () => host.setValues(sheet, "H9", [[999999]])],
    ["filtered", () => host.filterTable(table, QTY, { filterOn: "Custom", criterion1: ">=10" })],
    ["its totals row shown", () => host.setShowTotals(table, true)],
  ])("%s", async (_what, edit) => {
    let before = "";
    const failure = await refreshWhile(() => {
      edit();
      before = JSON.stringify(host.snapshot());
    });
    expect(toUserMessage(failure)).toEqual({
      intent: "error",
      text: expect.stringMatching(CHANGED),
    });
    expect(JSON.stringify(host.snapshot())).toBe(before);
  });

  test("the sentence names the id cell that changed", async () => {
    const ids = await tableIds();
    const failure = await refreshWhile(() => host.setValues(sheet, "H9", [[999999]]));
    expect(toUserMessage(failure).text).toContain(
      `the id in H9 was ${ids[7]} when the refresh read the table and is 999999 now`
    );
  });

  test("refreshing again afterwards puts every change on its own record", async () => {
    const ids = await tableIds();
    await refreshWhile(() => host.sortTable(table, [{ key: QTY, ascending: false }]));
    const result = await refreshActiveSheet(h.session);
    expect(result).toMatchObject({ updated: 1, added: 1, removed: 1 });
    const after = await readTable(table);
    const byId = new Map(after.values.map((r) => [r[ID] as number, r]));
    expect(byId.get(ids[10])![QTY]).toBe(4321);
    expect(byId.has(ids[20])).toBe(false);
    const claret = new Map(h.sim.salesOf("History").map((r) => [r.id, r.quantity]));
    for (const [id, row] of byId) expect(row[QTY]).toBe(claret.get(id));
  });
});

test("a note typed beside the table during the drain does not stop the refresh, and stays on its record", async () => {
  const ids = await tableIds();
  const failure = await refreshWhile(() => host.setValues(sheet, "L12", [["call the buyer"]]));
  expect(failure).toMatchObject({ updated: 1, added: 1, removed: 1 });
  const after = await readTable(table);
  const row = after.values.findIndex((r) => r[ID] === ids[10]);
  expect(host.getValues(sheet, `L${row + 2}`)).toEqual([["call the buyer"]]);
  expect(after.values[row][QTY]).toBe(4321);
});
