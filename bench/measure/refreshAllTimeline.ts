// Diagnostic (not a figure): a timeline of one Refresh all of three 30,000-record tables — each page's answer,
// each sync's start, each table's first and last progress — to see what lies between the tables' drains.
// Run: npx tsx bench/scenarios/refreshAllTimeline.ts
import type { SalesQuery } from "../../src/claret/types";
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { refreshAll } from "../../src/workflows/pullRefresh/refreshAll";
import { readConfig } from "../lib/config";
import { installHost } from "../lib/excel";
import { startSimProcess } from "../lib/simProcess";

const q = (startDate: string, durationDays: number): SalesQuery => ({
  saleTypeName: "History",
  startDate,
  durationDays,
  includeHierarchy: true,
});
const TABLES = [q("2020-01-01", 608), q("2021-09-01", 606), q("2023-05-01", 610)];

async function main() {
  const config = readConfig();
  const sim = await startSimProcess({ records: 90_000, latencyMs: config.latencyMs });
  try {
    const warm = installHost(config);
    await pullSales(sim.session, q("2020-01-01", 30));
    await refreshAll({ sessionFor: async () => sim.session });
    warm.uninstall();
    const host = installHost(config);
    for (const t of TABLES) await pullSales(sim.session, t);
    await sim.churn(0.01, 0.001, 0.001);
    host.resetSyncLog();
    const events: string[] = [];
    const t0 = performance.now();
    const at = () => (performance.now() - t0).toFixed(0).padStart(6);
    const log = host.syncLog;
    const push = log.push.bind(log);
    log.push = (...recs) => {
      events.push(`${at()} sync (commands ${recs[0].commands}, written ${recs[0].cellsWritten})`);
      return push(...recs);
    };
    const realFetch = globalThis.fetch;
    let pages = 0;
    globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
      const url = String(args[0]);
      const sent = at();
      const r = await realFetch(...args);
      pages++;
      if ([0, 1].includes(pages % 30))
        events.push(`${sent}→${at()} page ${pages} ${/start_date=([\d-]+)/.exec(url)?.[1]}`);
      return r;
    };
    let last = "";
    await refreshAll({
      sessionFor: async () => sim.session,
      onProgress: (p, s) => {
        const key = `table ${s.index}: ${p.recordsSoFar}/${p.total}`;
        if (p.recordsSoFar === 0 || p.recordsSoFar === p.total) events.push(`${at()} ${key}`);
        last = key;
      },
    });
    globalThis.fetch = realFetch;
    events.push(`${at()} done (${last})`);
    console.error(events.join("\n"));
    const timings = (await sim.takeTimings()).filter((r) => r.path.endsWith("/sales"));
    console.error(`server page ms Σ ${timings.reduce((a, t) => a + t.ms, 0).toFixed(0)}`);
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
