// The pipeline: page N+1 travels while page N is written, one request per page, calculation suspended.
import { pullSales } from '../../src/workflows/pull';
import { installExcelHost, type ExcelHost } from '../helpers/excelHost';
import { startSimulatorHarness, type SimulatorHarness } from '../helpers/simulator';

const HISTORY = { saleTypeName: 'History', startDate: '2020-01-01', durationDays: 1826, includeHierarchy: false };

let h: SimulatorHarness;
let host: ExcelHost;
beforeAll(async () => {
  h = await startSimulatorHarness({ records: 2222 });
});
afterAll(() => h.close());


test('the next page is requested while the previous page is being written, and no further ahead', async () => {
  host = installExcelHost({ syncCost: { perSyncMs: 150, perCellWrittenUs: 0, perCellCopiedUs: 0 } });
  const written: Record<number, number> = {};
  const from = h.sim.requests.length;
  await pullSales(h.session, HISTORY, { onProgress: (p) => void (written[p.recordsSoFar] = Date.now()) });
  const gets = h.sim.requests.slice(from).filter((r) => r.method === 'GET');
  expect(gets).toHaveLength(3);
  expect(gets[1].at).toBeLessThan(written[1000]); // page 2 asked for before page 1's write was done
  expect(gets[2].at).toBeGreaterThanOrEqual(written[1000]); // page 3 only once page 1 is written: two pages held at most
  expect(gets[2].at).toBeLessThan(written[2000]);
});

test('each page is written in one request, with calculation suspended in every request that writes or copies', async () => {
  host = installExcelHost();
  host.resetSyncLog();
  await pullSales(h.session, HISTORY);
  const writes = host.syncLog.filter((s) => s.cellsWritten > 0 || s.cellsCopied > 0);
  expect(writes).toHaveLength(3);
  expect(writes.every((s) => s.calcSuspended)).toBe(true);
});
