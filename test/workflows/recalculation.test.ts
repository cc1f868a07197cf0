// A refresh writes with calculation suspended (each request asks suspendApiCalculationUntilNextSync), and then "it
// is the developer's responsibility to re-calc the workbook" (@types/office-js, Application): a formula the planner
// keeps on the table's values must show the new values once the refresh is done, as if they had typed them.
import { refreshActiveSheet } from "../../src/workflows/pullRefresh/refresh";
import type { ExcelHost } from "../helpers/excelHost";
import { pullTable } from "../helpers/pulledTable";
import { ALL_HISTORY, type SimulatorHarness } from "../helpers/simulator";
import { readTable } from "../helpers/workbook";

const ID = 7;
const QTY = 3;
const QUERY = { ...ALL_HISTORY, startDate: "2024-01-01", durationDays: 366 };

let h: SimulatorHarness;
let host: ExcelHost;
let table: string;

beforeEach(async () => {
  ({ h, host, tableName: table } = await pullTable(300, QUERY));
  host.addSheet("Summary");
  host.setValues("Summary", "A1", [[`=SUM(${table}[quantity])`]]);
});
afterEach(() => h.close());

const quantities = async () => (await readTable(table)).values.map((r) => r[QTY] as number);
const total = (qs: number[]) => qs.reduce((a, b) => a + b, 0);

test("a formula on the table's quantities shows the refreshed total", async () => {
  const before = await quantities();
  expect(host.getValues("Summary", "A1")).toEqual([[total(before)]]);
  const rows = (await readTable(table)).values;
  h.sim.setQuantities("History", [
    { id: rows[0][ID] as number, quantity: (rows[0][QTY] as number) + 1000 },
    { id: rows[5][ID] as number, quantity: (rows[5][QTY] as number) + 2000 },
  ]);
  const result = await refreshActiveSheet(h.session);
  expect(result.updated).toBe(2);
  expect(host.getValues("Summary", "A1")[0][0]).toBeCloseTo(total(before) + 3000, 6);
  expect(host.calculationHeld).toBe(false);
});

test("after rows are added and removed too, the formula counts the table as it is now", async () => {
  const rows = (await readTable(table)).values;
  h.sim.deleteRecords("History", [rows[1][ID] as number]);
  h.sim.insertRecords("History", [
    {
      item_name: "New Item",
      customer_group_name: "New Group",
      sell_date: "2024-05-01",
      quantity: 77,
    },
  ]);
  await refreshActiveSheet(h.session);
  expect(host.getValues("Summary", "A1")[0][0]).toBeCloseTo(total(await quantities()), 6);
  expect(host.calculationHeld).toBe(false);
});

test("a workbook the planner set to manual calculation is left for them to calculate", async () => {
  await Excel.run(async (context) => {
    context.application.calculationMode = Excel.CalculationMode.manual;
    await context.sync();
  });
  const rows = (await readTable(table)).values;
  h.sim.setQuantities("History", [{ id: rows[0][ID] as number, quantity: 1 }]);
  await refreshActiveSheet(h.session);
  expect(host.calculationHeld).toBe(true);
});
