// Refresh: re-run the stored query of an existing 100,000-row table (pulled first, not timed) through the real
// workflow (src/workflows/refresh.ts). Its floor is the pull's floor plus the Excel-side copy from the staging sheet
// into the table, which the all-or-nothing guarantee needs (the old rows stay untouched until every page is in).
import { pullSales } from "../../src/workflows/pull";
import { refreshActiveSheet } from "../../src/workflows/refresh";
import { readConfig } from "../lib/config";
import { profileCpu } from "../lib/cpuProfile";
import { installHost, syncFigures } from "../lib/excel";
import { FULL_QUERY, WARM_UP_QUERY } from "../lib/pullQuery";
import { log, round, runScenario } from "../lib/report";
import { startSimProcess } from "../lib/simProcess";

async function main() {
  const config = readConfig();
  const sim = await startSimProcess({ records: config.records, latencyMs: config.latencyMs });
  try {
    // Warm-up: a pull and a refresh of a short window, so the timed refresh does not run with a cold JIT.
    const warm = installHost(config);
    await pullSales(sim.session, WARM_UP_QUERY);
    await refreshActiveSheet(sim.session);
    warm.uninstall();

    const host = installHost(config);
    log(`pulling the ${config.records}-record table to refresh (not timed) …`);
    const pulled = await pullSales(sim.session, FULL_QUERY);
    host.resetSyncLog();
    await sim.takeTimings();

    log("refresh …");
    const t0 = performance.now();
    const result = await refreshActiveSheet(sim.session);
    const wallMs = performance.now() - t0;
    if (result.rowCount !== pulled.rowCount)
      throw new Error(`The refresh gave ${result.rowCount} rows, the pull ${pulled.rowCount}.`);
    const sync = syncFigures(host);
    const pages = (await sim.takeTimings()).filter(
      (r) => r.method === "GET" && r.path.endsWith("/sales")
    );
    const pagesMs = pages.reduce((a, p) => a + p.ms, 0);
    const stagingSyncsMs = sync.modelledMs - sync.copySyncMs;
    const floorMs = Math.max(pagesMs, stagingSyncsMs) + sync.copySyncMs;
    log(`refresh: ${result.rowCount} rows in ${round(wallMs)} ms (floor ${round(floorMs)} ms)`);

    // The same refresh again under the profiler (untimed): where the client's CPU goes, the emulator's included.
    const profiled = await profileCpu(() => refreshActiveSheet(sim.session));
    log(
      `CPU split (ms): ${Object.entries(profiled.breakdown.ms)
        .map(([k, v]) => `${k} ${round(v)}`)
        .join(", ")}`
    );
    return {
      records: result.rowCount,
      wallMs: round(wallMs),
      floorMs: round(floorMs),
      floorPagesMs: round(pagesMs),
      floorStagingSyncsMs: round(stagingSyncsMs),
      floorCopyMs: round(sync.copySyncMs),
      floorBoundBy: pagesMs >= stagingSyncsMs ? "pages" : "syncs",
      ratioToFloor: round(wallMs / floorMs, 3),
      syncs: sync.syncs,
      maxSyncPayloadBytes: sync.maxPayloadBytes,
      cellsCopied: sync.cellsCopied,
      /** the emulator's own CPU for Range.copyFrom (copying cells in JS): on the critical path here, in real Excel it is the host's (modelled in floorCopyMs) */
      emulatorCopyCpuMs: round(
        profiled.breakdown.hotspots
          .filter((h) => /^copy .*excel-emulator/.test(h.fn))
          .reduce((a, h) => a + h.ms, 0)
      ),
      cpuSplitMs: Object.fromEntries(
        Object.entries(profiled.breakdown.ms).map(([k, v]) => [k, round(v)])
      ),
      cpuHotspots: profiled.breakdown.hotspots,
    };
  } finally {
    await sim.stop();
  }
}

runScenario(main);
