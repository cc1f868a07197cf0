// A hierarchy column that first appears on a later page.
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { installExcelHost } from "../helpers/excelHost";
import { startSimulatorHarness, type SimulatorHarness } from "../helpers/simulator";
import { readTable } from "../helpers/workbook";

let h: SimulatorHarness;
beforeAll(async () => {
  h = await startSimulatorHarness({ records: 2222 });
  // A new item under a deeper hierarchy: its record has the highest id, so its extra key arrives on page 3 only.
  h.sim.insertRecords("History", [
    {
      item_name: "Deep Item",
      item_family: "Fortified",
      item_brand_group: "Deep Group",
      item_brand: "Deep Brand",
      customer_group_name: "Palm Tree Distribution",
      sell_date: "2024-12-01",
      quantity: 3,
    },
  ]);
});
afterAll(() => h.close());
beforeEach(() => {
  installExcelHost();
});

test("a hierarchy column first seen on the last page is added, with earlier rows blank", async () => {
  const result = await pullSales(h.session, {
    saleTypeName: "History",
    startDate: "2020-01-01",
    durationDays: 1826,
    includeHierarchy: true,
  });
  const table = await readTable(result.tableName);
  const family = table.headers.indexOf("item_family");
  expect(family).toBe(table.headers.length - 1);
  expect(table.values).toHaveLength(2223);
  expect(table.values[2222][family]).toBe("Fortified");
  expect(table.values.slice(0, 2222).every((r) => r[family] === "")).toBe(true);
  expect(table.numberFormat[0][family]).toBe("@");
});
