// Host-side fault injection (a command failing half-way through a request) and the minimal defined-names collection.
import { createExcelHost, type ExcelHost } from "../../dev/excel-emulator";

let host: ExcelHost;
beforeEach(() => {
  host = createExcelHost();
});
const run = <T>(batch: (ctx: Excel.RequestContext) => Promise<T>) => host.Excel.run(batch);

describe("failCommand", () => {
  test("an injected failure leaves the commands before it in the same request applied and the ones after it not", async () => {
    host.setValues("Sheet1", "A1:A2", [["source"], ["old"]]);
    host.failCommand("Range.copyFrom");
    const failure = await run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("B1").values = [["before"]];
      sheet.getRange("A2").copyFrom(sheet.getRange("A1"));
      sheet.getRange("C1").values = [["after"]];
      await ctx.sync();
    }).catch((e: unknown) => e);
    expect(failure).toMatchObject({
      code: "GeneralException",
      debugInfo: { errorLocation: "Range.copyFrom" },
    });
    expect(host.getValues("Sheet1", "A1:C2")).toEqual([
      ["source", "before", ""],
      ["old", "", ""],
    ]);
  });

  test("an injected failure fires only as many times as asked, then the command works again", async () => {
    host.setValues("Sheet1", "A1", [["x"]]);
    const fault = host.failCommand("Range.copyFrom", { code: "ActivityLimitReached" });
    const copy = () =>
      run(async (ctx) => ctx.workbook.worksheets.getItem("Sheet1").getRange("B1").copyFrom("A1"));
    await expect(copy()).rejects.toMatchObject({ code: "ActivityLimitReached" });
    await copy();
    expect(fault.fired).toBe(1);
    expect(host.getValues("Sheet1", "B1")).toEqual([["x"]]);
  });

  test("a predicate can pick one command among several of the same kind", async () => {
    host.addSheet("Other");
    host.failCommand((c) => c.location === "Worksheet.delete" && c.path.includes("Other"));
    await expect(
      run(async (ctx) => ctx.workbook.worksheets.getItem("Other").delete())
    ).rejects.toMatchObject({ code: "GeneralException" });
    expect(host.sheets().map((s) => s.name)).toEqual(["Sheet1", "Other"]);
  });
});

describe("defined names", () => {
  test("names added through the API are listed and kept across save and reopen", async () => {
    await run(async (ctx) => {
      ctx.workbook.names.add("Budget_2024", "=Sheet1!$A$1");
      await ctx.sync();
    });
    host.saveAndReopen();
    const names = await run(async (ctx) => {
      const items = ctx.workbook.names.load("items/name,items/formula");
      await ctx.sync();
      return items.items.map((n) => [n.name, n.formula]);
    });
    expect(names).toEqual([["Budget_2024", "=Sheet1!$A$1"]]);
  });

  test("a table cannot take the name of a defined name", async () => {
    host.setValues("Sheet1", "A1:A2", [["h"], [1]]);
    await run(async (ctx) => {
      ctx.workbook.names.add("Sales", "=Sheet1!$A$1");
      await ctx.sync();
    });
    const failure = await run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").tables.add("A1:A2", true).name = "sales";
      await ctx.sync();
    }).catch((e: unknown) => e);
    expect(failure).toMatchObject({
      code: "InvalidArgument",
      message: expect.stringMatching(/defined name/),
    });
  });
});
