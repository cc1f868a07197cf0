// Scenario "proxy": the same 100,000-record drain of GET /sales through the Claret client, direct to the simulator
// and through the production host's /claret proxy (server/, in a process of its own, logging as in production),
// alternated in one run so both meet the same machine. The figure is the ratio of the medians.
import { salesPages } from "../../src/claret/salesPages";
import type { ClaretSession } from "../../src/claret/types";
import { readConfig } from "../lib/config";
import { startHostProcess } from "../lib/hostProcess";
import { FULL_QUERY, WARM_UP_QUERY } from "../lib/pullQuery";
import { log, median, round, runScenario } from "../lib/report";
import { startSimProcess } from "../lib/simProcess";

const RUNS = 3;

async function drain(
  session: ClaretSession,
  query = FULL_QUERY
): Promise<{ ms: number; records: number; pages: number }> {
  const t0 = performance.now();
  let records = 0;
  let pages = 0;
  for await (const page of salesPages(session, query)) {
    records += page.records.length;
    pages++;
  }
  return { ms: performance.now() - t0, records, pages };
}

runScenario(async () => {
  const config = readConfig();
  const sim = await startSimProcess({ records: config.records, latencyMs: config.latencyMs });
  const host = await startHostProcess(sim.session.baseUrl);
  try {
    const direct = sim.session;
    const proxied: ClaretSession = { ...sim.session, baseUrl: `${host.url}/claret` };
    await drain(direct, WARM_UP_QUERY);
    await drain(proxied, WARM_UP_QUERY);
    const directMs: number[] = [];
    const proxyMs: number[] = [];
    let pages = 0;
    let records = 0;
    for (let i = 0; i < RUNS; i++) {
      // alternate the order so neither side always runs on a warmer machine
      const order = i % 2 === 0 ? ([direct, proxied] as const) : ([proxied, direct] as const);
      for (const s of order) {
        const r = await drain(s);
        if (r.records !== config.records)
          throw new Error(`A drain returned ${r.records} records, expected ${config.records}.`);
        (s === direct ? directMs : proxyMs).push(r.ms);
        pages = r.pages;
        records = r.records;
        log(`${s === direct ? "direct" : "proxy "} ${Math.round(r.ms)} ms`);
      }
    }
    const d = median(directMs);
    const p = median(proxyMs);
    const hostCpuMs = await host.stop();
    // every page through the host: the warm-ups' and the timed runs'
    const proxiedPages = host.logLines();
    return {
      records,
      pages,
      runs: RUNS,
      directWallMs: round(d),
      proxyWallMs: round(p),
      ratioToDirect: round(p / d, 3),
      overheadMsPerPage: round((p - d) / pages, 2),
      directRunsMs: directMs.map((v) => round(v)),
      proxyRunsMs: proxyMs.map((v) => round(v)),
      hostLogLines: proxiedPages,
      // start-up included, so an upper bound of what forwarding one page costs the host
      hostCpuMsPerPage: hostCpuMs === undefined ? null : round(hostCpuMs / proxiedPages, 2),
    };
  } finally {
    await host.stop();
    await sim.stop();
  }
});
