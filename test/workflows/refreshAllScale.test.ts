// Refresh all at the scale planners have: a 40,000-record table beside a small one, every page of it drained once,
// the changes Claret made written, the small table refreshed after it.
import { startSimulator, type Simulator } from "../../dev/claret-sim";
import type { DrainProgress } from "../../src/workflows/api";
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { refreshAll, type RefreshAllStep } from "../../src/workflows/pullRefresh/refreshAll";
import { refreshAllMessage } from "../../src/workflows/pullRefresh/refreshAllMessages";
import { signIn } from "../../src/workflows/signIn/session";
import { installExcelHost } from "../helpers/excelHost";
import { ALL_HISTORY } from "../helpers/simulator";
import type { ExcelHost } from "../helpers/excelHost";

/** Data rows of a table, read on the host's side (a 40,000-row read is over the web's 5 MB in one request). */
function dataRows(host: ExcelHost, name: string): number {
  const [, first, last] = /(\d+):[A-Z]+(\d+)$/.exec(
    host.tables().find((t) => t.name === name)!.address
  )!;
  return Number(last) - Number(first);
}

jest.setTimeout(120_000);

let sim: Simulator;
afterAll(() => sim?.close());

test("a 40,000-record table and a small one are refreshed one after the other, each with Claret's changes", async () => {
  const host = installExcelHost();
  sim = await startSimulator({ records: 40_000 });
  const session = await signIn({ baseUrl: sim.url, tenant: sim.tenant }, sim.email, sim.password);
  const big = await pullSales(session, ALL_HISTORY);
  const small = await pullSales(session, {
    saleTypeName: "Budget",
    startDate: "2025-01-01",
    durationDays: 364,
    includeHierarchy: false,
  });
  const history = sim.salesOf("History");
  sim.setQuantities("History", [{ id: history[20_000].id, quantity: 123 }]);
  sim.deleteRecords("History", [history[30_000].id]);
  sim.setQuantities("Budget", [{ id: sim.salesOf("Budget")[5].id, quantity: 7 }]);

  const seen: Array<DrainProgress & RefreshAllStep> = [];
  const result = await refreshAll({ onProgress: (p, step) => seen.push({ ...p, ...step }) });

  expect(result.tables.map((t) => t.outcome.kind)).toEqual(["refreshed", "refreshed"]);
  expect(refreshAllMessage(result)?.text.split("\n")).toEqual([
    "Refresh all: all 2 tables refreshed.",
    "History 2020-01-01 1826d: 1 updated, 0 added, 1 removed.",
    "Budget 2025-01-01 364d: 1 updated, 0 added, 0 removed.",
  ]);
  expect(dataRows(host, big.tableName)).toBe(39_999);
  expect(dataRows(host, small.tableName)).toBe(240);
  // the big table's 40 pages, then the small one's
  const last = seen.filter((s) => s.index === 1).at(-1);
  expect(last).toMatchObject({ of: 2, recordsSoFar: 39_999, total: 39_999 });
  expect(seen.findIndex((s) => s.index === 2)).toBeGreaterThan(
    seen.findLastIndex((s) => s.index === 1)
  );
});
