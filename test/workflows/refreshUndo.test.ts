// Ctrl+Z after a refresh: where Excel can group a run's requests into one undo record (mergeUndoGroup, ExcelApi 1.20),
// one Ctrl+Z gives back the table exactly as it was — every cell, number format and fill, the rows Claret removed, the
// rows it added gone, the "Removed by refresh" sheet gone. Where Excel refuses the group, the refresh still completes
// without it and says Ctrl+Z cannot undo it in one step; where 1.20 is not supported, no group is asked.
import type { EmulatorOptions, WorkbookSnapshot } from "../../dev/excel-emulator";
import { WORK_SHEET } from "../../src/excel/refreshApply";
import { refreshActiveSheet } from "../../src/workflows/pullRefresh/refresh";
import { refreshedMessage, UNDO_NOT_ONE_STEP } from "../../src/workflows/messages";
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { installExcelHost, type ExcelHost } from "../helpers/excelHost";
import { ALL_HISTORY, startSimulatorHarness, type SimulatorHarness } from "../helpers/simulator";
import { readTable } from "../helpers/workbook";

// Columns of a table pulled without hierarchy: A sell_date … D quantity … H id; the planner's notes in L.
const ID = 7;
const QUERY = { ...ALL_HISTORY, startDate: "2024-01-01", durationDays: 366 };

let h: SimulatorHarness;
let host: ExcelHost;
let sheet: string;
let table: string;

async function start(opts: EmulatorOptions): Promise<void> {
  host = installExcelHost(opts);
  h = await startSimulatorHarness({ records: 400 });
  ({ sheetName: sheet, tableName: table } = await pullSales(h.session, QUERY));
}
afterEach(() => h.close());

/** The workbook as the planner sees it: every sheet but the add-in's hidden work sheet. */
const visibleWorkbook = (): WorkbookSnapshot => {
  const s = host.snapshot();
  return { ...s, sheets: s.sheets.filter((x) => x.name !== WORK_SHEET) };
};

/** The planner's own work on the table, then Claret changes: updates, removals (one with a note), an addition. */
async function changeBothSides(): Promise<void> {
  const ids = (await readTable(table)).values.map((r) => r[ID] as number);
  host.setValues(sheet, "L2:L4", [["note 1"], ["note 2"], ["note 3"]]);
  host.setCellFormat(sheet, "D2:D5", { fill: "#FFFF00", bold: true });
  h.sim.setQuantities("History", [
    { id: ids[0], quantity: 4321 },
    { id: ids[7], quantity: 8765 },
  ]);
  h.sim.deleteRecords("History", [ids[2], ids[5]]);
  h.sim.insertRecords("History", [
    {
      item_name: "Undo Item",
      customer_group_name: "Undo Group",
      sell_date: "2024-03-01",
      quantity: 3,
    },
  ]);
}

test("where ExcelApi 1.20 is supported, one Ctrl+Z after a refresh gives back the old table cell for cell, formats included", async () => {
  await start({ excelApi: "1.20" });
  await changeBothSides();
  const before = visibleWorkbook();
  host.resetSyncLog();
  const result = await refreshActiveSheet(h.session);
  expect(result).toMatchObject({ updated: 2, removed: 2, added: 1, keptOnRemovedSheet: 1 });
  expect(result.undoGroupRefused).toBe(false);
  expect(refreshedMessage(result).text).not.toContain(UNDO_NOT_ONE_STEP);
  expect(visibleWorkbook()).not.toEqual(before);
  // the apply's requests are one undo group
  const groups = new Set(host.syncLog.map((r) => r.undoGroup).filter(Boolean));
  expect(groups.size).toBe(1);

  expect(host.undo()).toMatchObject({ by: "add-in" });
  expect(visibleWorkbook()).toEqual(before);
  expect(host.getCellFormats(sheet, "D2:D5")).toEqual(
    Array.from({ length: 4 }, () => [{ fill: "#FFFF00", bold: true }])
  );
});

test("a refresh that only changes values is one undo step too, and needs no work sheet", async () => {
  await start({ excelApi: "1.20", undoPlatform: "web" });
  const ids = (await readTable(table)).values.map((r) => r[ID] as number);
  h.sim.setQuantities("History", [{ id: ids[1], quantity: 999 }]);
  const before = host.snapshot();
  await refreshActiveSheet(h.session);
  expect(host.sheets().some((s) => s.name === WORK_SHEET)).toBe(false);
  host.undo();
  expect(host.snapshot()).toEqual(before);
});

test("when Excel refuses the undo group (UndoNotSupported), the refresh runs again without it, completes, and says Ctrl+Z cannot undo it in one step", async () => {
  await start({ excelApi: "1.20" });
  await changeBothSides();
  // Excel refuses the group at its first write in the table
  const fault = host.failCommand((c) => c.location === "Range.values" && c.path.includes(sheet), {
    code: "UndoNotSupported",
  });
  host.resetSyncLog();
  const result = await refreshActiveSheet(h.session);
  expect(fault.fired).toBe(1);
  expect(result).toMatchObject({ updated: 2, removed: 2, added: 1, undoGroupRefused: true });
  expect(refreshedMessage(result).text).toContain(UNDO_NOT_ONE_STEP);
  expect(refreshedMessage(result).text).toContain("Ctrl+Z cannot undo it in one step");
  // the second run asked no group: its requests carry none
  const last = host.syncLog.slice(
    host.syncLog.findIndex((r) => r.error === "UndoNotSupported") + 1
  );
  expect(last.length).toBeGreaterThan(0);
  expect(last.some((r) => r.undoGroup)).toBe(false);
  const t = await readTable(table);
  expect(t.values.some((r) => r.includes("Undo Item"))).toBe(true);
});

test("when the grouped refresh meets Excel's internal error before anything changed, it runs again without the group", async () => {
  await start({ excelApi: "1.20", undoPlatform: "web" });
  await changeBothSides();
  host.failCommand("Range.copyFrom", { code: "GeneralException" });
  const result = await refreshActiveSheet(h.session);
  expect(result).toMatchObject({ removed: 2, added: 1, undoGroupRefused: true });
});

test("where ExcelApi 1.20 is not supported, no undo group is asked and the refresh says nothing of Ctrl+Z", async () => {
  await start({});
  await changeBothSides();
  host.resetSyncLog();
  const result = await refreshActiveSheet(h.session);
  expect(host.syncLog.some((r) => r.undoGroup)).toBe(false);
  expect(result.undoGroupRefused).toBe(false);
  expect(refreshedMessage(result).text).not.toContain("Ctrl+Z");
  // each request is its own undo record there, and the backup sheet's delete clears the stack
  expect(host.undoClears).toBeGreaterThan(0);
});
