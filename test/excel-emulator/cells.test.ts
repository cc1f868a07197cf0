// What Excel does with values written to cells: formulas, typing conversions, text format, sheet limits, dates, errors.
import { createExcelHost, type ExcelHost } from "../../dev/excel-emulator";

let host: ExcelHost;
beforeEach(() => {
  host = createExcelHost();
});
async function write(address: string, values: unknown[][], numberFormat?: string[][]) {
  await host.Excel.run(async (ctx) => {
    const r = ctx.workbook.worksheets.getItem("Sheet1").getRange(address);
    if (numberFormat) r.numberFormat = numberFormat;
    r.values = values;
  });
}
async function read(address: string) {
  return host.Excel.run(async (ctx) => {
    const r = ctx.workbook.worksheets.getItem("Sheet1").getRange(address);
    r.load("values,formulas,valueTypes,numberFormat,text");
    await ctx.sync();
    return {
      values: r.values,
      formulas: r.formulas,
      valueTypes: r.valueTypes,
      numberFormat: r.numberFormat,
      text: r.text,
    };
  });
}

test("a values array whose dimensions do not match the range raises InvalidArgument", async () => {
  await expect(
    write("A1:B2", [
      [1, 2, 3],
      [4, 5, 6],
    ])
  ).rejects.toMatchObject({ code: "InvalidArgument", message: expect.stringContaining("2 × 2") });
  await expect(write("A1:B2", [[1, 2]])).rejects.toMatchObject({ code: "InvalidArgument" });
  expect(host.snapshot().sheets[0].usedRange).toBeNull();
});

test("strings starting with '=', '+', '-' or '@' become formulas in a General cell", async () => {
  host.setValues("Sheet1", "E1", [[10]]);
  await write("A1:D1", [["=E1*2", "+E1", "-E1", "@SUM(E1)"]]);
  const got = await read("A1:D1");
  expect(got.formulas).toEqual([["=E1*2", "=+E1", "=-E1", "=SUM(E1)"]]);
  expect(got.values).toEqual([[20, 10, -10, 10]]);
});

test("with number format '@' those strings, and numbers or dates typed as text, stay literal strings", async () => {
  const inputs = [['=HYPERLINK("http://x","y")', "+1", "-3", "@SUM(A1)", "0117", "1-2"]];
  await write("A1:F1", inputs, [Array(6).fill("@")]);
  const got = await read("A1:F1");
  expect(got.values).toEqual(inputs);
  expect(got.formulas).toEqual(inputs);
  expect(got.valueTypes).toEqual([Array(6).fill("String")]);
});

test("without '@', '0117' becomes the number 117 and '1-2' a date serial, as Excel's typing rules do", async () => {
  await write("A1:C1", [["0117", "1-2", "TRUE"]]);
  const got = await read("A1:C1");
  expect(got.values[0][0]).toBe(117);
  expect(got.valueTypes[0][1]).toBe("Double");
  expect(got.numberFormat[0][1]).toBe("d-mmm");
  expect(got.text[0][1]).toBe("2-Jan");
  expect(got.values[0][2]).toBe(true);
});

test("a sheet has 1,048,576 rows: the last row is writable, one more is InvalidArgument", async () => {
  await write("A1048576", [["last"]]);
  expect(host.getValues("Sheet1", "A1048576")).toEqual([["last"]]);
  await expect(write("A1048577", [["beyond"]])).rejects.toMatchObject({ code: "InvalidArgument" });
  const err = await host.Excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Sheet1").getRangeByIndexes(1_048_576, 0, 1, 1).values = [[1]];
  }).catch((e) => e);
  expect(err).toMatchObject({ code: "InvalidArgument" });
});

test("dates are serial numbers in the 1900 system, with the fake 1900-02-29 as serial 60", async () => {
  await write("A1:C1", [["2024-03-01", "1900-02-28", "1900-03-01"]]);
  const got = await read("A1:C1");
  expect(got.values).toEqual([[45352, 59, 61]]);
  expect(got.valueTypes).toEqual([["Double", "Double", "Double"]]);
  expect(got.text[0][0]).toBe("3/1/2024");
});

test("in a 1904 workbook typed dates count from 1904-01-01 and =DATE(1904,1,1) is 0 (1462 in a 1900 workbook)", async () => {
  const h = createExcelHost({ dateSystem: 1904 });
  h.setValues("Sheet1", "A1:B1", [["2024-03-01", "=DATE(1904,1,1)"]]);
  expect(h.getValues("Sheet1", "A1:B1")).toEqual([[45352 - 1462, 0]]);
  await write("A1:C1", [["=DATE(1904,1,1)", "=DATE(2024,3,1)", "=DATE(124,14,1)"]]);
  expect((await read("A1:C1")).values).toEqual([[1462, 45352, 45689]]);
});

test("workbook.functions.date evaluates DATE without a cell, in the workbook's date system, writing nothing", async () => {
  for (const [system, serial] of [
    [1900, 1462],
    [1904, 0],
  ] as const) {
    const h = createExcelHost({ dateSystem: system });
    const got = await h.Excel.run(async (ctx) => {
      const ok = ctx.workbook.functions.date(1904, 1, 1).load("value,error");
      const bad = ctx.workbook.functions.date(10000, 1, 1).load("value,error");
      await ctx.sync();
      return { ok: [ok.value, ok.error], bad: [bad.value, bad.error] };
    });
    expect(got).toEqual({ ok: [serial, null], bad: [null, "#NUM!"] });
    expect(h.syncLog.every((r) => r.cellsWritten === 0)).toBe(true);
  }
});

// Workbook.use1904DateSystem is a preview API (no released ExcelApi set, not in @types/office-js, not in production
// Office.js), so it is typed here by hand.
type WorkbookPreview = Excel.Workbook & { use1904DateSystem: boolean };

test("by default use1904DateSystem is absent, as in production Office.js: loading it fails the sync, reading gives undefined", async () => {
  const h = createExcelHost({ dateSystem: 1904 });
  const failure = await h.Excel.run(async (ctx) => {
    const wb = ctx.workbook as WorkbookPreview;
    expect(wb.use1904DateSystem).toBeUndefined();
    wb.load("use1904DateSystem");
    await ctx.sync();
  }).catch((e: unknown) => e);
  expect(failure).toMatchObject({ code: "InvalidArgument", message: /preview API/ });
  const all = await h.Excel.run(async (ctx) => {
    ctx.workbook.load();
    await ctx.sync();
    return ctx.workbook.toJSON();
  });
  expect(all).not.toHaveProperty("use1904DateSystem");
});

test("with previewApis: true the host answers use1904DateSystem, which this Office.js does not read", async () => {
  const h = createExcelHost({ dateSystem: 1904, previewApis: true });
  const flag = await h.Excel.run(async (ctx) => {
    const wb = ctx.workbook as WorkbookPreview;
    wb.load("use1904DateSystem");
    await ctx.sync();
    return wb.use1904DateSystem;
  });
  // the load succeeds and the host's answer carries the flag; Microsoft's 1.1.110 client has no such member
  expect(h.syncLog.at(-1)?.error).toBeUndefined();
  expect(flag).toBeUndefined();
});

test("error values read as their text in values and as Error in valueTypes; a typed =NA() stores #N/A", async () => {
  host.setValue("Sheet1", "A1", "=NA()");
  await write("B1:C1", [["=1/0", "=NOSUCH(1)"]]);
  const got = await read("A1:C1");
  expect(got.values).toEqual([["#N/A", "#DIV/0!", "#NAME?"]]);
  expect(got.valueTypes).toEqual([["Error", "Error", "Error"]]);
});

test("formulas evaluate references across sheets, SUM and HYPERLINK", async () => {
  host.addSheet("My Data");
  host.setValues("My Data", "A1:A3", [[1], [2], [3]]);
  await write("A1:C1", [
    ["=SUM('My Data'!A1:A3)", "='My Data'!$A$2*10", '=HYPERLINK("http://x","y")'],
  ]);
  expect((await read("A1:C1")).values).toEqual([[6, 20, "y"]]);
});

test("null in a written array leaves that cell unchanged", async () => {
  host.setValues("Sheet1", "A1:B1", [["keep", "old"]]);
  await write("A1:B1", [[null, "new"]]);
  expect(host.getValues("Sheet1", "A1:B1")).toEqual([["keep", "new"]]);
});

test("addresses quote sheet names that need it, like Excel", async () => {
  host.addSheet("My Sheet");
  const address = await host.Excel.run(async (ctx) => {
    const r = ctx.workbook.worksheets.getItem("My Sheet").getRange("B2:C3");
    r.load("address");
    await ctx.sync();
    return r.address;
  });
  expect(address).toBe("'My Sheet'!B2:C3");
});

test("writing 1000 rows × 16 columns per sync, twice, fills 2000 rows", async () => {
  const data = Array.from({ length: 1000 }, (_, i) => [
    45000 + i,
    `Item ${i}`,
    "Group",
    i % 97,
    "btl",
    "month",
    "Actuals",
    i,
    45000.5,
    45001.25,
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
  ]);
  await write("A1:P1000", data);
  await write("A1001:P2000", data);
  // (its speed is the bench's to measure, not a test's to bound)
  expect(host.sheetSize("Sheet1")).toEqual({ rows: 2000, columns: 16 });
});
