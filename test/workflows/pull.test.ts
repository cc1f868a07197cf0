// Pulling sales into a new table: real HTTP to the simulator, the real adapters through the Excel emulator.
import { isoDateTimeToSerial, isoDateToSerial } from "../../src/sales";
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { toUserMessage } from "../../src/workflows/messages";
import type { DrainProgress } from "../../src/workflows/api";
import { installExcelHost, type ExcelHost } from "../helpers/excelHost";
import { ALL_HISTORY, startSimulatorHarness, type SimulatorHarness } from "../helpers/simulator";
import { activeSheetName, allCustomProperties, listSheets, readTable } from "../helpers/workbook";

let h: SimulatorHarness;
let host: ExcelHost;
beforeAll(async () => {
  h = await startSimulatorHarness({ records: 2222 });
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.faults.clear();
  host = installExcelHost();
});

describe("pulling sales into a new table", () => {
  test("2,222 records give 2,222 data rows with exact values and types", async () => {
    const result = await pullSales(h.session, ALL_HISTORY);
    expect(result.rowCount).toBe(2222);
    const table = await readTable(result.tableName);
    expect(table.headers).toEqual([
      "sell_date",
      "item_name",
      "customer_group_name",
      "quantity",
      "uom_abbr",
      "timing_interval_span",
      "sale_type_name",
      "id",
      "created_at",
      "updated_at",
    ]);
    expect(table.values).toHaveLength(2222);
    const expected = h.sim.salesOf("History");
    for (const i of [0, 1, 999, 1000, 1999, 2000, 2221]) {
      const r = expected[i];
      expect(table.values[i]).toEqual([
        isoDateToSerial(r.sell_date),
        r.item_name,
        r.customer_group_name,
        r.quantity,
        r.uom_abbr,
        r.timing_interval_span,
        "History",
        r.id,
        r.created_at === null ? "" : isoDateTimeToSerial(r.created_at),
        r.updated_at === null ? "" : isoDateTimeToSerial(r.updated_at),
      ]);
    }
    expect(table.values.map((row) => row[7])).toEqual(expected.map((r) => r.id));
    expect(table.numberFormat[0]).toEqual([
      "yyyy-mm-dd",
      "@",
      "@",
      "General",
      "@",
      "@",
      "@",
      "0",
      "yyyy-mm-dd hh:mm:ss",
      "yyyy-mm-dd hh:mm:ss",
    ]);
  });

  test("the new table gets a sheet of its own, which becomes active, and no staging sheet remains", async () => {
    const result = await pullSales(h.session, ALL_HISTORY);
    expect(result.tableName).toBe("Claret_History_2020_01_01_1826d");
    const sheets = await listSheets();
    expect(sheets.map((s) => s.name)).toContain(result.sheetName);
    expect(sheets.every((s) => s.visibility === "Visible")).toBe(true);
    expect(sheets.some((s) => /staging/i.test(s.name))).toBe(false);
    expect(await activeSheetName()).toBe(result.sheetName);
  });

  test("pulling the same query twice gives a second table with a suffixed name", async () => {
    const first = await pullSales(h.session, ALL_HISTORY);
    const second = await pullSales(h.session, ALL_HISTORY);
    expect(second.tableName).toBe(`${first.tableName}_2`);
    expect(second.sheetName).not.toBe(first.sheetName);
  });

  test("progress reports records so far of the total after each page", async () => {
    const seen: DrainProgress[] = [];
    await pullSales(h.session, ALL_HISTORY, { onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([
      { recordsSoFar: 0, total: null },
      { recordsSoFar: 1000, total: 2222 },
      { recordsSoFar: 2000, total: 2222 },
      { recordsSoFar: 2222, total: 2222 },
    ]);
  });

  test("hierarchy columns follow the base columns, and records of shallower items leave their cells blank", async () => {
    const result = await pullSales(h.session, { ...ALL_HISTORY, includeHierarchy: true });
    const table = await readTable(result.tableName);
    const expected = h.sim.salesOf("History", { includeHierarchy: true });
    const hierarchyKeys = table.headers.slice(10);
    expect(hierarchyKeys).toEqual(
      expect.arrayContaining([
        "item_brand_group",
        "item_brand",
        "customer_group_division",
        "customer_group_state",
      ])
    );
    const brandColumn = table.headers.indexOf("item_brand");
    const shallow = expected.findIndex((r) => r.item_brand === undefined);
    const deep = expected.findIndex((r) => r.item_brand !== undefined);
    expect(shallow).toBeGreaterThanOrEqual(0);
    expect(table.values[shallow][brandColumn]).toBe("");
    expect(table.values[deep][brandColumn]).toBe(expected[deep].item_brand);
    for (const [i, key] of hierarchyKeys.entries())
      expect(table.values[deep][10 + i]).toBe(expected[deep][key] ?? "");
  });

  test("names that look like formulas or numbers arrive as the literal strings", async () => {
    const tricky = ['=HYPERLINK("http://x","y")', "+1", "-3", "@SUM(A1)", "0117", "1-2"];
    h.sim.insertRecords(
      "Injection",
      tricky.map((name, i) => ({
        item_name: name,
        customer_group_name: tricky[(i + 1) % tricky.length],
        sell_date: "2022-06-01",
        quantity: i,
        uom_abbr: tricky[(i + 2) % tricky.length],
      }))
    );
    const result = await pullSales(h.session, {
      saleTypeName: "Injection",
      startDate: "2022-01-01",
      durationDays: 365,
      includeHierarchy: false,
    });
    const table = await readTable(result.tableName);
    const items = table.values.map((r) => r[1]);
    expect(items).toEqual(tricky);
    expect(table.formulas.map((r) => r[1])).toEqual(tricky);
    expect(table.values.map((r) => r[2])).toEqual(
      tricky.map((_, i) => tricky[(i + 1) % tricky.length])
    );
    expect(table.values.map((r) => r[4])).toEqual(
      tricky.map((_, i) => tricky[(i + 2) % tricky.length])
    );
  });

  test("the stored query never contains the token", async () => {
    await pullSales(h.session, ALL_HISTORY);
    // the query is split over several properties of at most 255 characters: look at their joined text
    const stored = Object.entries(await allCustomProperties())
      .sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }))
      .map(([, v]) => v)
      .join("");
    expect(stored).toContain('"saleTypeName":"History"');
    expect(stored).not.toContain(h.session.token);
    expect(stored).not.toContain(h.session.token.split("|")[1]);
  });

  test("a query with no records gives a table with its header and one blank row", async () => {
    const result = await pullSales(h.session, {
      ...ALL_HISTORY,
      startDate: "1990-01-01",
      durationDays: 30,
    });
    expect(result.rowCount).toBe(0);
    const table = await readTable(result.tableName);
    expect(table.headers).toHaveLength(10);
    expect(table.values).toEqual([new Array(10).fill("")]);
  });

  test("a total that does not fit the sheet is refused before anything is written, naming both numbers", async () => {
    h.sim.faults.add({ route: "GET /sales", fault: { kind: "lying-total", total: 1_100_000 } });
    const before = host.snapshot();
    const requestsBefore = h.sim.requests.length;
    const failure = await pullSales(h.session, ALL_HISTORY).catch((e: unknown) => e);
    expect(toUserMessage(failure).text).toMatch(/1,100,000 records.*room for only 1,048,575 rows/);
    expect(host.snapshot()).toEqual(before);
    expect(h.sim.requests.slice(requestsBefore).filter((r) => r.method === "GET")).toHaveLength(1);
  });

  test("in a 1904 workbook dates are 1904 serials", async () => {
    host = installExcelHost({ dateSystem: 1904 });
    const result = await pullSales(h.session, ALL_HISTORY);
    const table = await readTable(result.tableName);
    const first = h.sim.salesOf("History")[0];
    expect(table.values[0][0]).toBe(isoDateToSerial(first.sell_date, 1904));
    expect(table.values[0][0]).toBe((isoDateToSerial(first.sell_date, 1900) as number) - 1462);
  });

  test("while the pages arrive, the rows wait on a hidden sheet", async () => {
    const seen: string[][] = [];
    await pullSales(h.session, ALL_HISTORY, {
      onProgress: (p) =>
        p.recordsSoFar === 1000 &&
        seen.push(
          host
            .sheets()
            .filter((s) => s.visibility !== "Visible")
            .map((s) => s.name)
        ),
    });
    expect(seen).toEqual([[expect.stringMatching(/^ClaretStaging_/)]]);
  });

  test("a failure on a later page of a new pull leaves the workbook as it was", async () => {
    const before = host.snapshot();
    h.sim.faults.add({ route: "GET /sales", onRequests: [3], fault: { kind: "repeat-cursor" } });
    const failure = await pullSales(h.session, ALL_HISTORY).catch((e: unknown) => e);
    expect(toUserMessage(failure).text).toMatch(/No sheet was added\.$/);
    expect(host.snapshot()).toEqual(before);
  });
});
