// What a big pull costs Excel: requests (syncs) and their payload, read from the emulator's sync log.
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { refreshActiveSheet } from "../../src/workflows/pullRefresh/refresh";
import { installExcelHost, type ExcelHost } from "../helpers/excelHost";
import { startSimulatorHarness, type SimulatorHarness } from "../helpers/simulator";

const FOUR_MB = 4 * 1024 * 1024;
const PAGES = 20;

let h: SimulatorHarness;
let host: ExcelHost;
// 20,000 rows through the emulator take a few seconds on a busy machine.
jest.setTimeout(30_000);

beforeAll(async () => {
  h = await startSimulatorHarness({ records: 19_999 });
  // One item and one customer group one level deeper than the seed's: 10 base + 6 hierarchy columns = 16.
  h.sim.insertRecords("History", [
    {
      item_name: "Wide Item",
      item_family: "F",
      item_brand_group: "BG",
      item_brand: "B",
      customer_group_name: "Wide Group",
      customer_group_region: "R",
      customer_group_division: "D",
      customer_group_state: "S",
      sell_date: "2024-12-01",
      quantity: 1,
    },
  ]);
});
afterAll(() => h.close());
beforeEach(() => {
  host = installExcelHost();
});

/** What the work cost Excel since the log was reset; a failed expectation shows the figures. */
function syncCost(): { syncs: number; largest: number } {
  return {
    syncs: host.syncLog.length,
    largest: Math.max(...host.syncLog.map((s) => s.payloadBytes)),
  };
}

test("a pull of 20,000 records x 16 columns uses at most pages + 5 syncs, each under 4 MB", async () => {
  host.resetSyncLog();
  const result = await pullSales(h.session, {
    saleTypeName: "History",
    startDate: "2020-01-01",
    durationDays: 1826,
    includeHierarchy: true,
  });
  expect(result.rowCount).toBe(20_000);
  expect(result.columns).toHaveLength(16);
  const { syncs, largest } = syncCost();
  expect(syncs).toBeLessThanOrEqual(PAGES + 5);
  expect(largest).toBeLessThan(FOUR_MB);
});

test("a refresh of 20,000 records x 16 columns uses at most pages + 5 syncs, each under 4 MB", async () => {
  await pullSales(h.session, {
    saleTypeName: "History",
    startDate: "2020-01-01",
    durationDays: 1826,
    includeHierarchy: true,
  });
  host.resetSyncLog();
  const result = await refreshActiveSheet(h.session);
  expect(result.rowCount).toBe(20_000);
  const { syncs, largest } = syncCost();
  expect(syncs).toBeLessThanOrEqual(PAGES + 5);
  expect(largest).toBeLessThan(FOUR_MB);
});
