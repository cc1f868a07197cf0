// Claret may send null created_at/updated_at (Laravel allows null timestamps, e.g. on bulk-imported
// rows) or a null uom_abbr. A pull must land such records with empty cells, not fail.
// Real HTTP to the simulator (seeded with nulls), the real adapters through the Excel emulator.
import { isoDateTimeToSerial, isoDateToSerial } from "../../src/sales";
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { refreshActiveSheet } from "../../src/workflows/pullRefresh/refresh";
import { installExcelHost } from "../helpers/excelHost";
import { startSimulatorHarness, type SimulatorHarness } from "../helpers/simulator";
import { readTable } from "../helpers/workbook";

const STAMPED = "2021-09-28T16:51:44.000000Z";
const query = (saleTypeName: string) => ({
  saleTypeName,
  startDate: "2022-01-01",
  durationDays: 365,
  includeHierarchy: false,
});

let h: SimulatorHarness;
beforeAll(async () => {
  h = await startSimulatorHarness({ records: 50 });
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.faults.clear();
  installExcelHost();
});

/** The table as objects keyed by header, one per data row. */
async function rowsOf(tableName: string): Promise<Array<Record<string, unknown>>> {
  const table = await readTable(tableName);
  return table.values.map((row) =>
    Object.fromEntries(table.headers.map((hdr, i) => [hdr, row[i]]))
  );
}

test("records with null created_at and updated_at land with empty timestamp cells and every other value intact", async () => {
  h.sim.insertRecords("Bulk import", [
    {
      item_name: "118",
      customer_group_name: "Palm Tree Distribution",
      sell_date: "2022-06-01",
      quantity: 196.195,
      created_at: null,
      updated_at: null,
    },
    {
      item_name: "0117",
      customer_group_name: "Palm Tree Distribution",
      sell_date: "2022-07-01",
      quantity: 12,
      created_at: STAMPED,
      updated_at: null,
    },
    {
      item_name: "118",
      customer_group_name: "Palm Tree Distribution",
      sell_date: "2022-08-01",
      quantity: 3,
      created_at: STAMPED,
      updated_at: STAMPED,
    },
  ]);
  const served = h.sim.salesOf("Bulk import");
  expect(served.map((r) => [r.created_at, r.updated_at])).toEqual([
    [null, null],
    [STAMPED, null],
    [STAMPED, STAMPED],
  ]);

  const result = await pullSales(h.session, query("Bulk import"));

  expect(result.rowCount).toBe(3);
  expect(await rowsOf(result.tableName)).toEqual([
    {
      sell_date: isoDateToSerial("2022-06-01"),
      item_name: "118",
      customer_group_name: "Palm Tree Distribution",
      quantity: 196.195,
      uom_abbr: "9LE",
      timing_interval_span: "month",
      sale_type_name: "Bulk import",
      id: served[0].id,
      created_at: "",
      updated_at: "",
    },
    {
      sell_date: isoDateToSerial("2022-07-01"),
      item_name: "0117",
      customer_group_name: "Palm Tree Distribution",
      quantity: 12,
      uom_abbr: "9LE",
      timing_interval_span: "month",
      sale_type_name: "Bulk import",
      id: served[1].id,
      created_at: isoDateTimeToSerial(STAMPED),
      updated_at: "",
    },
    {
      sell_date: isoDateToSerial("2022-08-01"),
      item_name: "118",
      customer_group_name: "Palm Tree Distribution",
      quantity: 3,
      uom_abbr: "9LE",
      timing_interval_span: "month",
      sale_type_name: "Bulk import",
      id: served[2].id,
      created_at: isoDateTimeToSerial(STAMPED),
      updated_at: isoDateTimeToSerial(STAMPED),
    },
  ]);
});

test("a record with a null uom_abbr lands with an empty uom_abbr cell beside its neighbours", async () => {
  h.sim.insertRecords("No unit", [
    {
      item_name: "118",
      customer_group_name: "Palm Tree Distribution",
      sell_date: "2022-06-01",
      quantity: 5,
      uom_abbr: null,
    },
    {
      item_name: "118",
      customer_group_name: "Palm Tree Distribution",
      sell_date: "2022-07-01",
      quantity: 6,
      uom_abbr: "CS",
    },
  ]);

  const result = await pullSales(h.session, query("No unit"));

  const rows = await rowsOf(result.tableName);
  expect(rows.map((r) => [r.quantity, r.uom_abbr])).toEqual([
    [5, ""],
    [6, "CS"],
  ]);
});

test("null timestamps among 2,100 records on three pages: every row lands, the nulls as empty cells", async () => {
  const months = Array.from({ length: 12 }, (_, m) => `2022-${String(m + 1).padStart(2, "0")}-01`);
  // 175 customer groups x 12 months = 2,100 distinct records; every seventh has no timestamps
  h.sim.insertRecords(
    "Large import",
    Array.from({ length: 2100 }, (_, i) => ({
      item_name: "118",
      customer_group_name: `Importer ${Math.floor(i / 12)}`,
      sell_date: months[i % 12],
      quantity: i,
      ...(i % 7 === 0
        ? { created_at: null, updated_at: null }
        : { created_at: STAMPED, updated_at: STAMPED }),
    }))
  );

  const result = await pullSales(h.session, query("Large import"));

  const rows = await rowsOf(result.tableName);
  expect(rows).toHaveLength(2100);
  expect(rows.map((r) => r.quantity)).toEqual(h.sim.salesOf("Large import").map((r) => r.quantity));
  const emptyStamps = rows.filter((r) => r.created_at === "" && r.updated_at === "");
  expect(emptyStamps.map((r) => r.quantity)).toEqual(
    rows.map((r) => r.quantity as number).filter((q) => q % 7 === 0)
  );
  expect(rows.filter((r) => r.created_at === isoDateTimeToSerial(STAMPED))).toHaveLength(
    2100 - emptyStamps.length
  );
});

test("a refresh over records whose timestamps became null replaces the old values with empty cells", async () => {
  h.sim.insertRecords("Refreshed", [
    {
      item_name: "118",
      customer_group_name: "Palm Tree Distribution",
      sell_date: "2022-06-01",
      quantity: 1,
      created_at: STAMPED,
      updated_at: STAMPED,
    },
  ]);
  const result = await pullSales(h.session, query("Refreshed"));
  expect((await rowsOf(result.tableName))[0].updated_at).toBe(isoDateTimeToSerial(STAMPED));
  h.sim.insertRecords("Refreshed", [
    {
      item_name: "118",
      customer_group_name: "Palm Tree Distribution",
      sell_date: "2022-06-01",
      quantity: 2,
      updated_at: null,
    },
  ]);

  await refreshActiveSheet(h.session);

  expect(
    (await rowsOf(result.tableName)).map((r) => [r.quantity, r.created_at, r.updated_at])
  ).toEqual([[2, isoDateTimeToSerial(STAMPED), ""]]);
});
