// The production host in-process on 127.0.0.1:0 in front of a Claret simulator, with its log captured,
// and a raw HTTP client for requests fetch would normalise (absolute-form targets, dot segments, Host).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../dev/claret-sim";
import { buildHost } from "../../server/app";
import { DEFAULT_ADDIN_BASE_URL, type HostConfig } from "../../server/config";

export interface Host {
  app: FastifyInstance;
  /** http://127.0.0.1:PORT */
  url: string;
  /** the API base URL the pane uses through this host */
  claretBase: string;
  /** every line the host logged, as written */
  logLines: string[];
  /** resolves with the first log line (parsed) that `match` accepts, as soon as it is written */
  logLine(match: (entry: LogEntry) => boolean): Promise<LogEntry>;
  close(): Promise<void>;
}

export type LogEntry = Record<string, unknown> & {
  msg?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  cut?: { afterBytes: number; by: string };
};

/** A dist/ stand-in: the host refuses to start without taskpane.html. */
export function fakeDist(): string {
  const dir = mkdtempSync(join(tmpdir(), "claret-host-dist-"));
  writeFileSync(join(dir, "taskpane.html"), "<!doctype html><title>Claret</title>");
  writeFileSync(join(dir, "manifest.xml"), "<OfficeApp/>");
  writeFileSync(join(dir, ".fingerprint"), "0123456789abcdef");
  return dir;
}

export function hostConfig(upstream: string, over: Partial<HostConfig> = {}): HostConfig {
  return {
    port: 0,
    host: "127.0.0.1",
    upstream,
    trustProxy: false,
    addinBaseUrl: DEFAULT_ADDIN_BASE_URL,
    upstreamTimeoutMs: 25_000,
    bodyTimeoutMs: 30_000,
    maxConnections: 1000,
    // a test's own clients are done when it closes the host: no need to wait for their next request
    drainQuietMs: 0,
    ...over,
  };
}

export async function startHost(
  upstream: string,
  over: Partial<HostConfig> = {},
  distDir?: string
): Promise<Host> {
  const logLines: string[] = [];
  const watchers: { match: (e: LogEntry) => boolean; resolve: (e: LogEntry) => void }[] = [];
  const logStream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) {
        logLines.push(line);
        const entry = JSON.parse(line) as LogEntry;
        for (const w of watchers.filter((w) => w.match(entry))) {
          watchers.splice(watchers.indexOf(w), 1);
          w.resolve(entry);
        }
      }
      done();
    },
  });
  const dist = distDir ?? fakeDist();
  const app = await buildHost(hostConfig(upstream, over), { distDir: dist, logStream });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    url,
    claretBase: `${url}/claret`,
    logLines,
    logLine: (match) => {
      const seen = logLines.map((l) => JSON.parse(l) as LogEntry).find(match);
      return seen
        ? Promise.resolve(seen)
        : new Promise((resolve) => watchers.push({ match, resolve }));
    },
    close: async () => {
      await app.close();
      if (!distDir) rmSync(dist, { recursive: true, force: true });
    },
  };
}

export interface SimBehindHost {
  sim: Simulator;
  host: Host;
  close(): Promise<void>;
}

export async function startSimBehindHost(
  simOptions: SimulatorOptions = {},
  over: Partial<HostConfig> = {}
): Promise<SimBehindHost> {
  const sim = await startSimulator({ port: 0, latencyMs: 0, ...simOptions });
  const host = await startHost(sim.url, over);
  return {
    sim,
    host,
    close: async () => {
      await host.close();
      await sim.close();
    },
  };
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request with exactly this target and these headers (Node's http client sends them as given). */
export function raw(
  baseUrl: string,
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body?: string | Buffer
): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { hostname, port, method, path: target, headers, setHost: !("host" in headers) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          })
        );
        res.on("error", reject);
      }
    );
    req.on("error", reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

export interface TextAnswer {
  status: number;
  /** the whole answer as received, head and body */
  text: string;
}

/**
 * Writes `request` (which should say `Connection: close`) as it is onto a fresh connection (for what no client library sends: two Host headers, a
 * malformed one) and reads the answer until the host closes the connection.
 */
export function rawExchange(baseUrl: string, request: string): Promise<TextAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
  });
}
