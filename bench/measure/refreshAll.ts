// Refresh all of three 30,000-record tables (issue 22), compared in the same run with the sum of the three single
// refreshes' floors. Two identical workbooks get the same three tables (three 20-month windows of History, with the
// hierarchy columns), Claret then changes 1% of the records, adds 0.1% and removes 0.1%; in the first workbook each
// table is refreshed alone (Refresh sheet), and each single refresh's floor is taken as bench/measure/refresh.ts takes
// it — max(pages, reads) + writes, from its own page times and its own modelled syncs; in the second, Refresh all
// refreshes the three tables (one drain at a time) on the same Claret data. ratioToFloorSum = Refresh all's wall time
// over the sum of the three floors.
import type { SalesQuery } from "../../src/claret/types";
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { refreshActiveSheet } from "../../src/workflows/pullRefresh/refresh";
import { refreshAll } from "../../src/workflows/pullRefresh/refreshAll";
import { readConfig } from "../lib/config";
import { excelFigures, installHost, type ExcelHost } from "../lib/excel";
import { log, round, runScenario } from "../lib/report";
import { startSimProcess, type SimProcess } from "../lib/simProcess";

/** Records per table; the simulator holds three tables' worth of History, spread evenly over its 60 months. */
const TABLE_RECORDS = 30_000;
const CHANGED = 0.01;
const ADDED = 0.001;
const REMOVED = 0.001;

/** A window of whole months from `from` (YYYY-MM) for `months` months, with the hierarchy columns. */
function months(from: string, count: number): SalesQuery {
  const start = new Date(`${from}-01T00:00:00Z`);
  const next = new Date(start);
  next.setUTCMonth(next.getUTCMonth() + count);
  // the window's end is inclusive: the day before the next window's first day
  const durationDays = Math.round((next.getTime() - start.getTime()) / 86_400_000) - 1;
  return {
    saleTypeName: "History",
    startDate: start.toISOString().slice(0, 10),
    durationDays,
    includeHierarchy: true,
  };
}

const TABLES = [months("2020-01", 20), months("2021-09", 20), months("2023-05", 20)];
const WARM_UP = [months("2020-01", 1), months("2020-02", 1)];

interface Split {
  writeMs: number;
  readMs: number;
}

/** The modelled time of the syncs since the last reset that wrote or copied, and of the others (reads). */
function split(host: ExcelHost): Split {
  const s: Split = { writeMs: 0, readMs: 0 };
  for (const r of host.syncLog) {
    if (r.cellsWritten + r.cellsCopied > 1) s.writeMs += r.ms;
    else s.readMs += r.ms;
  }
  return s;
}

const pagesMsOf = async (sim: SimProcess) =>
  (await sim.takeTimings())
    .filter((r) => r.method === "GET" && r.path.endsWith("/sales"))
    .reduce((a, p) => a + p.ms, 0);

async function pullAll(host: ExcelHost, sim: SimProcess, queries: SalesQuery[]) {
  host.install(globalThis);
  const pulled = [];
  for (const q of queries) pulled.push(await pullSales(sim.session, q));
  return pulled;
}

async function main() {
  const config = readConfig();
  const sim = await startSimProcess({
    records: TABLE_RECORDS * TABLES.length,
    latencyMs: config.latencyMs,
  });
  const sessionFor = async () => sim.session;
  try {
    // Warm-up: both paths on short windows, so the timed runs do not measure a cold JIT.
    const warm = installHost(config);
    const warmTables = await pullAll(warm, sim, WARM_UP);
    warm.activate(warmTables[0].sheetName);
    await refreshActiveSheet(sim.session);
    await refreshAll({ sessionFor });
    warm.uninstall();

    log(`pulling three ${TABLE_RECORDS}-record tables into two workbooks …`);
    const singles = installHost(config);
    const pulled = await pullAll(singles, sim, TABLES);
    const all = installHost(config);
    await pullAll(all, sim, TABLES);
    const churn = await sim.churn(CHANGED, ADDED, REMOVED);
    log(`Claret: ${churn.changed} changed, ${churn.added} added, ${churn.removed} removed`);
    await sim.takeTimings();

    // Each table alone (Refresh sheet), each with its own floor.
    singles.install(globalThis);
    const single: Array<{ wallMs: number; floorMs: number; pagesMs: number }> = [];
    for (const t of pulled) {
      singles.activate(t.sheetName);
      singles.resetSyncLog();
      const t0 = performance.now();
      await refreshActiveSheet(sim.session);
      const wallMs = performance.now() - t0;
      const pagesMs = await pagesMsOf(sim);
      const s = split(singles);
      single.push({ wallMs, pagesMs, floorMs: Math.max(pagesMs, s.readMs) + s.writeMs });
    }
    const floorSumMs = single.reduce((a, s) => a + s.floorMs, 0);

    // Refresh all on the second workbook: the same tables, the same Claret.
    all.install(globalThis);
    all.resetSyncLog();
    log("Refresh all …");
    const t0 = performance.now();
    const result = await refreshAll({ sessionFor });
    const wallMs = performance.now() - t0;
    const pagesMs = await pagesMsOf(sim);
    const kinds = result.tables.map((t) => t.outcome.kind);
    if (kinds.some((k) => k !== "refreshed"))
      throw new Error(`Refresh all did not refresh every table: ${kinds.join(", ")}`);
    const counts = result.tables.map((t) =>
      t.outcome.kind === "refreshed"
        ? {
            rows: t.outcome.result.rowCount,
            updated: t.outcome.result.updated,
            added: t.outcome.result.added,
            removed: t.outcome.result.removed,
          }
        : null
    );
    log(
      `Refresh all: ${round(wallMs)} ms; the single refreshes' floors sum to ${round(floorSumMs)} ms (${single.map((s) => round(s.floorMs)).join(" + ")})`
    );
    return {
      excel: excelFigures(),
      tables: TABLES.length,
      recordsPerTable: TABLE_RECORDS,
      windows: TABLES.map((q) => `${q.startDate} ${q.durationDays}d`),
      wallMs: round(wallMs),
      floorSumMs: round(floorSumMs),
      ratioToFloorSum: round(wallMs / floorSumMs, 3),
      singleFloorsMs: single.map((s) => round(s.floorMs)),
      singlesWallMs: round(single.reduce((a, s) => a + s.wallMs, 0)),
      singlePagesMs: single.map((s) => round(s.pagesMs)),
      pagesMs: round(pagesMs),
      syncs: all.syncLog.length,
      tableCounts: counts,
      churn,
    };
  } finally {
    await sim.stop();
  }
}

runScenario(main);
