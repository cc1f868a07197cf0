// The production host's configuration, read once from the environment. Every setting is checked at
// start so a typo stops the server with a sentence that names the variable, instead of a proxy that
// half works.

import { readFileSync } from "node:fs";

export interface HostConfig {
  port: number;
  /** the interface to listen on: 127.0.0.1 unless TLS is on or HOST says otherwise */
  host: string;
  /** origin of the one Claret every /claret request goes to, e.g. https://plan.claret.app */
  upstream: string;
  /** https when set (PEM contents); plain http otherwise */
  tls?: { cert: Buffer; key: Buffer };
  /** fastify's trustProxy: false, true, a hop count, or addresses/CIDRs of the proxies in front */
  trustProxy: boolean | number | string[];
  /** the add-in's public base URL (the manifest's URLs); its host name is accepted in Host headers */
  addinBaseUrl: string;
  /** how long Claret may take to start answering (and between chunks of an answer) */
  upstreamTimeoutMs: number;
  /** how long a request's body may take to arrive, from the end of its head (then 408) */
  bodyTimeoutMs: number;
  /** connections held at once (more are closed as they come); also the size of the pool of connections to Claret */
  maxConnections: number;
  /** while stopping, how long a connection with nothing in progress stays open for its next request */
  drainQuietMs: number;
}

export const DEFAULT_UPSTREAM = "https://plan.claret.app";
export const DEFAULT_ADDIN_BASE_URL = "https://localhost:3000";
/** Below the add-in's own 30 s per-request timeout, so the pane gets the host's 504 and its words. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 25_000;

/** A 4 MB body (the most the host takes) arrives in well under 30 s on any line a planner works on. */
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;
/**
 * What a two-core host holds with room to spare: an open connection costs ~20 KB, one in flight through the proxy
 * a connection to Claret too, and the probe's 2,000 held sockets cost 41 MB.
 */
export const DEFAULT_MAX_CONNECTIONS = 1000;

/**
 * While the host stops, a connection with no request in progress is closed once it has been quiet this long: a
 * client that just got an answer may have its next request on the wire already, and that one still gets its
 * answer (with Connection: close) instead of a reset.
 */
export const DRAIN_QUIET_MS = 1000;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const LOOPBACK = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/i;

export function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

function port(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return 3000;
  const v = raw.trim();
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535)
    throw new ConfigError(
      `PORT must be a port number from 0 to 65535 (0 = any free port), got "${raw}".`
    );
  return n;
}

function upstream(raw: string | undefined): string {
  const v = (raw ?? "").trim() || DEFAULT_UPSTREAM;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new ConfigError(
      `CLARET_UPSTREAM must be the web address of Claret, e.g. ${DEFAULT_UPSTREAM}; got "${v}".`
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new ConfigError(`CLARET_UPSTREAM must start with https://, got "${v}".`);
  if (url.protocol === "http:" && !isLoopbackHostname(url.hostname))
    throw new ConfigError(
      `CLARET_UPSTREAM must use https:// (plain http:// would send planners' passwords and tokens unencrypted; it is allowed only for localhost/127.0.0.1), got "${v}".`
    );
  if (url.username || url.password || url.search || url.hash || url.pathname !== "/")
    throw new ConfigError(
      `CLARET_UPSTREAM must be an origin only (scheme, host and optional port, e.g. ${DEFAULT_UPSTREAM}), without a path, query, user name or password; got "${v}".`
    );
  return url.origin;
}

function trustProxy(raw: string | undefined): HostConfig["trustProxy"] {
  const v = (raw ?? "").trim();
  if (v === "" || /^(false|0|no)$/i.test(v)) return false;
  if (/^(true|yes)$/i.test(v)) return true;
  if (/^\d+$/.test(v)) return Number(v);
  const list = v.split(",").map((s) => s.trim());
  const address =
    /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]+)(\/\d{1,3})?$|^(loopback|linklocal|uniquelocal)$/i;
  const bad = list.find((s) => !address.test(s));
  if (bad !== undefined)
    throw new ConfigError(
      `TRUST_PROXY must be "true", "false", a number of proxy hops, or a comma-separated list of the proxies' addresses or CIDR ranges (e.g. 127.0.0.1 or 10.0.0.0/8, or "loopback"); "${bad}" is none of these.`
    );
  return list;
}

function pem(name: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new ConfigError(
      `${name} names a file that cannot be read (${path}): ${(e as Error).message}`
    );
  }
}

function addinBaseUrl(raw: string | undefined): string {
  const v = (raw ?? "").trim().replace(/\/+$/, "") || DEFAULT_ADDIN_BASE_URL;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new ConfigError(
      `ADDIN_BASE_URL must be the https address the add-in is served from, e.g. https://addins.example.com; got "${v}".`
    );
  }
  if (url.protocol !== "https:")
    throw new ConfigError(
      `ADDIN_BASE_URL must start with https:// (Office loads add-ins only over https), got "${v}".`
    );
  return v;
}

function wholeNumber(
  name: string,
  raw: string | undefined,
  fallback: number,
  max: number,
  unit: string
): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || n < 1 || n > max)
    throw new ConfigError(
      `${name} must be a whole number of ${unit} from 1 to ${max}, got "${raw}".`
    );
  return n;
}

/** Reads and checks every setting; throws ConfigError naming the first bad one. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): HostConfig {
  const certPath = env.TLS_CERT?.trim() || undefined;
  const keyPath = env.TLS_KEY?.trim() || undefined;
  if ((certPath === undefined) !== (keyPath === undefined))
    throw new ConfigError(
      `TLS_CERT and TLS_KEY go together: set both (https) or neither (plain http behind a TLS-terminating proxy). Only ${certPath ? "TLS_CERT" : "TLS_KEY"} is set.`
    );
  const tls =
    certPath && keyPath
      ? { cert: pem("TLS_CERT", certPath), key: pem("TLS_KEY", keyPath) }
      : undefined;
  const host = env.HOST?.trim() || (tls ? "0.0.0.0" : "127.0.0.1");
  return {
    port: port(env.PORT),
    host,
    upstream: upstream(env.CLARET_UPSTREAM),
    tls,
    trustProxy: trustProxy(env.TRUST_PROXY),
    addinBaseUrl: addinBaseUrl(env.ADDIN_BASE_URL),
    upstreamTimeoutMs: wholeNumber(
      "CLARET_TIMEOUT_MS",
      env.CLARET_TIMEOUT_MS,
      DEFAULT_UPSTREAM_TIMEOUT_MS,
      600_000,
      "milliseconds"
    ),
    bodyTimeoutMs: wholeNumber(
      "BODY_TIMEOUT_MS",
      env.BODY_TIMEOUT_MS,
      DEFAULT_BODY_TIMEOUT_MS,
      600_000,
      "milliseconds"
    ),
    maxConnections: wholeNumber(
      "MAX_CONNECTIONS",
      env.MAX_CONNECTIONS,
      DEFAULT_MAX_CONNECTIONS,
      100_000,
      "connections"
    ),
    drainQuietMs: DRAIN_QUIET_MS,
  };
}
