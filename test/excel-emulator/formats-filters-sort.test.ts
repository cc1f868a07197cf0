// Cell formatting (opaque per-cell attributes), RangeCopyType, the totals row, AutoFilter, table sort and row
// insert/delete inside a table — each as real Excel does it (sources in dev/excel-emulator/README.md).
import { createExcelHost, type ExcelHost } from "../../dev/excel-emulator";

let host: ExcelHost;
beforeEach(() => {
  host = createExcelHost();
  host.setValues("Sheet1", "A1:B5", [
    ["item", "quantity"],
    ["b", 2],
    ["a", 30],
    ["c", 1],
    ["d", 4],
  ]);
  host.addTable("Sheet1", "A1:B5", "Sales");
  host.install(globalThis);
});
afterEach(() => host.uninstall());
const run = <T>(batch: (ctx: Excel.RequestContext) => Promise<T>) => host.Excel.run(batch);
const sheet = (ctx: Excel.RequestContext) => ctx.workbook.worksheets.getItem("Sheet1");
const col = (address: string) => host.getValues("Sheet1", address).map((r) => r[0]);

describe("cell formatting", () => {
  test("fill, font, conditional formats and data validation are kept per cell and read back", async () => {
    await run(async (ctx) => {
      const r = sheet(ctx).getRange("B2:B3");
      r.format.fill.color = "#FFFF00";
      r.format.font.bold = true;
      r.format.font.color = "#FF0000";
      r.conditionalFormats.add(Excel.ConditionalFormatType.cellValue);
      r.dataValidation.rule = { wholeNumber: { formula1: 0, operator: "GreaterThan" } };
      await ctx.sync();
    });
    const [b2] = host.getCellFormats("Sheet1", "B2")[0];
    expect(b2).toMatchObject({ fill: "#FFFF00", bold: true, fontColor: "#FF0000" });
    expect(b2?.conditionalFormat).toMatch(/^CellValue#/);
    expect(b2?.dataValidation).toContain("wholeNumber");
    const fill = await run(async (ctx) => {
      const f = sheet(ctx).getRange("B2:B3").format.fill.load("color");
      const mixed = sheet(ctx).getRange("B2:B4").format.fill.load("color");
      await ctx.sync();
      return [f.color, mixed.color];
    });
    expect(fill).toEqual(["#FFFF00", null]);
  });

  test("writing values leaves formats alone; clear(Formats) removes them", async () => {
    host.setCellFormat("Sheet1", "B2", { fill: "#00FF00" });
    await run(async (ctx) => {
      sheet(ctx).getRange("B2").values = [[99]];
      await ctx.sync();
    });
    expect(host.getCellFormats("Sheet1", "B2")).toEqual([[{ fill: "#00FF00" }]]);
    await run(async (ctx) => {
      sheet(ctx).getRange("B2").clear(Excel.ClearApplyTo.formats);
      await ctx.sync();
    });
    expect(host.getCellFormats("Sheet1", "B2")).toEqual([[null]]);
    expect(host.getValues("Sheet1", "B2")).toEqual([[99]]);
  });
});

describe("RangeCopyType", () => {
  beforeEach(() => {
    host.setValues("Sheet1", "D2:D2", [[7]]);
    host.setNumberFormat("Sheet1", "D2", "0.00");
    host.setCellFormat("Sheet1", "D2", { fill: "#123456" });
    host.setCellFormat("Sheet1", "E2", { bold: true });
    host.setValues("Sheet1", "E2", [[1]]);
  });
  const copy = (type: Excel.RangeCopyType) =>
    run(async (ctx) => {
      sheet(ctx).getRange("E2").copyFrom("D2", type);
      await ctx.sync();
    });

  test("All copies the value, the number format and every other format", async () => {
    await copy(Excel.RangeCopyType.all);
    expect(host.getValues("Sheet1", "E2")).toEqual([[7]]);
    expect(host.getNumberFormats("Sheet1", "E2")).toEqual([["0.00"]]);
    expect(host.getCellFormats("Sheet1", "E2")).toEqual([[{ fill: "#123456" }]]);
  });

  test("Values and Formulas copy the content only: the target keeps its own formats", async () => {
    await copy(Excel.RangeCopyType.values);
    expect(host.getValues("Sheet1", "E2")).toEqual([[7]]);
    expect(host.getNumberFormats("Sheet1", "E2")).toEqual([["General"]]);
    expect(host.getCellFormats("Sheet1", "E2")).toEqual([[{ bold: true }]]);
    host.setValues("Sheet1", "E2", [[1]]);
    await copy(Excel.RangeCopyType.formulas);
    expect(host.getValues("Sheet1", "E2")).toEqual([[7]]);
    expect(host.getCellFormats("Sheet1", "E2")).toEqual([[{ bold: true }]]);
  });

  test("Formats copies formats only: the target keeps its value", async () => {
    await copy(Excel.RangeCopyType.formats);
    expect(host.getValues("Sheet1", "E2")).toEqual([[1]]);
    expect(host.getCellFormats("Sheet1", "E2")).toEqual([[{ fill: "#123456" }]]);
    expect(host.getNumberFormats("Sheet1", "E2")).toEqual([["0.00"]]);
  });
});

describe("the totals row", () => {
  test("showTotals adds a row below the data with a label and a SUBTOTAL; the data body excludes it", async () => {
    const read = await run(async (ctx) => {
      const t = ctx.workbook.tables.getItem("Sales");
      t.showTotals = true;
      const totals = t.getTotalRowRange().load("address,values,formulas");
      const body = t.getDataBodyRange().load("address");
      const rows = t.rows.load("count");
      t.load("showTotals");
      await ctx.sync();
      return {
        shown: t.showTotals,
        totals: totals.address,
        values: totals.values,
        formulas: totals.formulas,
        body: body.address,
        rows: rows.count,
      };
    });
    expect(read).toEqual({
      shown: true,
      totals: "Sheet1!A6:B6",
      values: [["Total", 37]],
      formulas: [["Total", "=SUBTOTAL(109,[quantity])"]],
      body: "Sheet1!A2:B5",
      rows: 4,
    });
  });

  test("rows added go above the totals row, which keeps its function and counts them", async () => {
    host.setShowTotals("Sales", true);
    await run(async (ctx) => {
      ctx.workbook.tables.getItem("Sales").rows.add(undefined, [["e", 100]]);
      await ctx.sync();
    });
    expect(host.tables()[0].address).toBe("Sheet1!A1:B7");
    expect(host.getValues("Sheet1", "A6:B7")).toEqual([
      ["e", 100],
      ["Total", 137],
    ]);
  });

  test("deleted rows take the totals row up with them; hiding and showing it again restores its functions", async () => {
    host.setShowTotals("Sales", true);
    host.setValues("Sheet1", "B6", [["=SUBTOTAL(101,[quantity])"]]);
    await run(async (ctx) => {
      ctx.workbook.tables.getItem("Sales").rows.deleteRowsAt(0, 2);
      await ctx.sync();
    });
    expect(host.getValues("Sheet1", "A4:B4")).toEqual([["Total", 2.5]]);
    host.setShowTotals("Sales", false);
    expect(host.tables()[0].address).toBe("Sheet1!A1:B3");
    expect(host.getValues("Sheet1", "A4:B4")).toEqual([["", ""]]);
    host.setShowTotals("Sales", true);
    expect(host.getFormulas("Sheet1", "A4:B4")).toEqual([["Total", "=SUBTOTAL(101,[quantity])"]]);
  });

  test("resizing keeps the totals row as the table's last row", async () => {
    host.setShowTotals("Sales", true);
    await run(async (ctx) => {
      ctx.workbook.tables.getItem("Sales").resize("A1:B8");
      await ctx.sync();
    });
    expect(host.getFormulas("Sheet1", "A8:B8")).toEqual([["Total", "=SUBTOTAL(109,[quantity])"]]);
    expect(host.getValues("Sheet1", "A6:B6")).toEqual([["", ""]]);
  });
});

/** Every property of Excel.FilterCriteria, as Excel reads back the ones not set (office-js#1226). */
const UNSET = {
  color: null,
  criterion1: null,
  criterion2: null,
  dynamicCriteria: null,
  filterOn: null,
  icon: null,
  operator: null,
  subField: null,
  values: null,
};

describe("AutoFilter", () => {
  test("apply hides the rows that fail the criteria; criteria and isDataFiltered read back", async () => {
    const read = await run(async (ctx) => {
      const t = ctx.workbook.tables.getItem("Sales");
      t.autoFilter.apply(t.getRange(), 1, {
        filterOn: Excel.FilterOn.custom,
        criterion1: ">=3",
      });
      const f = t.autoFilter.load("criteria,isDataFiltered");
      await ctx.sync();
      return { criteria: f.criteria[1], filtered: f.isDataFiltered };
    });
    expect(read).toEqual({
      criteria: { ...UNSET, filterOn: "Custom", criterion1: ">=3" },
      filtered: true,
    });
    expect([2, 3, 4, 5].map((row) => host.isRowHidden("Sheet1", row - 1))).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });

  // office-js#1226 (labelled product bug), #3030: criteria come back with null for every property not set, and
  // apply() refuses such an object with InvalidArgument; without the nulls it is accepted.
  test("criteria read back carry null for unset properties, and apply() with a null property fails with InvalidArgument", async () => {
    host.filterTable("Sales", 1, { filterOn: "Custom", criterion1: ">=3" });
    const { fromTable, fromColumn, none } = await run(async (ctx) => {
      const t = ctx.workbook.tables.getItem("Sales");
      const f = t.autoFilter.load("criteria");
      const column = t.columns.getItemAt(1).filter.load("criteria");
      const unfiltered = t.columns.getItemAt(0).filter.load("criteria");
      await ctx.sync();
      return { fromTable: f.criteria, fromColumn: column.criteria, none: unfiltered.criteria };
    });
    expect(fromTable).toEqual([UNSET, { ...UNSET, filterOn: "Custom", criterion1: ">=3" }]);
    expect(fromColumn).toEqual(fromTable[1]);
    expect(none).toBeNull();
    const reapply = (how: "autoFilter" | "column", criteria: Excel.FilterCriteria) =>
      run(async (ctx) => {
        const t = ctx.workbook.tables.getItem("Sales");
        t.clearFilters();
        if (how === "autoFilter") t.autoFilter.apply(t.getRange(), 1, criteria);
        else t.columns.getItemAt(1).filter.apply(criteria);
        await ctx.sync();
      }).then(
        () => "applied",
        (e: { code?: string }) => e.code
      );
    expect(await reapply("autoFilter", fromTable[1])).toBe("InvalidArgument");
    expect(await reapply("column", fromColumn)).toBe("InvalidArgument");
    expect(await reapply("autoFilter", { filterOn: "Custom", criterion1: ">=3" })).toBe("applied");
    expect(host.isRowHidden("Sheet1", 1)).toBe(true);
  });

  test("a changed value is not refiltered until reapply; clearCriteria shows every row", async () => {
    host.filterTable("Sales", 0, { filterOn: "Values", values: ["a", "b"] });
    expect(host.isRowHidden("Sheet1", 3)).toBe(true); // c
    host.setValues("Sheet1", "A2", [["z"]]);
    expect(host.isRowHidden("Sheet1", 1)).toBe(false);
    await run(async (ctx) => {
      ctx.workbook.tables.getItem("Sales").autoFilter.reapply();
      await ctx.sync();
    });
    expect(host.isRowHidden("Sheet1", 1)).toBe(true);
    await run(async (ctx) => {
      ctx.workbook.tables.getItem("Sales").autoFilter.clearCriteria();
      await ctx.sync();
    });
    expect([1, 2, 3, 4].some((r) => host.isRowHidden("Sheet1", r))).toBe(false);
  });

  test("inserting or deleting rows inside a filtered table is refused (office-js#994)", async () => {
    host.filterTable("Sales", 1, { filterOn: "Custom", criterion1: ">1" });
    const del = await run(async (ctx) => {
      ctx.workbook.tables.getItem("Sales").rows.deleteRowsAt(0, 1);
      await ctx.sync();
    }).catch((e: unknown) => e);
    expect(del).toMatchObject({ code: "InvalidOperation" });
    const ins = await run(async (ctx) => {
      sheet(ctx).getRange("3:3").insert(Excel.InsertShiftDirection.down);
      await ctx.sync();
    }).catch((e: unknown) => e);
    expect(ins).toMatchObject({ code: "InvalidOperation" });
    expect(col("A2:A5")).toEqual(["b", "a", "c", "d"]);
  });
});

describe("table sort", () => {
  test("apply sorts whole table rows with their formats; cells beside the table stay where they are", async () => {
    host.setCellFormat("Sheet1", "A3", { fill: "#FF0000" }); // "a"
    host.setValues("Sheet1", "D2:D5", [["note b"], ["note a"], ["note c"], ["note d"]]);
    await run(async (ctx) => {
      ctx.workbook.tables.getItem("Sales").sort.apply([{ key: 0, ascending: true }]);
      await ctx.sync();
    });
    expect(col("A2:A5")).toEqual(["a", "b", "c", "d"]);
    expect(host.getCellFormats("Sheet1", "A2")).toEqual([[{ fill: "#FF0000" }]]);
    expect(col("D2:D5")).toEqual(["note b", "note a", "note c", "note d"]);
  });

  test("reapply sorts rows added since by the same fields; blanks sort last either way", async () => {
    host.sortTable("Sales", [{ key: 1, ascending: false }]);
    expect(col("B2:B5")).toEqual([30, 4, 2, 1]);
    const fields = await run(async (ctx) => {
      const t = ctx.workbook.tables.getItem("Sales");
      t.rows.add(undefined, [
        ["e", 10],
        ["f", ""],
      ]);
      t.sort.reapply();
      const sort = t.sort.load("fields");
      await ctx.sync();
      return sort.fields;
    });
    expect(fields).toEqual([{ key: 1, ascending: false }]);
    expect(col("A2:A7")).toEqual(["a", "e", "d", "b", "c", "f"]);
  });

  test("text sorts case-insensitively after numbers, and equal keys keep their order", async () => {
    host.setValues("Sheet1", "A2:A5", [["beta"], [5], ["Alpha"], ["alpha"]]);
    host.sortTable("Sales", [{ key: 0 }]);
    expect(col("A2:A5")).toEqual([5, "Alpha", "alpha", "beta"]);
  });
});

describe("rows inserted or deleted inside a table", () => {
  test("a sheet row inserted inside the table grows it; cells and formats move down with their rows", async () => {
    host.setCellFormat("Sheet1", "B3", { bold: true });
    host.setValues("Sheet1", "D3", [["note a"]]);
    await run(async (ctx) => {
      sheet(ctx).getRange("3:3").insert(Excel.InsertShiftDirection.down);
      await ctx.sync();
    });
    expect(host.tables()[0].address).toBe("Sheet1!A1:B6");
    expect(host.getValues("Sheet1", "A4:D4")).toEqual([["a", 30, "", "note a"]]);
    expect(host.getCellFormats("Sheet1", "B4")).toEqual([[{ bold: true }]]);
  });

  test("a sheet row deleted inside the table shrinks it and takes its formats away", async () => {
    host.setCellFormat("Sheet1", "B3", { bold: true });
    await run(async (ctx) => {
      sheet(ctx).getRange("3:3").delete(Excel.DeleteShiftDirection.up);
      await ctx.sync();
    });
    expect(host.tables()[0].address).toBe("Sheet1!A1:B4");
    expect(col("A2:A4")).toEqual(["b", "c", "d"]);
    expect(host.getCellFormats("Sheet1", "A3:B4")).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  test("deletes and inserts in one request, bottom up, move every later row's cells, formats and hidden state", async () => {
    host.setValues("Sheet1", "D2:D5", [["note b"], ["note a"], ["note c"], ["note d"]]);
    host.setCellFormat("Sheet1", "B5", { fill: "#FFFF00" });
    host.setRowsHidden("Sheet1", 4, 1, true); // row 5 ("d")
    await run(async (ctx) => {
      sheet(ctx).getRange("4:4").delete(Excel.DeleteShiftDirection.up); // "c"
      sheet(ctx).getRange("2:2").delete(Excel.DeleteShiftDirection.up); // "b"
      sheet(ctx).getRange("3:4").insert(Excel.InsertShiftDirection.down); // above "d"
      await ctx.sync();
    });
    expect(host.tables()[0].address).toBe("Sheet1!A1:B5");
    expect(host.getValues("Sheet1", "A2:D5")).toEqual([
      ["a", 30, "", "note a"],
      ["", "", "", ""],
      ["", "", "", ""],
      ["d", 4, "", "note d"],
    ]);
    expect(host.getCellFormats("Sheet1", "B5")).toEqual([[{ fill: "#FFFF00" }]]);
    expect(host.hiddenRows("Sheet1")).toEqual([4]);
  });

  test("a row formatted at the sheet's last row is pushed off by an insert; a value there refuses it", async () => {
    host.setCellFormat("Sheet1", "A1048576", { bold: true });
    await run(async (ctx) => {
      sheet(ctx).getRange("3:3").insert(Excel.InsertShiftDirection.down);
      await ctx.sync();
    });
    expect(host.getCellFormats("Sheet1", "A1048576")).toEqual([[null]]);
    expect(host.sheetSize("Sheet1")).toEqual({ rows: 6, columns: 2 });
    host.setValues("Sheet1", "A1048576", [["last"]]);
    const err = await run(async (ctx) => {
      sheet(ctx).getRange("3:3").insert(Excel.InsertShiftDirection.down);
      await ctx.sync();
    }).catch((e) => e);
    expect(err).toMatchObject({ code: "InvalidOperation" });
    expect(host.getValues("Sheet1", "A1048576")).toEqual([["last"]]);
  });
});
