// Office.js's request model: proxies, queued commands, load/sync, errors, the request size limit.
import { createExcelHost, type ExcelHost } from "../../dev/excel-emulator";

let host: ExcelHost;
beforeEach(() => {
  host = createExcelHost();
});
const run = <T>(batch: (ctx: Excel.RequestContext) => Promise<T>) => host.Excel.run(batch);

test("reading a property that was not loaded and synced throws PropertyNotLoaded", async () => {
  host.setValues("Sheet1", "A1", [[5]]);
  await run(async (ctx) => {
    const range = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1");
    expect(() => range.values).toThrow(
      expect.objectContaining({
        code: "PropertyNotLoaded",
        message: expect.stringContaining("The property 'values' is not available"),
      })
    );
    range.load("values");
    expect(() => range.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" })); // loaded only after sync
    await ctx.sync();
    expect(range.values).toEqual([[5]]);
    expect(() => range.address).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
  });
});

test("queued writes take effect only at sync", async () => {
  await run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B1").values = [["a", "b"]];
    expect(host.getValues("Sheet1", "A1:B1")).toEqual([["", ""]]);
    await ctx.sync();
    expect(host.getValues("Sheet1", "A1:B1")).toEqual([["a", "b"]]);
  });
});

test("Excel.run sends what is still queued when the batch returns", async () => {
  await run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["last"]];
  });
  expect(host.getValues("Sheet1", "A1")).toEqual([["last"]]);
});

test("a failing command rejects sync with an Office error; the commands before it have taken effect, the ones after have not", async () => {
  const err = await run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem("Sheet1");
    ws.getRange("A1").values = [["before"]];
    ws.getRange("B1:C1").values = [["only one"]];
    ws.getRange("D1").values = [["after"]];
    await ctx.sync();
  }).catch((e) => e);
  expect(err).toMatchObject({
    name: "RichApi.Error",
    code: "InvalidArgument",
    debugInfo: { code: "InvalidArgument", errorLocation: "Range.values" },
  });
  expect(host.getValues("Sheet1", "A1:D1")).toEqual([["before", "", "", ""]]);
});

test("getItem of a missing worksheet rejects the sync that uses it with ItemNotFound", async () => {
  const err = await run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Nope").load("name");
    await ctx.sync();
  }).catch((e) => e);
  expect(err).toMatchObject({ code: "ItemNotFound", message: expect.stringContaining("'Nope'") });
});

test("getItemOrNullObject gives a null object whose isNullObject is known after sync", async () => {
  await run(async (ctx) => {
    const missing = ctx.workbook.worksheets.getItemOrNullObject("Nope");
    const present = ctx.workbook.worksheets.getItemOrNullObject("Sheet1");
    const table = ctx.workbook.tables.getItemOrNullObject("Sales");
    await ctx.sync();
    expect(missing.isNullObject).toBe(true);
    expect(present.isNullObject).toBe(false);
    expect(table.isNullObject).toBe(true);
  });
});

test('collections need items loaded; load("items/name") loads each item', async () => {
  host.addSheet("Data");
  await run(async (ctx) => {
    const sheets = ctx.workbook.worksheets;
    expect(() => sheets.items).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
    sheets.load("items/name,items/visibility");
    await ctx.sync();
    expect(sheets.items.map((s) => [s.name, s.visibility])).toEqual([
      ["Sheet1", "Visible"],
      ["Data", "Visible"],
    ]);
    expect(() => sheets.items[0].position).toThrow(
      expect.objectContaining({ code: "PropertyNotLoaded" })
    );
  });
});

test("a request over 5 MB raises RequestPayloadSizeLimitExceeded and nothing of it is applied", async () => {
  const rows = Array.from({ length: 60_000 }, (_, i) => [`row ${i} ${"x".repeat(80)}`]);
  const err = await run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem("Sheet1");
    ws.getRange("B1").values = [["small write in the same request"]];
    ws.getRange("A1:A60000").values = rows;
    await ctx.sync();
  }).catch((e) => e);
  expect(err).toMatchObject({ code: "RequestPayloadSizeLimitExceeded" });
  expect(host.snapshot().sheets[0].usedRange).toBeNull();
  expect(host.syncLog.at(-1)).toMatchObject({
    error: "RequestPayloadSizeLimitExceeded",
    cellsWritten: 0,
  });
  expect(host.syncLog.at(-1)!.payloadBytes).toBeGreaterThan(5_000_000);
});

test("the payload limit can be turned off (desktop Excel)", async () => {
  const desktop = createExcelHost({ payloadLimitBytes: null });
  const rows = Array.from({ length: 60_000 }, (_, i) => [`row ${i} ${"x".repeat(80)}`]);
  await desktop.Excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:A60000").values = rows;
  });
  expect(desktop.getValues("Sheet1", "A60000")).toEqual([[rows[59_999][0]]]);
});

test("a response over the limit raises ResponsePayloadSizeLimitExceeded", async () => {
  const small = createExcelHost({ payloadLimitBytes: 10_000 });
  small.setValues(
    "Sheet1",
    "A1:A2000",
    Array.from({ length: 2000 }, () => ["some text"])
  );
  const err = await small.Excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:A2000").load("values");
    await ctx.sync();
  }).catch((e) => e);
  expect(err).toMatchObject({ code: "ResponsePayloadSizeLimitExceeded" });
});

test.each(["values", "valueTypes", "numberFormat", "text", "formulas"])(
  "the 5 MB response limit of Excel on the web counts a read of %s, alone or with others",
  async (prop) => {
    const h = createExcelHost();
    // 3,000 cells of 1,000 two-byte characters: 6 MB of UTF-8 in values, text and formulas; formats 1,700 bytes each
    h.setNumberFormat("Sheet1", "A1:A3000", `"${"ü".repeat(840)}"@`);
    h.setValues(
      "Sheet1",
      "A1:A3000",
      Array.from({ length: 3000 }, () => ["é".repeat(1000)])
    );
    const load = (p: string) =>
      h.Excel.run(async (ctx) => {
        const range = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:A3000");
        range.load(p);
        await ctx.sync();
      });
    if (prop === "valueTypes") {
      // value types are short ("String"): the limit bites only with what they are loaded beside
      await expect(load(prop)).resolves.toBeUndefined();
      await expect(load(`${prop},values`)).rejects.toMatchObject({
        code: "ResponsePayloadSizeLimitExceeded",
      });
    } else {
      await expect(load(prop)).rejects.toMatchObject({ code: "ResponsePayloadSizeLimitExceeded" });
    }
    expect(h.syncLog.at(-1)?.error).toBe("ResponsePayloadSizeLimitExceeded");
  }
);

test("the addresses of a filter's visible areas count against the 5 MB response limit", async () => {
  const h = createExcelHost();
  // every other row hidden: 120,000 areas of about 45 bytes each ("'…'!A2:E2" with a 31-character sheet name)
  const sheet = "Plan with a long name for areas";
  h.addSheet(sheet);
  h.setValues(sheet, "A240001", [["x"]]);
  for (let r = 2; r <= 240_000; r += 2) h.setRowsHidden(sheet, r, 1, true);
  const load = (address: string) =>
    h.Excel.run(async (ctx) => {
      const visible = ctx.workbook.worksheets
        .getItem(sheet)
        .getRange(address)
        .getSpecialCellsOrNullObject("Visible");
      const areas = visible.areas.load("items/address");
      await ctx.sync();
      return areas.items.length;
    });
  await expect(load("A2:E240001")).rejects.toMatchObject({
    code: "ResponsePayloadSizeLimitExceeded",
  });
  expect(h.syncLog.at(-1)?.responseBytes).toBeGreaterThan(5_000_000);
  await expect(load("A2:E20001")).resolves.toBe(10_000);
});

test("the sync log records commands, payload bytes, cells written and suspended calculation per sync", async () => {
  await run(async (ctx) => {
    ctx.workbook.application.suspendApiCalculationUntilNextSync();
    const ws = ctx.workbook.worksheets.getItem("Sheet1");
    ws.getRange("A1:B3").values = [
      [1, 2],
      [3, 4],
      [5, 6],
    ];
    ws.getRange("A1:A3").numberFormat = [["0"], ["0"], ["0"]];
    await ctx.sync();
    ws.getRange("A1").load("values");
    await ctx.sync();
  });
  expect(host.syncLog).toHaveLength(2);
  const [write, read] = host.syncLog;
  // commands are the actions of Microsoft's request: the two writes, the suspend call and the objects they need
  expect(write.commands).toBeGreaterThanOrEqual(3);
  expect(write).toMatchObject({
    cellsWritten: 9,
    cellsCarried: 9,
    calcSuspended: true,
    cellsCopied: 0,
  });
  expect(write.payloadBytes).toBeGreaterThan(
    JSON.stringify([
      [1, 2],
      [3, 4],
      [5, 6],
    ]).length
  );
  expect(read).toMatchObject({ cellsWritten: 0, cellsCarried: 0, calcSuspended: false });
  expect(read.responseBytes).toBeGreaterThan(0);
  host.resetSyncLog();
  expect(host.syncLog).toEqual([]);
});

test("a proxy cannot be used in another request context", async () => {
  await run(async (ctx1) => {
    const r1 = ctx1.workbook.worksheets.getItem("Sheet1").getRange("A1");
    await run(async (ctx2) => {
      expect(() => ctx2.workbook.worksheets.getItem("Sheet1").getRange("B1").copyFrom(r1)).toThrow(
        expect.objectContaining({ code: "InvalidRequestContext" })
      );
    });
  });
});

test("with a sync cost model, sync resolves after the modelled time and requests queue behind each other", async () => {
  const slow = createExcelHost({
    syncCost: { perSyncMs: 30, perCellCarriedUs: 0, perCellCopiedUs: 0 },
  });
  const t0 = Date.now();
  await Promise.all(
    [0, 1].map((i) =>
      slow.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange(`A${i + 1}`).values = [[i]];
      })
    )
  );
  expect(Date.now() - t0).toBeGreaterThanOrEqual(58);
  expect(slow.syncLog.map((s) => s.ms)).toEqual([30, 30]);
});
