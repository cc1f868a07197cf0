// Tables: overlap, names, calculated columns, deletion, copy, shifting cells.
import { createExcelHost, type ExcelHost } from "../../dev/excel-emulator";

let host: ExcelHost;
beforeEach(() => {
  host = createExcelHost();
  host.setValues("Sheet1", "A1:B4", [
    ["item", "quantity"],
    ["a", 1],
    ["b", 2],
    ["c", 3],
  ]);
});
const run = <T>(batch: (ctx: Excel.RequestContext) => Promise<T>) => host.Excel.run(batch);

test("a table cannot overlap another table", async () => {
  host.addTable("Sheet1", "A1:B4", "Sales");
  const err = await run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Sheet1").tables.add("B3:C6", true);
  }).catch((e) => e);
  expect(err).toMatchObject({
    code: "InvalidArgument",
    message: expect.stringContaining("overlap"),
  });
  expect(host.tables().map((t) => t.name)).toEqual(["Sales"]);
});

test("table names are unique across the workbook", async () => {
  host.addTable("Sheet1", "A1:B4", "Sales");
  host.addSheet("Other");
  host.setValues("Other", "A1:A2", [["x"], [1]]);
  const err = await run(async (ctx) => {
    const t = ctx.workbook.worksheets.getItem("Other").tables.add("A1:A2", true);
    t.name = "SALES";
  }).catch((e) => e);
  expect(err).toMatchObject({
    code: "InvalidArgument",
    message: expect.stringContaining("already exists"),
  });
});

test("typing into the row right below a table adds that row to the table (Excel's AutoExpansion), not a row further down", () => {
  host.addTable("Sheet1", "A1:B4", "Sales");
  host.setValue("Sheet1", "A5", "d");
  expect(host.tables()[0]).toMatchObject({ address: "Sheet1!A1:B5" });
  host.setValue("Sheet1", "B7", 9); // a gap row: not adjacent, the table stays
  expect(host.tables()[0]).toMatchObject({ address: "Sheet1!A1:B5" });
  host.setValue("Sheet1", "D6", 1); // below, but outside the table's columns
  expect(host.tables()[0]).toMatchObject({ address: "Sheet1!A1:B5" });
});

test("a resize keeps the header row and a calculated column fills the rows the table grows by", async () => {
  host.addTable("Sheet1", "A1:B4", "Sales");
  host.setValue("Sheet1", "C1", "double"); // typing beside the header row adds a column
  host.setValue("Sheet1", "C2", "=[@quantity]*2"); // one formula in an empty column fills it
  expect(host.getValues("Sheet1", "C2:C4")).toEqual([[2], [4], [6]]);
  await run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem("Sheet1");
    ws.getRange("A5:B6").values = [
      ["d", 4],
      ["e", 5],
    ];
    ws.tables.getItem("Sales").resize("A1:C6");
  });
  expect(host.getFormulas("Sheet1", "C5:C6")).toEqual([["=[@quantity]*2"], ["=[@quantity]*2"]]);
  expect(host.getValues("Sheet1", "C5:C6")).toEqual([[8], [10]]);
  expect(host.tables()[0]).toMatchObject({
    address: "Sheet1!A1:C6",
    headers: ["item", "quantity", "double"],
  });
});

test("rows.add fills calculated columns of the new rows", async () => {
  host.addTable("Sheet1", "A1:B4", "Sales");
  await run(async (ctx) => {
    const t = ctx.workbook.tables.getItem("Sales");
    t.columns.add(undefined, [
      ["total"],
      ["=SUM(Sales[quantity])"],
      ["=SUM(Sales[quantity])"],
      ["=SUM(Sales[quantity])"],
    ]);
    t.rows.add(undefined, [["d", 4, ""]]);
  });
  expect(host.getValues("Sheet1", "C5")).toEqual([[10]]);
});

test("deleting a table turns formulas that refer to it into #REF!", async () => {
  host.addTable("Sheet1", "A1:B4", "Sales_History");
  host.addSheet("Report");
  host.setValue("Report", "A1", "=SUM(Sales_History[quantity])");
  expect(host.getValues("Report", "A1")).toEqual([[6]]);
  await run(async (ctx) => {
    ctx.workbook.tables.getItem("Sales_History").delete();
  });
  expect(host.getFormulas("Report", "A1")).toEqual([["=SUM(#REF!)"]]);
  expect(host.getValues("Report", "A1")).toEqual([["#REF!"]]);
});

test("renaming a table keeps formulas that refer to it working", async () => {
  host.addTable("Sheet1", "A1:B4", "Sales");
  host.setValue("Sheet1", "E1", "=SUM(Sales[quantity])");
  await run(async (ctx) => {
    ctx.workbook.tables.getItem("Sales").name = "Sales2";
  });
  expect(host.getFormulas("Sheet1", "E1")).toEqual([["=SUM(Sales2[quantity])"]]);
  expect(host.getValues("Sheet1", "E1")).toEqual([[6]]);
});

test("copyFrom copies values and formats inside Excel: the data is not in the request, the cells are counted as copied", async () => {
  host.setNumberFormat("Sheet1", "B2:B4", "0.00");
  const rows = Array.from({ length: 3000 }, (_, i) => [`name ${i}`, i]);
  host.setValues("Sheet1", "A2:B3001", rows);
  host.resetSyncLog();
  await run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem("Sheet1");
    ws.getRange("E1").copyFrom("A1:B3001", "All");
  });
  expect(host.getValues("Sheet1", "E3001:F3001")).toEqual([["name 2999", 2999]]);
  expect(host.getNumberFormats("Sheet1", "F2:F3")).toEqual([["0.00"], ["0.00"]]);
  expect(host.syncLog).toHaveLength(1);
  expect(host.syncLog[0]).toMatchObject({ cellsCopied: 6002, cellsWritten: 0 });
  // the request names the two ranges, not the 6,002 cells (a one-cell write alone is ~300 bytes as sent)
  expect(host.syncLog[0].payloadBytes).toBeLessThan(1_500);
});

test("deleting whole sheet rows above a table moves the table up; inserting rows inside it grows it", async () => {
  host.setValues("Sheet1", "A1:B6", [
    ["title", ""],
    ["", ""],
    ["item", "quantity"],
    ["a", 1],
    ["b", 2],
    ["c", 3],
  ]);
  host.addTable("Sheet1", "A3:B6", "Sales");
  await run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem("Sheet1");
    ws.getRange("1:2").delete("Up");
    ws.getRange("3:4").insert("Down");
  });
  expect(host.tables()[0].address).toBe("Sheet1!A1:B6");
  expect(host.getValues("Sheet1", "A1:A6")).toEqual([["item"], ["a"], [""], [""], ["b"], ["c"]]);
});

test("inserting cells that would split a table is refused with InvalidOperation", async () => {
  host.addTable("Sheet1", "A1:B4", "Sales");
  const err = await run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Sheet1").getRange("B2").insert("Down");
  }).catch((e) => e);
  expect(err).toMatchObject({ code: "InvalidOperation" });
});

test("header cells are made unique and never blank", async () => {
  host.setValues("Sheet1", "A1:C2", [
    ["name", "name", ""],
    [1, 2, 3],
  ]);
  host.addTable("Sheet1", "A1:C2");
  expect(host.tables()[0].headers).toEqual(["name", "name2", "Column3"]);
});

test("table parts and rows/columns are read through the API", async () => {
  host.addTable("Sheet1", "A1:B4", "Sales");
  await run(async (ctx) => {
    const t = ctx.workbook.tables.getItem("Sales");
    const body = t.getDataBodyRange().load("address");
    const header = t.getHeaderRowRange().load("values");
    t.rows.load("count");
    t.columns.load("items/name");
    const ws = t.worksheet.load("name");
    await ctx.sync();
    expect(body.address).toBe("Sheet1!A2:B4");
    expect(header.values).toEqual([["item", "quantity"]]);
    expect(t.rows.count).toBe(3);
    expect(t.columns.items.map((c) => c.name)).toEqual(["item", "quantity"]);
    expect(ws.name).toBe("Sheet1");
  });
});

test("adding a column inside a table adds exactly one column, and deleting it puts the table back", async () => {
  const host = createExcelHost();
  host.setValues("Sheet1", "A1:C3", [
    ["a", "b", "u"],
    [1, 2, 3],
    [4, 5, 6],
  ]);
  host.addTable("Sheet1", "A1:C3", "T");
  await host.Excel.run(async (ctx) => {
    const t = ctx.workbook.tables.getItem("T");
    t.columns.add(2, undefined, "new");
    await ctx.sync();
    expect(host.tables()[0]).toMatchObject({
      address: "Sheet1!A1:D3",
      headers: ["a", "b", "new", "u"],
    });
    t.columns.getItem("new").delete();
    await ctx.sync();
  });
  expect(host.tables()[0]).toMatchObject({ address: "Sheet1!A1:C3", headers: ["a", "b", "u"] });
  expect(host.getValues("Sheet1", "A1:D3")).toEqual([
    ["a", "b", "u", ""],
    [1, 2, 3, ""],
    [4, 5, 6, ""],
  ]);
});

test("adding a row inside a table adds exactly one row", async () => {
  const host = createExcelHost();
  host.setValues("Sheet1", "A1:B3", [
    ["a", "b"],
    [1, 2],
    [3, 4],
  ]);
  host.addTable("Sheet1", "A1:B3", "T");
  await host.Excel.run(async (ctx) => {
    ctx.workbook.tables.getItem("T").rows.add(1, [[9, 9]]);
    await ctx.sync();
  });
  expect(host.tables()[0].address).toBe("Sheet1!A1:B4");
  expect(host.getValues("Sheet1", "A1:B5")).toEqual([
    ["a", "b"],
    [1, 2],
    [9, 9],
    [3, 4],
    ["", ""],
  ]);
});
