// Hidden rows and visible-cell reads; what persists with the workbook; selection.
import { createExcelHost, type ExcelHost } from "../../dev/excel-emulator";

let host: ExcelHost;
beforeEach(() => {
  host = createExcelHost();
});
const run = <T>(batch: (ctx: Excel.RequestContext) => Promise<T>) => host.Excel.run(batch);

test("rows hidden on the host (a filter) are reported by rowHidden and left out of visible-cell reads", async () => {
  host.setValues("Sheet1", "A1:B6", [
    ["item", "q"],
    ["a", 1],
    ["b", 2],
    ["c", 3],
    ["d", 4],
    ["e", 5],
  ]);
  host.addTable("Sheet1", "A1:B6", "Sales");
  host.setRowsHidden("Sheet1", 2, 2, true); // rows 3 and 4 ("b", "c")
  await run(async (ctx) => {
    const body = ctx.workbook.tables.getItem("Sales").getDataBodyRange();
    const visible = body.getSpecialCells("Visible").load("address,areaCount");
    visible.areas.load("items/address");
    const view = body.getVisibleView().load("values,rowCount");
    view.rows.load("items/index,items/values");
    const row3 = ctx.workbook.worksheets.getItem("Sheet1").getRange("A3").load("rowHidden");
    const mixed = body.load("rowHidden");
    await ctx.sync();
    expect(visible.address).toBe("Sheet1!A2:B2,Sheet1!A5:B6");
    expect(visible.areaCount).toBe(2);
    expect(visible.areas.items.map((a) => a.address)).toEqual(["Sheet1!A2:B2", "Sheet1!A5:B6"]);
    expect(view.values).toEqual([
      ["a", 1],
      ["d", 4],
      ["e", 5],
    ]);
    expect(view.rows.items.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(row3.rowHidden).toBe(true);
    expect(mixed.rowHidden).toBeNull();
  });
});

test("workbook settings and worksheet custom properties persist across save and reopen", async () => {
  await run(async (ctx) => {
    ctx.workbook.settings.add("claret.queries", { Sales: { saleType: "Actuals" } });
    ctx.workbook.worksheets
      .getItem("Sheet1")
      .customProperties.add("claretQuery", '{"saleType":"Actuals"}');
  });
  host.saveAndReopen();
  const got = await run(async (ctx) => {
    const s = ctx.workbook.settings.getItem("claret.queries").load("value");
    const p = ctx.workbook.worksheets
      .getItem("Sheet1")
      .customProperties.getItemOrNullObject("CLARETQUERY")
      .load("value");
    await ctx.sync();
    return { setting: s.value, prop: p.value };
  });
  expect(got).toEqual({
    setting: { Sales: { saleType: "Actuals" } },
    prop: '{"saleType":"Actuals"}',
  });
});

test("a worksheet custom property value comes back from save and reopen cut to 255 characters (office-js#4530)", async () => {
  const long = "x".repeat(254) + "€yz";
  await run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Sheet1").customProperties.add("long", long);
  });
  const read = () =>
    run(async (ctx) => {
      const p = ctx.workbook.worksheets.getItem("Sheet1").customProperties.getItem("long");
      p.load("value");
      await ctx.sync();
      return p.value;
    });
  expect(await read()).toBe(long); // whole while the workbook stays open
  host.saveAndReopen();
  expect(await read()).toBe(long.slice(0, 255));
});

test("save and reopen keeps cells, formats, tables and hidden rows, and the objects kept before it are gone", async () => {
  host.setValues("Sheet1", "A1:A3", [["h"], [1], [2]]);
  host.setNumberFormat("Sheet1", "A2", "0.00");
  host.addTable("Sheet1", "A1:A3", "T");
  host.setRowsHidden("Sheet1", 2, 1, true);
  const before = host.snapshot();
  await run(async (ctx) => {
    const kept = ctx.workbook.worksheets.getItem("Sheet1").getRange("B1");
    kept.load("address");
    await ctx.sync();
    host.saveAndReopen();
    kept.values = [["late"]];
    await expect(ctx.sync()).rejects.toMatchObject({ code: "InvalidObjectPath" });
  });
  expect(host.snapshot()).toEqual(before);
});

test("OfficeRuntime.storage is kept by the add-in, not by the workbook", async () => {
  await host.OfficeRuntime.storage.setItem("token:demo", "abc");
  host.saveAndReopen();
  expect(await host.OfficeRuntime.storage.getItem("token:demo")).toBe("abc");
});

test("a multi-area selection is read with getSelectedRanges; getSelectedRange refuses it", async () => {
  host.select("Sheet1", "A1:B3,D1:D3");
  const address = await run(async (ctx) => {
    const areas = ctx.workbook.getSelectedRanges().load("address,areaCount");
    await ctx.sync();
    return [areas.address, areas.areaCount];
  });
  expect(address).toEqual(["Sheet1!A1:B3,Sheet1!D1:D3", 2]);
  await expect(
    run(async (ctx) => {
      ctx.workbook.getSelectedRange().load("address");
    })
  ).rejects.toMatchObject({ code: "InvalidSelection" });
});

test("the last visible worksheet cannot be hidden or deleted", async () => {
  host.addSheet("Staging");
  await run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Staging").visibility = "Hidden";
  });
  await expect(
    run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").delete();
    })
  ).rejects.toMatchObject({ code: "InvalidOperation" });
  expect(host.sheets().map((s) => [s.name, s.visibility])).toEqual([
    ["Sheet1", "Visible"],
    ["Staging", "Hidden"],
  ]);
});

describe("a saved file (host.save()) opened by another host, as the workbench reopens across a page reload", () => {
  test("keeps what saveAndReopen keeps, through a structured clone, and works under Office.js", async () => {
    host.setValues("Sheet1", "A1:B3", [
      ["h", "f"],
      [1, "=NA()"],
      [2, "=SUM(A2:A3)"],
    ]);
    host.setNumberFormat("Sheet1", "A2", "0.00");
    host.addTable("Sheet1", "A1:B3", "T");
    host.setRowsHidden("Sheet1", 2, 1, true);
    host.setCellFormat("Sheet1", "A3", { fill: "#FFFF00" });
    await run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").customProperties.add("k", "x".repeat(300));
      ctx.workbook.settings.add("s", { a: 1 });
    });
    host.Office.context.document.settings.set("unsaved", 1);
    await host.Office.addin.setStartupBehavior(host.Office.StartupBehavior.load);
    const file = structuredClone(host.save());
    host.saveAndReopen();
    const expected = host.snapshot();

    const opened = createExcelHost({ file });
    try {
      expect(opened.snapshot()).toEqual(expected);
      expect(opened.getValues("Sheet1", "B2")).toEqual([["#N/A"]]);
      expect(opened.startupBehavior).toBe("Load");
      expect(opened.Office.context.document.settings.get("unsaved")).toBeNull();
      await opened.Excel.run(async (ctx) => {
        ctx.workbook.tables.getItem("T").rows.add(undefined, [[3, "new"]]);
        await ctx.sync();
      });
      expect(opened.getValues("Sheet1", "A4:B4")).toEqual([[3, "new"]]);
    } finally {
      opened.uninstall();
    }
  });

  test("a sheet added after the reopen gets an id of its own, in a new page as in the same one", async () => {
    host.addSheet("Budget");
    const file = structuredClone(host.save());
    // a new page: the emulator's modules are loaded afresh, as the workbench's reload does
    let fresh!: typeof import("../../dev/excel-emulator");
    await jest.isolateModulesAsync(async () => {
      (await import("../../dev/excel-emulator/node-client")).loadMicrosoftClientOnInstall();
      fresh = await import("../../dev/excel-emulator");
    });
    const opened = fresh.createExcelHost({ file });
    try {
      const ids = await opened.Excel.run(async (ctx) => {
        const added = ctx.workbook.worksheets.add("Backup");
        const sheets = ctx.workbook.worksheets.load("items/id,items/name");
        await ctx.sync();
        ctx.workbook.worksheets.getItem("Backup").delete();
        await ctx.sync();
        void added;
        return sheets.items.map((s) => s.id);
      });
      expect(new Set(ids).size).toBe(ids.length);
      expect(opened.sheets().map((s) => s.name)).toEqual(["Sheet1", "Budget"]);
    } finally {
      opened.uninstall();
    }
  });
});
