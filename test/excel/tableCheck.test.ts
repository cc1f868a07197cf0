// The check a refresh makes just before its first write: is the table still as it was read?
import { readTableState, type TableState } from "../../src/excel/tableRead";
import { TableCheck, TableChangedError, type TableChange } from "../../src/excel/tableCheck";
import { installExcelHost, type ExcelHost } from "../helpers/excelHost";

const ID = 2; // table column of "id"
let host: ExcelHost;
let state: TableState;

beforeEach(async () => {
  host = installExcelHost();
  host.setValues("Sheet1", "B1:D5", [
    ["item", "quantity", "id"],
    ["a", 1, 11],
    ["b", 2, 12],
    ["c", 3, 13],
    ["d", 4, 14],
  ]);
  host.setValues("Sheet1", "F3", [["a note"]]);
  const tableId = host.addTable("Sheet1", "B1:D5", "Sales");
  state = await readTableState("Sheet1", tableId, ["item", "quantity", "id"]);
});

/** Runs the check as the apply does, in one request; the change it reports, or null. */
async function check(): Promise<TableChange | null> {
  return Excel.run(async (context) => {
    const c = new TableCheck(context, state, ID);
    expect(c.chunksBeforeLast).toBe(0);
    c.queueNext();
    await context.sync();
    try {
      c.throwIfChanged();
      return null;
    } catch (error) {
      if (error instanceof TableChangedError) return error.change;
      throw error;
    }
  });
}

test("a table as it was read passes, notes beside it within what was read included", async () => {
  host.setValues("Sheet1", "F4", [["another note"]]);
  host.setCellFormat("Sheet1", "C2", { fill: "#FFFF00" });
  expect(await check()).toBeNull();
});

test.each<[string, () => void, TableChange]>([
  [
    "an id edited",
    () => host.setValues("Sheet1", "D4", [[99]]),
    { kind: "id", row: 2, column: ID, was: 13, now: 99 },
  ],
  [
    "rows sorted",
    () => host.sortTable("Sales", [{ key: 1, ascending: false }]),
    { kind: "id", row: 0, column: ID, was: 11, now: 14 },
  ],
  ["a row deleted", () => host.deleteRows("Sheet1", 2, 1), { kind: "rows", was: 4, now: 3 }],
  ["a header renamed", () => host.setValues("Sheet1", "C1", [["qty"]]), { kind: "columns" }],
  ["the totals row shown", () => host.setShowTotals("Sales", true), { kind: "totals" }],
  [
    "a filter applied",
    () => host.filterTable("Sales", 1, { filterOn: "Custom", criterion1: ">=2" }),
    { kind: "filter" },
  ],
  [
    "a note typed further right than the sheet reached",
    () => host.setValues("Sheet1", "H2", [["far note"]]),
    { kind: "beside", column: 7 },
  ],
])("%s is found", async (_what, edit, change) => {
  edit();
  expect(await check()).toEqual(change);
});
