// Scenario "proxyLoad" (issue 23, §5): the production host under load. `loadConnections` keep-alive connections
// (autocannon, in this process) loop GET /sales for `loadSeconds`, direct to the simulator and through the host's
// /claret proxy, for a small page (one month, ~17 KB) and a 1,000-record page (~420 KB), in one run. Beside each run:
// the CPU each process used per answer (this one, the host, the simulator), and the host's RSS, sampled from /proc.
// After the timed runs, a profiled run of the small page says where the host's time goes, and the same load through
// a minimal proxy (node:http and a pipe) says what any proxy costs here.
import { cpus, loadavg } from "node:os";
import { apiUrl } from "../../src/claret/endpoint";
import { DEFAULT_TIMEOUT_MS } from "../../src/claret/http";
import type { SalesQuery } from "../../src/claret/types";
import type { SelfTimeProfile } from "../lib/cpuProfile";
import { readConfig } from "../lib/config";
import { startHostProcess, startMinimalProxyProcess, type HostProcess } from "../lib/hostProcess";
import { loadFigures, runLoad, type LoadFigures } from "../lib/load";
import { openSockets, rssBytes, treeCpuMs } from "../lib/procStats";
import { FULL_QUERY } from "../lib/pullQuery";
import { log, round, runScenario } from "../lib/report";
import { startSimProcess, type SimProcess } from "../lib/simProcess";

/** As `npm run sim` serves by default: 2,222 History records, 37–38 a month, no added latency. */
const SIM_RECORDS = 2222;
const PAGES: Record<"small" | "large", SalesQuery> = {
  // one month with the hierarchy: 38 records, 16.4 KB of JSON
  small: { ...FULL_QUERY, startDate: "2022-01-01", durationDays: 30 },
  // the first page of the whole History: 1,000 records, ~420 KB
  large: FULL_QUERY,
};
/**
 * The add-in's own per-request timeout (30 s, above the host's 25 s to Claret): an answer the add-in would have waited
 * for is an answer. (autocannon's default of 10 s counted a few hundred timeouts per 20 s on the large page even
 * direct, where the simulator serves each request in ~25 ms once read: the wait is the queue of 200 large answers
 * on CPU shared by three processes, not a failure.)
 */
const TIMEOUT_SECONDS = DEFAULT_TIMEOUT_MS / 1000;
const WARM_UP_SECONDS = 2;
const PROFILE_MAX_SECONDS = 10;

const MB = 1024 * 1024;
const mb = (bytes: number | null) => (bytes === null ? null : round(bytes / MB, 1));

interface RunFigures extends LoadFigures {
  /** CPU ms per 2xx answer: the load generator (this process), the proxy (host or minimal proxy), the simulator */
  cpuMsPerAnswer: { client: number; host: number; sim: number; total: number };
  /** the CPU all three used over the run, in cores (2 = both cores of this machine busy all the time) */
  coresBusy: number;
  /** answers the simulator gave during the run (through the host: what it forwarded) */
  simAnswered: number;
  /** the host's peak RSS during the run, MB (through the host only) */
  hostPeakRssMb?: number | null;
  loadAverage: [number, number];
}

function sessionUrl(baseUrl: string, tenant: string, q: SalesQuery): string {
  return apiUrl({ baseUrl, tenant }, "sales", {
    sale_type_name: q.saleTypeName,
    start_date: q.startDate,
    duration: q.durationDays,
    include_flattened_hierarchy: q.includeHierarchy ? 1 : 0,
  });
}

/** Samples the host's RSS every `everyMs`; stop() gives the peak. */
function rssSampler(pid: number, everyMs = 100): { stop(): number | null } {
  let peak: number | null = rssBytes(pid);
  const timer = setInterval(() => {
    const r = rssBytes(pid);
    if (r !== null && (peak === null || r > peak)) peak = r;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

/**
 * Lets the host settle after load: until it holds no more sockets than it did idle (its connections to Claret close
 * after their keep-alive time) and, after a full GC, its RSS stops falling; then that RSS and heap.
 */
async function settle(
  host: HostProcess,
  idleSockets: number
): Promise<{ rss: number | null; heapUsed: number; waitedMs: number }> {
  const t0 = performance.now();
  const deadline = t0 + 30_000;
  while ((openSockets(host.pid) ?? 0) > idleSockets && performance.now() < deadline)
    await pause(250);
  let last = Infinity;
  for (;;) {
    const { heapUsed } = await host.gc();
    const rss = rssBytes(host.pid);
    if (rss === null || rss >= last * 0.99 || performance.now() > deadline)
      return { rss, heapUsed, waitedMs: Math.round(performance.now() - t0) };
    last = rss;
    await pause(1000);
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until the host and the simulator are idle (each under 5% of a core over 250 ms). When a run stops, its
 * connections are dropped with up to `connections` requests in flight, which the simulator still builds and the host
 * still forwards (200 large pages are seconds of CPU): the next run must not start on top of that.
 */
async function quiesce(pids: number[]): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const before = pids.map((pid) => treeCpuMs(pid) ?? 0);
    await pause(250);
    const busy = pids.some((pid, i) => (treeCpuMs(pid) ?? 0) - before[i] > 0.05 * 250);
    if (!busy || performance.now() - t0 > 60_000) return Math.round(performance.now() - t0);
  }
}

async function timedRun(
  sim: SimProcess,
  /** the proxy in between (its CPU is "host"), or the host idle beside a direct run */
  proxyPid: number,
  url: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
  sampleRss: boolean
): Promise<RunFigures> {
  await quiesce([proxyPid, sim.pid]);
  await sim.takeTimings(); // clears what came before
  const load0 = round(loadavg()[0], 2);
  const client0 = process.cpuUsage();
  const host0 = treeCpuMs(proxyPid) ?? 0;
  const sim0 = treeCpuMs(sim.pid) ?? 0;
  const t0 = performance.now();
  const sampler = sampleRss ? rssSampler(proxyPid) : undefined;
  const run = await runLoad({
    url,
    headers,
    connections,
    seconds,
    timeoutSeconds: TIMEOUT_SECONDS,
  });
  const peak = sampler?.stop() ?? null;
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(client0);
  const clientMs = (c.user + c.system) / 1000;
  const hostMs = (treeCpuMs(proxyPid) ?? 0) - host0;
  const simMs = (treeCpuMs(sim.pid) ?? 0) - sim0;
  const simAnswered = (await sim.takeTimings()).length;
  const figures = loadFigures(run);
  const per = (ms: number) => round(ms / Math.max(figures.answers, 1), 3);
  return {
    ...figures,
    cpuMsPerAnswer: {
      client: per(clientMs),
      host: per(hostMs),
      sim: per(simMs),
      total: per(clientMs + hostMs + simMs),
    },
    coresBusy: round((clientMs + hostMs + simMs) / wallMs, 2),
    simAnswered,
    ...(sampleRss ? { hostPeakRssMb: mb(peak) } : {}),
    loadAverage: [load0, round(loadavg()[0], 2)],
  };
}

runScenario(async () => {
  const config = readConfig();
  const seconds = config.loadSeconds;
  const connections = config.loadConnections;
  if (seconds < 1 || connections < 1)
    throw new Error("--load-seconds and --load-connections must be at least 1.");
  const sim = await startSimProcess({ records: SIM_RECORDS, latencyMs: 0 });
  const host = await startHostProcess(sim.session.baseUrl);
  try {
    const rssStart = rssBytes(host.pid);
    const idleSockets = openSockets(host.pid) ?? 0;
    const headers = {
      Accept: "application/json",
      "X-Requested-With": "XMLHttpRequest",
      Authorization: `Bearer ${sim.session.token}`,
    };
    const { tenant } = sim.session;
    const direct = (q: SalesQuery) => sessionUrl(sim.session.baseUrl, tenant, q);
    const proxied = (q: SalesQuery) => sessionUrl(`${host.url}/claret`, tenant, q);
    const quick = async (url: string, s: number) => {
      await quiesce([host.pid, sim.pid]);
      return runLoad({ url, headers, connections, seconds: s, timeoutSeconds: TIMEOUT_SECONDS });
    };

    // warm-up: the host's and the simulator's JIT, the host's pool of connections to Claret
    for (const q of Object.values(PAGES)) await quick(proxied(q), WARM_UP_SECONDS);
    const before = await settle(host, idleSockets);
    log(`host RSS before ${mb(before.rss)} MB (settled in ${before.waitedMs} ms)`);
    const runs = {} as Record<keyof typeof PAGES, { direct: RunFigures; proxy: RunFigures }>;
    let peak: number | null = before.rss;
    for (const [name, q] of Object.entries(PAGES) as [keyof typeof PAGES, SalesQuery][]) {
      const d = await timedRun(sim, host.pid, direct(q), headers, connections, seconds, false);
      log(`${name} direct: ${d.reqPerSec} req/s, p99 ${d.p99Ms} ms, errors ${d.errors.total}`);
      const p = await timedRun(sim, host.pid, proxied(q), headers, connections, seconds, true);
      log(`${name} proxy:  ${p.reqPerSec} req/s, p99 ${p.p99Ms} ms, errors ${p.errors.total}`);
      if (p.hostPeakRssMb != null) peak = Math.max(peak ?? 0, p.hostPeakRssMb * MB);
      runs[name] = { direct: d, proxy: p };
    }
    const after = await settle(host, idleSockets);
    log(`host RSS after ${mb(after.rss)} MB (settled in ${after.waitedMs} ms)`);

    // where the host's time goes on the small page: its own run, after the memory figures, so that neither the
    // profiler's cost nor its memory is in them
    const profileSeconds = Math.min(seconds, PROFILE_MAX_SECONDS);
    await quiesce([host.pid, sim.pid]);
    await host.startProfile();
    const profiled = loadFigures(
      await runLoad({
        url: proxied(PAGES.small),
        headers,
        connections,
        seconds: profileSeconds,
        timeoutSeconds: TIMEOUT_SECONDS,
      })
    );
    const hostProfile: SelfTimeProfile = await host.stopProfile();
    log(
      `profiled run (small page through the host): ${profiled.reqPerSec} req/s, errors ${profiled.errors.total}`
    );

    // the yardstick: the least any proxy costs here (bench/lib/minimalProxy.ts), on the small page
    const minimal = await startMinimalProxyProcess(sim.session.baseUrl);
    let least: RunFigures;
    try {
      const url = sessionUrl(`${minimal.url}/claret`, tenant, PAGES.small);
      await runLoad({
        url,
        headers,
        connections,
        seconds: WARM_UP_SECONDS,
        timeoutSeconds: TIMEOUT_SECONDS,
      });
      least = await timedRun(sim, minimal.pid, url, headers, connections, seconds, false);
      log(`small minimal proxy: ${least.reqPerSec} req/s, p99 ${least.p99Ms} ms`);
    } finally {
      await minimal.stop();
    }

    const page = (name: keyof typeof PAGES) => {
      const { direct: d, proxy: p } = runs[name];
      return {
        bytesPerAnswer: d.bytesPerAnswer,
        directReqPerSec: d.reqPerSec,
        proxyReqPerSec: p.reqPerSec,
        ratio: round(p.reqPerSec / Math.max(d.reqPerSec, 1e-9), 3),
        directP50Ms: d.p50Ms,
        directP99Ms: d.p99Ms,
        proxyP50Ms: p.p50Ms,
        proxyP99Ms: p.p99Ms,
        directErrors: d.errors.total,
        proxyErrors: p.errors.total,
        // if all three processes share the cores to the full: the ratio the CPU per answer allows
        cpuBoundRatio: round(d.cpuMsPerAnswer.total / Math.max(p.cpuMsPerAnswer.total, 1e-9), 3),
        direct: d,
        proxy: p,
      };
    };
    const small = {
      ...page("small"),
      minimalProxyReqPerSec: least.reqPerSec,
      minimalProxyRatio: round(least.reqPerSec / Math.max(runs.small.direct.reqPerSec, 1e-9), 3),
      minimalProxyCpuBoundRatio: round(
        runs.small.direct.cpuMsPerAnswer.total / Math.max(least.cpuMsPerAnswer.total, 1e-9),
        3
      ),
      minimalProxy: least,
    };
    const large = page("large");
    return {
      connections,
      seconds,
      timeoutSeconds: TIMEOUT_SECONDS,
      simRecords: SIM_RECORDS,
      cores: cpus().length,
      small,
      large,
      // through the host (the target); the direct runs' own are beside it
      errors: small.proxyErrors + large.proxyErrors,
      directErrors: small.directErrors + large.directErrors,
      hostRss: {
        startMb: mb(rssStart),
        beforeMb: mb(before.rss),
        peakMb: mb(peak),
        afterMb: mb(after.rss),
        afterToBefore: before.rss && after.rss ? round(after.rss / before.rss, 3) : null,
        // against the host as it started, before any request (the JIT's code and the first pool of sockets since)
        afterToStart: rssStart && after.rss ? round(after.rss / rssStart, 3) : null,
        heapUsedBeforeMb: mb(before.heapUsed),
        heapUsedAfterMb: mb(after.heapUsed),
        settleMs: [before.waitedMs, after.waitedMs],
      },
      hostProfile: {
        seconds: profileSeconds,
        reqPerSec: profiled.reqPerSec,
        errors: profiled.errors.total,
        ...hostProfile,
      },
    };
  } finally {
    await host.stop();
    await sim.stop();
  }
});
