// The modelled costs and sizes every scenario shares. Each can be set by a CLI flag (`--latency-ms 40`) or an
// environment variable (`BENCH_LATENCY_MS=40`); a flag wins. bench/run.ts passes its own flags on to each scenario.

export interface BenchConfig {
  /** latency the simulator adds to every request (a page of GET /sales, a POST) */
  latencyMs: number;
  /** modelled fixed cost of one Excel `context.sync()` */
  perSyncMs: number;
  /** modelled cost per cell written through the API (values, formats) */
  perCellCarriedUs: number;
  /** modelled cost per cell copied inside the workbook (Range.copyFrom: no payload) */
  perCellCopiedUs: number;
  /** records pulled and refreshed */
  records: number;
  /** records for the second, smaller pull that shows memory does not grow with the pull */
  smallRecords: number;
  /** rows pushed */
  pushRows: number;
  /** task pane first-render samples (the median is reported) */
  renderRuns: number;
  /** proxyLoad: seconds of each load run (direct and through the host, each page size) */
  loadSeconds: number;
  /** proxyLoad: connections the load generator keeps busy at once */
  loadConnections: number;
}

const SPEC: Record<keyof BenchConfig, { flag: string; env: string; fallback: number }> = {
  latencyMs: { flag: "latency-ms", env: "BENCH_LATENCY_MS", fallback: 40 },
  perSyncMs: { flag: "sync-ms", env: "BENCH_SYNC_MS", fallback: 20 },
  perCellCarriedUs: { flag: "cell-write-us", env: "BENCH_CELL_WRITE_US", fallback: 2 },
  perCellCopiedUs: { flag: "cell-copy-us", env: "BENCH_CELL_COPY_US", fallback: 0.2 },
  records: { flag: "records", env: "BENCH_RECORDS", fallback: 100_000 },
  smallRecords: { flag: "small-records", env: "BENCH_SMALL_RECORDS", fallback: 50_000 },
  pushRows: { flag: "push-rows", env: "BENCH_PUSH_ROWS", fallback: 10_000 },
  renderRuns: { flag: "render-runs", env: "BENCH_RENDER_RUNS", fallback: 5 },
  loadSeconds: { flag: "load-seconds", env: "BENCH_LOAD_SECONDS", fallback: 20 },
  loadConnections: { flag: "load-connections", env: "BENCH_LOAD_CONNECTIONS", fallback: 200 },
};

/** The flags this module understands, for --help. */
export function configHelp(): string {
  return Object.values(SPEC)
    .map((s) => `  --${s.flag} N   (env ${s.env}, default ${s.fallback})`)
    .join("\n");
}

/** Reads the config from argv and env; an unknown flag or a value that is not a number >= 0 stops with a message. */
export function readConfig(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env
): BenchConfig {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`Unexpected argument "${argv[i]}". Flags:\n${configHelp()}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${m[1]} needs a value.`);
    flags.set(m[1], value);
  }
  const known = new Set(Object.values(SPEC).map((s) => s.flag));
  for (const f of flags.keys())
    if (!known.has(f)) throw new Error(`Unknown flag --${f}. Flags:\n${configHelp()}`);

  const config = {} as BenchConfig;
  for (const [key, s] of Object.entries(SPEC) as [
    keyof BenchConfig,
    (typeof SPEC)[keyof BenchConfig],
  ][]) {
    const raw = flags.get(s.flag) ?? env[s.env];
    const n = raw === undefined || raw === "" ? s.fallback : Number(raw);
    if (!Number.isFinite(n) || n < 0)
      throw new Error(`--${s.flag} (${s.env}) must be a number >= 0, got "${raw}".`);
    config[key] = n;
  }
  return config;
}

/** The config as flags, to hand on to a scenario process. */
export function configArgs(config: BenchConfig): string[] {
  return (Object.keys(SPEC) as (keyof BenchConfig)[]).flatMap((k) => [
    `--${SPEC[k].flag}`,
    String(config[k]),
  ]);
}
