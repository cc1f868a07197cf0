// Excel's undo stack (host.undo() is the person's Ctrl+Z): one record per request of the add-in, one per Excel.run that
// asked mergeUndoGroup where ExcelApi 1.20 is supported, one per action of the person; members of Microsoft's
// "Unsupported APIs" table clear the stack, or throw UndoNotSupported inside a merged group (learn.microsoft.com
// "Undo support with the Excel JavaScript API").
import { createExcelHost, type EmulatorOptions, type ExcelHost } from "../../dev/excel-emulator";

let host: ExcelHost;
const make = (opts: EmulatorOptions = {}) => {
  host = createExcelHost(opts);
  host.addSheet("Data");
  host.setValues("Data", "A1:B3", [
    ["name", "qty"],
    ["a", 1],
    ["b", 2],
  ]);
  host.addTable("Data", "A1:B3", "T");
  host.setCellFormat("Data", "B2", { fill: "#FFFF00" });
  return host;
};
const grouped = { mergeUndoGroup: true } as Excel.RunOptions;
/** two requests: a value and a fill in the first, a row added and a sheet in the second */
const twoSyncs = async (ctx: Excel.RequestContext) => {
  const sheet = ctx.workbook.worksheets.getItem("Data");
  sheet.getRange("B2").values = [[10]];
  sheet.getRange("B2").format.fill.clear();
  await ctx.sync();
  sheet.getRange("3:3").insert(Excel.InsertShiftDirection.down);
  sheet.getRange("A3:B3").values = [["new", 5]];
  ctx.workbook.worksheets.add("Extra");
  await ctx.sync();
};
const before = () => ({
  values: host.getValues("Data", "A1:B4"),
  formats: host.getCellFormats("Data", "A1:B4"),
  tables: host.tables(),
  sheets: host.sheets().map((s) => s.name),
});
const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { code?: string }) => e.code
  );

test("without mergeUndoGroup each request is one undo record: one Ctrl+Z undoes the last request only", async () => {
  make({ excelApi: "1.20" });
  const was = before();
  await host.Excel.run(twoSyncs);
  expect(host.undoStack.slice(-2)).toEqual([
    { by: "add-in", requests: 1, group: null },
    { by: "add-in", requests: 1, group: null },
  ]);
  host.undo();
  // the sheet and the row are gone, the first request's value and fill stay
  expect(host.sheets().map((s) => s.name)).toEqual(was.sheets);
  expect(host.getValues("Data", "B2")).toEqual([[10]]);
  expect(host.getCellFormats("Data", "B2")).toEqual([[null]]);
  host.undo();
  expect(before()).toEqual(was);
});

test("with mergeUndoGroup where ExcelApi 1.20 is reported, one Ctrl+Z undoes the whole Excel.run: cells, formats, rows, table, sheets", async () => {
  make({ excelApi: "1.20" });
  const was = before();
  await host.Excel.run(grouped, twoSyncs);
  expect(host.undoStack[host.undoStack.length - 1]).toMatchObject({ by: "add-in", requests: 2 });
  expect(host.syncLog.every((r) => r.undoGroup === host.syncLog[0].undoGroup)).toBe(true);
  expect(host.undo()).toMatchObject({ requests: 2 });
  expect(before()).toEqual(was);
  // the person's own actions before it are still on the stack
  expect(host.undoStack.every((r) => r.by === "person")).toBe(true);
});

test("where ExcelApi 1.20 is not reported, mergeUndoGroup is not honoured: one record per request", async () => {
  make();
  expect(host.Office.context.requirements.isSetSupported("ExcelApi", "1.20")).toBe(false);
  await host.Excel.run(grouped, twoSyncs);
  expect(host.syncLog.some((r) => r.undoGroup)).toBe(false);
  expect(host.undoStack.filter((r) => r.by === "add-in")).toHaveLength(2);
});

test("ExcelApi 1.20 is reported only when asked", () => {
  make({ excelApi: "1.20" });
  expect(host.Office.context.requirements.isSetSupported("ExcelApi", "1.20")).toBe(true);
  expect(host.Office.context.requirements.isSetSupported("ExcelApi", "1.21")).toBe(false);
});

test("a request that changes nothing makes no undo record; the person's typing is one", async () => {
  make();
  const depth = host.undoStack.length;
  await host.Excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Data").getRange("A1:B3").load("values");
    await ctx.sync();
  });
  expect(host.undoStack).toHaveLength(depth);
  host.setValue("Data", "A2", "typed");
  expect(host.undoStack).toHaveLength(depth + 1);
  host.undo();
  expect(host.getValues("Data", "A2")).toEqual([["a"]]);
});

test.each([
  ["windows-mac", "Worksheet.visibility", true],
  ["web", "Worksheet.visibility", false],
  ["windows-mac", "Worksheet.delete", true],
  ["web", "Worksheet.delete", true],
  ["windows-mac", "Worksheet.name", true],
  ["web", "Worksheet.name", false],
] as const)("on %s, %s clears the undo stack: %s", async (undoPlatform, member, clears) => {
  make({ undoPlatform });
  await host.Excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Data").getRange("A2").values = [["x"]];
    const s = ctx.workbook.worksheets.add("Other");
    await ctx.sync();
    if (member === "Worksheet.visibility") s.visibility = Excel.SheetVisibility.hidden;
    if (member === "Worksheet.delete") s.delete();
    if (member === "Worksheet.name") s.name = "Renamed";
    await ctx.sync();
  });
  if (clears) {
    expect(host.undoStack).toEqual([]);
    expect(host.undoClears).toBe(1);
    expect(host.undo()).toBeNull();
  } else {
    expect(host.undoClears).toBe(0);
    expect(host.undoStack.length).toBeGreaterThan(0);
  }
});

test("inside a merged group a member without undo support throws UndoNotSupported, and nothing of its request applies after it", async () => {
  make({ excelApi: "1.20", undoPlatform: "windows-mac" });
  const code = await failure(
    host.Excel.run(grouped, async (ctx) => {
      const s = ctx.workbook.worksheets.add("Hidden");
      s.visibility = Excel.SheetVisibility.hidden;
      await ctx.sync();
    })
  );
  expect(code).toBe("UndoNotSupported");
  expect(host.undoClears).toBe(0);
  // the sheet added before the failing member stays, and is one Ctrl+Z away
  expect(host.sheets().find((s) => s.name === "Hidden")?.visibility).toBe("Visible");
  host.undo();
  expect(host.sheets().some((s) => s.name === "Hidden")).toBe(false);
});

test("Ctrl+Z after a reopen has nothing to undo", async () => {
  make();
  host.saveAndReopen();
  expect(host.undo()).toBeNull();
});

test("records share rows copy-on-write: undoing an edit of one row of 40,000 gives back every row", async () => {
  host = createExcelHost();
  const rows = Array.from({ length: 40_000 }, (_, i) => [i, `r${i}`]);
  await host.Excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B40000").values = rows;
    await ctx.sync();
  });
  for (let i = 0; i < 5; i++)
    await host.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange(`A${i + 1}`).values = [[-1]];
      await ctx.sync();
    });
  for (let i = 0; i < 5; i++) host.undo();
  expect(host.getValues("Sheet1", "A1:B40000")).toEqual(rows);
  host.undo();
  expect(host.sheetSize("Sheet1")).toEqual({ rows: 0, columns: 0 });
});
