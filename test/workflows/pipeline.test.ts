// The pipeline: while page N is written, page N+1's write waits in Excel's queue and page N+2 travels; never more
// than three pages held; one request per page, calculation suspended.
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { installExcelHost, type ExcelHost } from "../helpers/excelHost";
import { ALL_HISTORY, startSimulatorHarness, type SimulatorHarness } from "../helpers/simulator";

let h: SimulatorHarness;
let host: ExcelHost;
beforeAll(async () => {
  h = await startSimulatorHarness({ records: 2222 });
});
afterAll(() => h.close());

/** Pulls with slow syncs (so pages could run ahead) and returns when each GET arrived and when each page was written. */
async function timedPull(
  harness: SimulatorHarness
): Promise<{ gets: number[]; written: number[] }> {
  host = installExcelHost({
    syncCost: { perSyncMs: 120, perCellCarriedUs: 0, perCellCopiedUs: 0 },
  });
  const written: number[] = [];
  const from = harness.sim.requests.length;
  await pullSales(harness.session, ALL_HISTORY, {
    onProgress: (p) => void (p.recordsSoFar > 0 && written.push(Date.now())),
  });
  const gets = harness.sim.requests
    .slice(from)
    .filter((r) => r.method === "GET")
    .map((r) => r.at);
  return { gets, written };
}

test("page N+1 is requested before page N has been written", async () => {
  // Deterministic: Claret's answers wait at the door, and Excel holds every write while the person edits a cell.
  host = installExcelHost();
  const written: number[] = [];
  const door = h.sim.hold("GET /sales");
  try {
    const pull = pullSales(h.session, ALL_HISTORY, {
      onProgress: (p) => void (p.recordsSoFar > 0 && written.push(p.recordsSoFar)),
    });
    await door.untilWaiting(1); // page 1 asked for
    host.editCell.start(); // from now on Excel writes nothing
    door.releaseWaiting();
    await door.untilWaiting(1); // page 2 asked for …
    expect(written).toEqual([]); // … while page 1 is not written
    host.editCell.end();
    door.end();
    await pull;
    expect(written).toHaveLength(3);
  } finally {
    door.end();
    host.editCell.end();
  }
});

test("never more than three pages are held: page N+3 is requested only once page N has been written", async () => {
  const big = await startSimulatorHarness({ records: 7500 });
  try {
    const { gets, written } = await timedPull(big);
    expect(gets).toHaveLength(8);
    expect(written).toHaveLength(8);
    // A page is held from its answer until it is written; asking for N+3 only after N is written bounds that at three.
    for (let n = 0; n + 3 < gets.length; n++)
      expect(gets[n + 3]).toBeGreaterThanOrEqual(written[n]);
    // …and the bound is reached: the pipeline does not wait for more than it must.
    expect(gets.some((at, i) => i >= 2 && at < written[i - 2])).toBe(true);
  } finally {
    await big.close();
  }
});

test("each page is written in one request, with calculation suspended in every request that writes or copies", async () => {
  host = installExcelHost();
  host.resetSyncLog();
  await pullSales(h.session, ALL_HISTORY);
  // The first request only reads whether the workbook's structure is protected (the table needs a sheet). The next
  // adds the staging sheet and evaluates one formula in it (the date-system probe): calculation must stay on there,
  // so it is not one of the page writes.
  const [structure, open, ...rest] = host.syncLog;
  expect(structure).toMatchObject({ cellsWritten: 0, changedBy: [] });
  expect(open).toMatchObject({ cellsWritten: 1, calcSuspended: false });
  const writes = rest.filter((s) => s.cellsWritten > 0 || s.cellsCopied > 0);
  expect(writes).toHaveLength(3);
  expect(writes.every((s) => s.calcSuspended)).toBe(true);
});
