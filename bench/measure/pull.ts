// Pull: 100,000 records with hierarchy into a new sheet, through the real workflow (src/workflows/pullRefresh/pull.ts), the real
// client over HTTP to the simulator (in its own process) and the real adapters into the Excel emulator with modelled
// costs. In the same run: the naive baseline, a profiled pull for the CPU split, and a smaller pull for memory.
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { readConfig } from "../lib/config";
import { profileCpu } from "../lib/cpuProfile";
import { excelFigures, installHost, syncFigures } from "../lib/excel";
import { heapSampler, retainedHeap } from "../lib/heap";
import { naivePull } from "../lib/naivePull";
import { countPagesInFlight } from "../lib/pagesInFlight";
import { FULL_QUERY, WARM_UP_QUERY } from "../lib/pullQuery";
import { log, round, runScenario } from "../lib/report";
import { startSimProcess, type ServerTiming } from "../lib/simProcess";

const pageTimes = (t: ServerTiming[]) =>
  t.filter((r) => r.method === "GET" && r.path.endsWith("/sales"));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

type Sim = Awaited<ReturnType<typeof startSimProcess>>;

/** One measured pull into a fresh workbook: wall time, client CPU, syncs, server page times, pages held, peak heap. */
async function measuredPull(config: ReturnType<typeof readConfig>, sim: Sim) {
  const host = installHost(config);
  await sim.takeTimings();
  const heapBefore = retainedHeap();
  const counter = countPagesInFlight();
  const heap = heapSampler();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    const result = await pullSales(sim.session, FULL_QUERY, {
      onProgress: (p) => {
        counter.onProgress(p);
        heap.sample();
      },
    });
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const peakHeap = heap.stop();
    const heapAfter = retainedHeap(); // the workbook (the emulator's cells) is still alive here
    const pages = pageTimes(await sim.takeTimings());
    return {
      result,
      wallMs,
      clientCpuMs: (cpu.user + cpu.system) / 1000,
      sync: syncFigures(host),
      pageCount: pages.length,
      pageServerMs: sum(pages.map((p) => p.ms)),
      maxPagesInFlight: counter.max,
      peakHeap,
      heapBefore,
      heapAfter,
    };
  } finally {
    counter.restore();
    heap.stop();
    host.uninstall();
  }
}

/**
 * Live memory of a pull beyond the workbook: after every 5th page is written, a full GC, then the heap still in use minus
 * what was in use before and minus the workbook's share so far (the workbook's size after the pull, pro rata of the
 * rows written). Untimed (the collections take a while); the largest value over the pages is returned.
 */
async function liveMemory(config: ReturnType<typeof readConfig>, sim: Sim) {
  const host = installHost(config);
  try {
    const before = retainedHeap();
    const samples: { rows: number; heap: number }[] = [];
    let page = 0;
    // every 5th page: a full GC on a heap of this size takes a while
    const onProgress = (p: { recordsSoFar: number }) => {
      if (p.recordsSoFar > 0 && page++ % 5 === 0)
        samples.push({ rows: p.recordsSoFar, heap: retainedHeap() });
    };
    const result = await pullSales(sim.session, FULL_QUERY, { onProgress });
    const workbookBytes = retainedHeap() - before;
    const overWorkbook = samples.map(
      (s) => s.heap - before - (workbookBytes * s.rows) / result.rowCount
    );
    return {
      records: result.rowCount,
      workbookBytes,
      maxLiveBytesBeyondWorkbook: Math.round(Math.max(...overWorkbook)),
    };
  } finally {
    host.uninstall();
  }
}

async function main() {
  const config = readConfig();
  log(`simulator: ${config.records} records, ${config.latencyMs} ms per request`);
  const sim = await startSimProcess({ records: config.records, latencyMs: config.latencyMs });
  try {
    // Warm-up: both paths once on a short window, so neither is timed with a cold JIT.
    const warm = installHost(config);
    await pullSales(sim.session, WARM_UP_QUERY);
    await naivePull(sim.session, WARM_UP_QUERY, "Warm");
    warm.uninstall();

    log("naive baseline …");
    const naiveHost = installHost(config);
    await sim.takeTimings();
    const n0 = performance.now();
    const naive = await naivePull(sim.session, FULL_QUERY, "Naive");
    const naiveWallMs = performance.now() - n0;
    const naiveSync = syncFigures(naiveHost);
    const naivePages = pageTimes(await sim.takeTimings());
    naiveHost.uninstall();
    log(`naive: ${naive.rows} rows in ${round(naiveWallMs)} ms`);

    log("pipelined pull (the product) …");
    const pull = await measuredPull(config, sim);
    log(`pull: ${pull.result.rowCount} rows in ${round(pull.wallMs)} ms`);
    if (pull.result.rowCount !== naive.rows)
      throw new Error(
        `The pull wrote ${pull.result.rowCount} rows, the naive baseline ${naive.rows}.`
      );

    log("profiled pull (CPU split) …");
    const profiledHost = installHost(config);
    const profiled = await profileCpu(() => pullSales(sim.session, FULL_QUERY));
    profiledHost.uninstall();
    const cpu = profiled.breakdown.ms;
    const ownCpuMs = cpu.parse + cpu.map + cpu.payload + cpu.workflow;
    const records = pull.result.rowCount;
    log(
      `CPU split (ms): ${Object.entries(cpu)
        .map(([k, v]) => `${k} ${round(v)}`)
        .join(", ")}`
    );

    log(
      `memory: live heap beyond the workbook after each page, at ${records} and ${config.smallRecords} records …`
    );
    const liveFull = await liveMemory(config, sim);
    const smallSim = await startSimProcess({
      records: config.smallRecords,
      latencyMs: config.latencyMs,
    });
    let liveSmall;
    try {
      liveSmall = await liveMemory(config, smallSim);
    } finally {
      await smallSim.stop();
    }

    const floorMs = Math.max(pull.pageServerMs, pull.sync.modelledMs);
    return {
      excel: excelFigures(),
      records,
      columns: pull.result.columns.length,
      /** cells carried in requests per record: its values, and the formats once per column run and request */
      cellsCarriedPerRecord: round(pull.sync.cellsCarried / records, 3),
      /** the same per column: 1 when each cell is carried once (target ≤ 1.01, issue 22) */
      cellsCarriedPerCell: round(pull.sync.cellsCarried / records / pull.result.columns.length, 4),
      pages: pull.pageCount,
      wallMs: round(pull.wallMs),
      floorMs: round(floorMs),
      floorPagesMs: round(pull.pageServerMs),
      floorSyncsMs: round(pull.sync.modelledMs),
      floorBoundBy: pull.pageServerMs >= pull.sync.modelledMs ? "pages" : "syncs",
      ratioToFloor: round(pull.wallMs / floorMs, 3),
      naiveWallMs: round(naiveWallMs),
      naiveSyncs: naiveSync.syncs,
      naivePagesMs: round(sum(naivePages.map((p) => p.ms))),
      naiveSyncsMs: round(naiveSync.modelledMs),
      speedupVsNaive: round(naiveWallMs / pull.wallMs, 3),
      syncs: pull.sync.syncs,
      maxSyncPayloadBytes: pull.sync.maxPayloadBytes,
      cellsWritten: pull.sync.cellsWritten,
      writesWithoutCalcSuspended: pull.sync.writesWithoutCalcSuspended,
      clientCpuMs: round(pull.clientCpuMs),
      clientCpuMsPer1000Records: round((pull.clientCpuMs / records) * 1000, 2),
      cpuMsPer1000Records: round((ownCpuMs / records) * 1000, 2),
      cpuSplitMs: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, round(v)])),
      cpuHotspots: profiled.breakdown.hotspots,
      maxPagesInFlight: pull.maxPagesInFlight,
      peakHeapBytes: pull.peakHeap,
      /** heap retained after the pull (GC'd) minus before: the emulator's cells */
      workbookBytes: pull.heapAfter - pull.heapBefore,
      /** peak heapUsed minus the retained heap after the pull: working memory plus garbage not yet collected */
      peakAboveWorkbookBytes: pull.peakHeap - pull.heapAfter,
      memory: { full: liveFull, small: liveSmall },
    };
  } finally {
    await sim.stop();
  }
}

runScenario(main);
