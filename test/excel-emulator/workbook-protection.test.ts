// Workbook structure protection (Review > Protect Workbook; ExcelApi 1.7 workbook.protection): while on, no sheet is
// added, deleted, renamed, moved, hidden or unhidden — by the add-in or the person; cells stay editable.
import { createExcelHost, type ExcelHost } from "../../dev/excel-emulator";

let host: ExcelHost;
beforeEach(() => {
  host = createExcelHost();
  host.addSheet("Data");
});
const run = <T>(batch: (ctx: Excel.RequestContext) => Promise<T>) => host.Excel.run(batch);
const failure = (batch: (ctx: Excel.RequestContext) => Promise<unknown>) =>
  run(batch).then(
    () => null,
    (e: { code?: string; debugInfo?: { errorLocation?: string } }) => ({
      code: e.code,
      location: e.debugInfo?.errorLocation,
    })
  );

test("workbook.protection.protected reads the structure's protection, set by the person or by protect()", async () => {
  const read = () =>
    run(async (ctx) => {
      const p = ctx.workbook.protection.load("protected");
      await ctx.sync();
      return p.protected;
    });
  expect(await read()).toBe(false);
  host.protectStructure();
  expect(await read()).toBe(true);
  host.unprotectStructure();
  await run(async (ctx) => {
    ctx.workbook.protection.protect("pw");
    await ctx.sync();
  });
  expect(host.structureProtected).toBe(true);
});

test.each([
  [
    "adding a sheet",
    (ctx: Excel.RequestContext) => ctx.workbook.worksheets.add("New"),
    "WorksheetCollection.add",
  ],
  [
    "deleting a sheet",
    (ctx: Excel.RequestContext) => ctx.workbook.worksheets.getItem("Data").delete(),
    "Worksheet.delete",
  ],
  [
    "renaming a sheet",
    (ctx: Excel.RequestContext) => (ctx.workbook.worksheets.getItem("Data").name = "Other"),
    "Worksheet.name",
  ],
  [
    "hiding a sheet",
    (ctx: Excel.RequestContext) =>
      (ctx.workbook.worksheets.getItem("Data").visibility = Excel.SheetVisibility.hidden),
    "Worksheet.visibility",
  ],
  [
    "moving a sheet",
    (ctx: Excel.RequestContext) => (ctx.workbook.worksheets.getItem("Data").position = 0),
    "Worksheet.position",
  ],
])(
  "on a protected structure, %s fails with AccessDenied and nothing of the request after it runs",
  async (_, act, location) => {
    host.protectStructure();
    const sheetsBefore = host.sheets();
    expect(
      await failure(async (ctx) => {
        act(ctx);
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["after"]];
        await ctx.sync();
      })
    ).toEqual({ code: "AccessDenied", location });
    expect(host.sheets()).toEqual(sheetsBefore);
    expect(host.getValues("Sheet1", "A1")).toEqual([[""]]);
  }
);

test("cells, tables and custom properties of existing sheets stay writable; the person cannot add a sheet either", async () => {
  host.protectStructure();
  await run(async (ctx) => {
    const sheet = ctx.workbook.worksheets.getItem("Data");
    sheet.getRange("A1:B2").values = [
      ["a", "b"],
      [1, 2],
    ];
    sheet.tables.add("A1:B2", true);
    sheet.customProperties.add("k", "v");
    await ctx.sync();
  });
  expect(host.getValues("Data", "A2:B2")).toEqual([[1, 2]]);
  expect(() => host.addSheet("Mine")).toThrow(/structure is protected/);
});

test("protect() on a protected workbook fails; unprotect() needs the password; the protection is kept by a save", async () => {
  await run(async (ctx) => {
    ctx.workbook.protection.protect("secret");
    await ctx.sync();
  });
  expect(
    await failure(async (ctx) => {
      ctx.workbook.protection.protect();
      await ctx.sync();
    })
  ).toEqual({ code: "AccessDenied", location: "WorkbookProtection.protect" });
  expect(
    await failure(async (ctx) => {
      ctx.workbook.protection.unprotect("wrong");
      await ctx.sync();
    })
  ).toEqual({ code: "AccessDenied", location: "WorkbookProtection.unprotect" });
  host.saveAndReopen();
  expect(host.structureProtected).toBe(true);
  await run(async (ctx) => {
    ctx.workbook.protection.unprotect("secret");
    await ctx.sync();
  });
  expect(host.structureProtected).toBe(false);
});
