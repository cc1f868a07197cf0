// suspendApiCalculationUntilNextSync: "Once set, it is the developer's responsibility to re-calc the workbook, to
// ensure that any dependencies are propagated" (@types/office-js, Application). Formulas that read cells written
// while calculation was suspended show their old values until the workbook is calculated.
import { createExcelHost, type ExcelHost } from "../../dev/excel-emulator";

let host: ExcelHost;
beforeEach(() => {
  host = createExcelHost();
  host.addSheet("Data");
  host.setValues("Data", "A1:B1", [[1, "=A1*2"]]);
});
const run = <T>(batch: (ctx: Excel.RequestContext) => Promise<T>) => host.Excel.run(batch);
const readB1 = () =>
  run(async (ctx) => {
    const r = ctx.workbook.worksheets.getItem("Data").getRange("B1").load("values");
    await ctx.sync();
    return r.values[0][0];
  });
const writeSuspended = (value: number) =>
  run(async (ctx) => {
    ctx.application.suspendApiCalculationUntilNextSync();
    ctx.workbook.worksheets.getItem("Data").getRange("A1").values = [[value]];
    await ctx.sync();
  });

test("a formula reading a cell written while calculation was suspended keeps its old value", async () => {
  await writeSuspended(5);
  expect(await readB1()).toBe(2);
  expect(host.calculationHeld).toBe(true);
});

test.each(["Recalculate", "Full", "FullRebuild"] as const)(
  "application.calculate(%s) brings every formula up to date",
  async (type) => {
    await writeSuspended(5);
    await run(async (ctx) => {
      ctx.application.calculate(type);
      await ctx.sync();
    });
    expect(await readB1()).toBe(10);
    expect(host.calculationHeld).toBe(false);
  }
);

test("calculate with an unknown type fails with InvalidArgument", async () => {
  const error = await run(async (ctx) => {
    ctx.application.calculate("Soon" as Excel.CalculationType);
    await ctx.sync();
  }).catch((e: { code?: string }) => e.code);
  expect(error).toBe("InvalidArgument");
});

test("a later write with calculation on, or the person typing, calculates as Excel's automatic mode does", async () => {
  await writeSuspended(5);
  await run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Data").getRange("C1").values = [["x"]];
    await ctx.sync();
  });
  expect(await readB1()).toBe(10);
  await writeSuspended(7);
  expect(await readB1()).toBe(10);
  host.setValues("Data", "D1", [["typed"]]);
  expect(await readB1()).toBe(14);
});

test("a formula written while calculation is held is evaluated", async () => {
  await run(async (ctx) => {
    ctx.application.suspendApiCalculationUntilNextSync();
    const sheet = ctx.workbook.worksheets.getItem("Data");
    sheet.getRange("A1").values = [[3]];
    sheet.getRange("B1").formulas = [["=A1*3"]];
    await ctx.sync();
  });
  expect(await readB1()).toBe(9);
});
