// Diagnostic (not a figure): where the in-place refresh of refresh.changedOnePercent spends its wall time. Prints, on
// stderr, a timeline of one refresh (when each sync starts, every 20th page answered, the sync log, Σ server time of
// its pages), then a CPU profile of the same refresh on a second copy of the table, by folder and hottest functions.
// Run: npx tsx bench/scenarios/refreshTimeline.ts
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { refreshActiveSheet } from "../../src/workflows/pullRefresh/refresh";
import { readConfig } from "../lib/config";
import { installHost } from "../lib/excel";
import { FULL_QUERY, WARM_UP_QUERY } from "../lib/pullQuery";
import { profileCpu } from "../lib/cpuProfile";
import { startSimProcess } from "../lib/simProcess";

async function main() {
  const config = readConfig();
  const sim = await startSimProcess({ records: config.records, latencyMs: config.latencyMs });
  try {
    const warm = installHost(config);
    await pullSales(sim.session, WARM_UP_QUERY);
    await refreshActiveSheet(sim.session);
    warm.uninstall();
    const a = installHost(config);
    await pullSales(sim.session, FULL_QUERY);
    const b = installHost(config);
    await pullSales(sim.session, FULL_QUERY);
    await sim.churn(0.01, 0.001, 0.001);

    a.install(globalThis);
    await sim.takeTimings();
    a.resetSyncLog();
    const events: string[] = [];
    const t0 = performance.now();
    const at = () => (performance.now() - t0).toFixed(0).padStart(6);
    const log = a.syncLog;
    const origPush = log.push.bind(log);
    log.push = (...recs) => {
      events.push(`${at()} sync start (commands ${recs[0].commands})`);
      return origPush(...recs);
    };
    const realFetch = globalThis.fetch;
    let pages = 0;
    globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
      const r = await realFetch(...args);
      pages++;
      if (pages % 20 === 0 || pages < 3) events.push(`${at()} page ${pages} answered`);
      return r;
    };
    await refreshActiveSheet(sim.session);
    const wall = performance.now() - t0;
    globalThis.fetch = realFetch;
    events.push(`${at()} done`);
    console.error(events.join("\n"));
    console.error(
      a.syncLog
        .map(
          (s, i) =>
            `#${i} cmds=${s.commands} w=${s.cellsWritten} c=${s.cellsCopied} ms=${s.ms.toFixed(0)}`
        )
        .join("\n")
    );
    const timings = (await sim.takeTimings()).filter((r) => r.path.endsWith("/sales"));
    console.error(
      `wall ${wall.toFixed(0)} ms, pages ${pages}, server page ms Σ ${timings.reduce((a, t) => a + t.ms, 0).toFixed(0)}`
    );

    b.install(globalThis);
    b.resetSyncLog();
    const { breakdown } = await profileCpu(() => refreshActiveSheet(sim.session));
    console.error(JSON.stringify(breakdown.ms), "sampled", breakdown.sampledMs.toFixed(0));
    for (const h of breakdown.hotspots)
      console.error(h.ms.toFixed(0).padStart(6), h.category, h.fn);
  } finally {
    await sim.stop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  }
);
