// A load run: `connections` keep-alive connections, each sending its next GET as soon as its answer is in, for
// `seconds` (autocannon, in this process), and the figures made of it.
import autocannon from "autocannon";

export interface LoadRun {
  result: autocannon.Result;
  /** socket errors by code (ECONNRESET, EPIPE, …), from autocannon's per-request error events; timeouts apart */
  socketErrors: Record<string, number>;
}

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  /** seconds a request may wait for its answer before autocannon counts a timeout and reconnects */
  timeoutSeconds: number;
}

const TIMEOUT_MESSAGE = "request timed out"; // autocannon's own error for a timeout (lib/run.js)

export function runLoad(opts: LoadOptions): Promise<LoadRun> {
  return new Promise((resolve, reject) => {
    const socketErrors: Record<string, number> = {};
    const instance = autocannon(
      {
        url: opts.url,
        headers: opts.headers,
        connections: opts.connections,
        duration: opts.seconds,
        timeout: opts.timeoutSeconds,
        pipelining: 1,
      },
      (err, result) => (err ? reject(err) : resolve({ result, socketErrors }))
    );
    instance.on("reqError", (e: NodeJS.ErrnoException) => {
      if (e.message === TIMEOUT_MESSAGE) return;
      const code = e.code ?? e.message;
      socketErrors[code] = (socketErrors[code] ?? 0) + 1;
    });
  });
}

const RESET_CODES = new Set(["ECONNRESET", "EPIPE"]);

export interface LoadFigures {
  /** 2xx answers per second of the run */
  reqPerSec: number;
  /** latency of the 2xx answers (autocannon records no other), ms */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  answers: number;
  /** bytes per answer on the wire (head and body), from autocannon's count */
  bytesPerAnswer: number;
  errors: {
    /** timeouts + non2xx + resets + other */
    total: number;
    /** no answer within the run's timeout (autocannon then drops the connection and opens another) */
    timeouts: number;
    /** answers with a status other than 2xx */
    non2xx: number;
    /** connections reset (ECONNRESET, EPIPE) */
    resets: number;
    /** any other socket error (ECONNREFUSED, …) */
    other: number;
    /** every socket error by code */
    byCode: Record<string, number>;
    /** the statuses that were not 2xx, with their counts */
    statuses: Record<string, number>;
  };
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** The figures of a run, from autocannon's result and the socket errors counted beside it. */
export function loadFigures(run: LoadRun): LoadFigures {
  const { result, socketErrors } = run;
  const answers = result["2xx"];
  let resets = 0;
  let other = 0;
  for (const [code, n] of Object.entries(socketErrors))
    if (RESET_CODES.has(code)) resets += n;
    else other += n;
  const statuses: Record<string, number> = {};
  for (const [status, s] of Object.entries(result.statusCodeStats ?? {}))
    if (!/^2\d\d$/.test(status)) statuses[status] = s.count ?? 0;
  return {
    reqPerSec: r1(answers / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    answers,
    bytesPerAnswer: answers > 0 ? Math.round(result.throughput.total / answers) : 0,
    errors: {
      total: result.timeouts + result.non2xx + resets + other,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      resets,
      other,
      byCode: { ...socketErrors },
      statuses,
    },
  };
}
