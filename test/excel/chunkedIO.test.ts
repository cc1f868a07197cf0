// The one module through which src/excel writes and reads many cells: its estimates against what Microsoft's client
// really sends (the host measures each request's bytes), and a block written in requests that all stay under Excel on
// the web's 5 MB, its number formats carried once per run of columns.
import {
  estimateRowBytes,
  jsonBytes,
  OPERATION_BYTES,
  readRowsCells,
  RequestBatch,
  runsOf,
  writeRows,
  type CellValue,
} from "../../src/excel/chunkedIO";
import { WEB_PAYLOAD_LIMIT_BYTES } from "../../dev/excel-emulator";
import { installExcelHost, type ExcelHost } from "../helpers/excelHost";

let host: ExcelHost;
beforeEach(() => {
  host = installExcelHost();
});

interface Sheets {
  table: Excel.Worksheet;
  backup: Excel.Worksheet;
}

/** Request bytes Microsoft's client sends for `n` of an operation, less those of the same run without it. */
async function bytesPerOperation(queue: (sheets: Sheets, i: number) => void) {
  const sizeOf = async (n: number) => {
    host.resetSyncLog();
    await Excel.run(async (context) => {
      // as the adapters do: the sheets got once, the operations on them many times
      const sheets = {
        table: context.workbook.worksheets.getItem("Sheet1"),
        backup: context.workbook.worksheets.getItem("Backup"),
      };
      for (let i = 0; i < n; i++) queue(sheets, i);
      await context.sync();
    });
    return host.syncLog[0].payloadBytes;
  };
  // at the scale of a full request: object and action ids grow longer with the count
  return ((await sizeOf(4000)) - (await sizeOf(2000))) / 2000;
}

describe("what one operation costs as Microsoft's client sends it", () => {
  beforeEach(() => host.addSheet("Backup"));

  test.each([
    [
      "a one-cell values write",
      (s: Sheets, i: number) => (s.table.getRange(`C${i + 5000}`).values = [[i]]),
    ],
    [
      "a one-cell write with its number format",
      (s: Sheets, i: number) => {
        const r = s.table.getRange(`C${i + 5000}`);
        r.numberFormat = [["@"]];
        r.values = [[i]];
      },
    ],
    [
      "a row copyFrom",
      (s: Sheets, i: number) =>
        s.backup
          .getRange(`A${i + 5000}:AB${i + 5000}`)
          .copyFrom(s.table.getRange(`A${i + 5000}:AB${i + 5000}`), Excel.RangeCopyType.all),
    ],
    [
      "a row delete with a marker write",
      (s: Sheets, i: number) => {
        s.table.getRange(`${i + 5000}:${i + 5000}`).delete(Excel.DeleteShiftDirection.up);
        s.backup.getRange("A1").values = [[i]];
      },
    ],
  ])("%s stays within OPERATION_BYTES", async (_, queue) => {
    const bytes = await bytesPerOperation(queue);
    expect(bytes).toBeGreaterThan(OPERATION_BYTES / 4);
    expect(bytes).toBeLessThan(OPERATION_BYTES);
  });

  test("a row's estimate is never below its JSON: quotes, backslashes, control characters and UTF-8", () => {
    const rows: CellValue[][] = [
      ['say "hi"', "C:\\path", "tab\there", "\u0001", "éß€😀", 1.25, -3, true, null, ""],
      [0.1 + 0.2, 1e21, "=SUM(A1)", "0117"],
    ];
    for (const row of rows) expect(estimateRowBytes(row)).toBeGreaterThanOrEqual(jsonBytes(row));
  });
});

describe("writeRows", () => {
  const WIDTH = 14;
  const FORMATS = [
    "yyyy-mm-dd",
    "@",
    "@",
    "@",
    "@",
    "General",
    "General",
    "0",
    ...Array(6).fill("@"),
  ];
  const row = (i: number): CellValue[] => [
    45000 + (i % 365),
    `Item ${i} — ${"é".repeat(20)}`,
    `Customer ${i % 97}`,
    "=not a formula",
    "0117",
    i * 1.5,
    null,
    i,
    ...Array.from({ length: 6 }, (_, k) => `text ${k} ${"x".repeat(30)}`),
  ];

  test("40,000 rows go in requests each under 5 MB as sent; every cell lands, text stays text, formats carried once per column run", async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => row(i));
    host.resetSyncLog();
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const batch = new RequestBatch(() => context.sync());
      await writeRows(batch, sheet, 1, 0, rows, FORMATS);
      await batch.flush();
    });
    const log = host.syncLog;
    expect(log.length).toBeGreaterThan(1);
    expect(log.every((s) => !s.error)).toBe(true);
    expect(Math.max(...log.map((s) => s.payloadBytes))).toBeLessThan(WEB_PAYLOAD_LIMIT_BYTES);
    // the values carry every cell; the formats one value per run of equal formats per request
    const carried = log.reduce((n, s) => n + s.cellsCarried, 0);
    expect(carried).toBeLessThanOrEqual(40_000 * WIDTH + log.length * 6);
    expect(host.getValues("Sheet1", "A2:N2")[0]).toEqual(row(0).map((v) => v ?? ""));
    expect(host.getValues("Sheet1", "A40001:N40001")[0]).toEqual(row(39_999).map((v) => v ?? ""));
    expect(host.getValues("Sheet1", "D30000")).toEqual([["=not a formula"]]);
    expect(host.getNumberFormats("Sheet1", "A40001:N40001")[0]).toEqual(FORMATS);
  });

  test("a batch sends what is queued before an operation would pass its budget, and begins each request again", async () => {
    const begun: number[] = [];
    const sent: number[] = [];
    let n = 0;
    const batch = new RequestBatch(
      async () => void sent.push(n),
      () => begun.push(n),
      1000
    );
    for (const bytes of [400, 400, 400, 900, 50]) {
      await batch.fit(bytes);
      n++;
    }
    await batch.flush();
    await batch.flush(); // nothing queued: nothing sent
    // sent before the 3rd (400+400+400 > 1000) and before the 4th (400+900); the 4th and 5th go together; each
    // request begun at its first operation (none after the last)
    expect(sent).toEqual([2, 3, 5]);
    expect(begun).toEqual([0, 2, 3]);
    expect(batch.sent).toBe(3);
  });
});

describe("readRowsCells", () => {
  test("runsOf joins neighbouring rows, in order, once each", () => {
    expect(runsOf([9, 3, 4, 4, 5, 12, 11])).toEqual([
      { first: 3, last: 5 },
      { first: 9, last: 9 },
      { first: 11, last: 12 },
    ]);
    expect(runsOf([])).toEqual([]);
  });

  test("scattered rows are read in chunks each under the answer limit, every row's cells by its sheet row", async () => {
    const limited = installExcelHost({ payloadLimitBytes: 20_000 });
    const text = (r: number) => `row ${r} ${"é".repeat(40)}`;
    limited.setValues(
      "Sheet1",
      "A1:C600",
      Array.from({ length: 600 }, (_, r) => [r, text(r), r % 2 === 0])
    );
    // runs of neighbours and single rows, some runs longer than one answer can carry
    const rows = [...Array.from({ length: 300 }, (_, k) => 100 + k), 7, 9, 11, 590, 591, 599];
    limited.resetSyncLog();
    const cells = await Excel.run(async (context) =>
      readRowsCells(context, context.workbook.worksheets.getItem("Sheet1"), rows, 0, 2)
    );
    expect([...cells.keys()].sort((a, b) => a - b)).toEqual(
      [...new Set(rows)].sort((a, b) => a - b)
    );
    expect(cells.get(250)).toMatchObject({
      values: [250, text(250), true],
      types: ["Double", "String", "Boolean"],
    });
    expect(cells.get(599)?.values).toEqual([599, text(599), false]);
    const log = limited.syncLog;
    expect(log.length).toBeGreaterThan(2);
    expect(log.filter((s) => !s.error).every((s) => s.responseBytes <= 20_000)).toBe(true);
  });

  test("a single row over the answer limit is an error naming it", async () => {
    const limited = installExcelHost({ payloadLimitBytes: 20_000 });
    limited.setValues("Sheet1", "A5:B5", [["x".repeat(15_000), "y".repeat(15_000)]]);
    const error = await Excel.run(async (context) =>
      readRowsCells(context, context.workbook.worksheets.getItem("Sheet1"), [1, 4], 0, 1)
    ).catch((e: Error) => e);
    expect(error).toMatchObject({ name: "RowTooLargeError", sheetRow: 4 });
    expect((error as Error).message).toMatch(/^Row 5 holds more than/);
  });
});
