// The simulator's HTTP layer: routing by path, CORS for loopback origins, auth, latency, the fault
// knobs, and the request log. The answers themselves come from routes.ts.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { FaultController, type Fault, type FaultRoute } from "./faults";
import { RequestHolds } from "./holds";
import {
  createToken,
  getSales,
  html,
  json,
  loginPage,
  postSales,
  unauthenticated,
  type Reply,
} from "./routes";
import type { SalesStore } from "./store";
import { bearerToken, TokenRegistry } from "./tokens";

export interface RequestLogEntry {
  method: string;
  path: string;
  /** the query string's parameters; a password is logged as "***" */
  query: Record<string, string>;
  /** the request's headers as they arrived (names in lower case), e.g. authorization, x-requested-with */
  headers: Record<string, string>;
  /** 0 while unanswered (and for ever for a hang or a reset before the head) */
  status: number;
  /** Date.now() when the request arrived */
  at: number;
}

export interface ServerConfig {
  tenant: string;
  /** the users who can sign in (the demo planner first, then a colleague for conflict tests) */
  logins: ReadonlyArray<{ email: string; password: string }>;
  latencyMs: number;
  /** false: answer like a Claret without CORS for the caller's origin (no Access-Control-* at all); default true */
  cors?: boolean;
}

interface RouteInput {
  method: string;
  path: string;
  query: Record<string, string>;
  /** null when larger than MAX_BODY_BYTES */
  body: string | null;
  contentType: string;
  tenant: string | undefined;
  /** sequence number of the request's valid token, if it has one */
  tokenSeq: number | undefined;
  xhr: boolean;
  faults: Fault[];
}

const LOOPBACK_ORIGIN = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i;
const MAX_BODY_BYTES = 20 * 1024 * 1024;
const API_PATH = /^\/([^/]+)\/api\/v1\/(tokens\/create|sales)\/?$/;
const LOGIN_PATH = /^\/([^/]+)\/login\/?$/;

export class SimulatorServer {
  readonly http: Server;
  readonly tokens = new TokenRegistry();
  readonly faults = new FaultController(() => this.tokens.newestSeq);
  readonly holds = new RequestHolds();
  readonly requests: RequestLogEntry[] = [];
  latencyMs: number;
  cors: boolean;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly store: SalesStore,
    private readonly config: ServerConfig
  ) {
    this.latencyMs = config.latencyMs;
    this.cors = config.cors ?? true;
    this.http = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        // a bug in the simulator: say so plainly rather than hang the client
        if (!res.headersSent)
          this.write(req, res, json(500, { message: `Claret simulator error: ${String(err)}` }));
        else res.destroy();
      });
    });
    this.http.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(port, "127.0.0.1", () => {
        this.http.off("error", reject);
        const addr = this.http.address();
        resolve(typeof addr === "object" && addr ? addr.port : port);
      });
    });
  }

  /** Stops listening and ends every connection, hanging requests included. */
  close(): Promise<void> {
    this.holds.clear();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    return new Promise((resolve) => {
      this.http.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();
    const query = Object.fromEntries(url.searchParams);
    const entry: RequestLogEntry = {
      method,
      path: url.pathname,
      query: { ...query },
      headers: headerRecord(req),
      status: 0,
      at: Date.now(),
    };
    if ("password" in entry.query) entry.query.password = "***";
    this.requests.push(entry);
    res.on("close", () => {
      if (res.headersSent) entry.status = res.statusCode;
    });

    if (method === "OPTIONS") {
      await this.sleep(this.latencyMs);
      return this.preflight(req, res);
    }

    const api = API_PATH.exec(url.pathname);
    const tenant = api?.[1] ?? LOGIN_PATH.exec(url.pathname)?.[1];
    const routeKey: Exclude<FaultRoute, "*"> | null = api
      ? api[2] === "sales"
        ? method === "POST"
          ? "POST /sales"
          : method === "GET"
            ? "GET /sales"
            : null
        : method === "POST"
          ? "POST /tokens"
          : null
      : null;
    await this.holds.pass(routeKey); // a test lining requests up (holds.ts); before the token is checked
    const token = bearerToken(req.headers.authorization);
    const tokenSeq = tenant ? this.tokens.check(token, tenant) : undefined;
    const faults = this.faults.match(routeKey, tokenSeq);
    const body = method === "POST" ? await readBody(req) : "";

    await this.sleep(this.latencyMs + sum(faults, (f) => (f.kind === "latency" ? f.ms : 0)));
    if (faults.some((f) => f.kind === "hang")) return; // never answered; close() ends the socket

    const status = find(faults, "status");
    if (status) return this.write(req, res, statusFault(status.status, status.retryAfter));

    const xhr = String(req.headers["x-requested-with"] ?? "").toLowerCase() === "xmlhttprequest";
    if (faults.some((f) => f.kind === "token-expired")) {
      if (token) this.tokens.expire(token);
      return this.write(req, res, unauthenticated(tenant ?? this.config.tenant, xhr));
    }

    const contentType = String(req.headers["content-type"] ?? "");
    const reply = this.route({
      method,
      path: url.pathname,
      query,
      body,
      contentType,
      tenant,
      tokenSeq,
      xhr,
      faults,
    });
    this.write(req, res, reply, faults);
  }

  private route(r: RouteInput): Reply {
    const { method, path, query, body, tenant, tokenSeq, xhr, faults } = r;
    if (tenant !== undefined && tenant !== this.config.tenant)
      return json(404, { message: `Tenant "${tenant}" not found.` });
    const api = API_PATH.exec(path);
    if (!api) {
      if (LOGIN_PATH.test(path) && method === "GET") return loginPage(this.config.tenant);
      return json(404, { message: `The route ${path.replace(/^\//, "")} could not be found.` });
    }
    const resource = api[2];
    const allowed = resource === "sales" ? ["GET", "POST"] : ["POST"];
    if (!allowed.includes(method)) {
      return json(
        405,
        {
          message: `The ${method} method is not supported for route ${path.replace(/^\//, "")}. Supported methods: ${allowed.join(", ")}.`,
        },
        { Allow: allowed.join(", ") }
      );
    }
    if (resource === "tokens/create")
      return createToken(this.tokens, this.config.tenant, this.config.logins, query);
    if (tokenSeq === undefined) return unauthenticated(this.config.tenant, xhr);
    if (method === "GET") {
      const has = (kind: Fault["kind"]) => faults.some((f) => f.kind === kind);
      return getSales(this.store, query, {
        repeatCursor: has("repeat-cursor"),
        cursorBackwards: has("cursor-backwards"),
        emptyPageWithNext: has("empty-page-with-next"),
        duplicateRecord: has("duplicate-record"),
        lyingTotal: find(faults, "lying-total")?.total,
        decoyNextIndex: has("decoy-next-index"),
      });
    }
    if (body === null)
      return json(413, { message: `The request body is larger than ${MAX_BODY_BYTES} bytes.` });
    return postSales(this.store, parseJsonBody(body, r.contentType));
  }

  private preflight(req: IncomingMessage, res: ServerResponse): void {
    // CORS off: Laravel's router answers OPTIONS on a known route itself, 200 with Allow and no
    // Access-Control-* headers, so the browser refuses the call that asked.
    if (!this.cors) {
      const api = API_PATH.exec(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
      const allow = api ? (api[2] === "sales" ? "GET, HEAD, POST" : "POST") : "GET, HEAD";
      return this.write(req, res, { status: 200, headers: { Allow: allow }, body: "" });
    }
    const origin = req.headers.origin;
    if (!origin || !LOOPBACK_ORIGIN.test(origin)) {
      return this.write(
        req,
        res,
        json(403, {
          message: `CORS: origin ${origin ?? "(none)"} is not allowed; the simulator answers loopback origins only.`,
        })
      );
    }
    const headers: Record<string, string> = {
      "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
      "Access-Control-Allow-Headers": "Authorization, Content-Type, X-Requested-With, Accept",
      "Access-Control-Max-Age": "600",
    };
    // Chrome's Private Network Access asks before a public page calls loopback; say yes
    if (req.headers["access-control-request-private-network"] === "true")
      headers["Access-Control-Allow-Private-Network"] = "true";
    this.write(req, res, { status: 204, headers, body: "" });
  }

  private write(
    req: IncomingMessage,
    res: ServerResponse,
    reply: Reply,
    faults: Fault[] = []
  ): void {
    const headers: Record<string, string> = {
      ...reply.headers,
      ...(this.cors ? corsHeaders(req.headers.origin) : {}),
    };
    let body = reply.body;
    if (faults.some((f) => f.kind === "malformed-json")) {
      // a JSON answer cut short: the head says JSON, the body does not parse
      body = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
    }
    const bytes = Buffer.from(body, "utf8");
    headers["Content-Length"] = String(bytes.length);
    if (faults.some((f) => f.kind === "reset-mid-body") && bytes.length > 0) {
      res.writeHead(reply.status, headers);
      res.flushHeaders();
      const half = bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2)));
      res.write(half, () => {
        // give the half a moment on the wire, then cut the connection
        setTimeout(() => req.socket.destroy(), 20);
      });
      return;
    }
    res.writeHead(reply.status, headers);
    res.end(bytes);
  }
}

function corsHeaders(origin: string | undefined): Record<string, string> {
  if (!origin || !LOOPBACK_ORIGIN.test(origin)) return {};
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Expose-Headers": "Retry-After",
    Vary: "Origin",
  };
}

/** 502 and 504 come from a gateway in front of the app, as HTML; the others from the app, as JSON. */
function statusFault(status: number, retryAfter: string | undefined): Reply {
  const headers: Record<string, string> =
    retryAfter !== undefined ? { "Retry-After": retryAfter } : {};
  const text: Record<number, string> = {
    408: "Request Timeout",
    429: "Too Many Attempts.",
    500: "Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
  };
  if (status === 502 || status === 504) {
    return html(
      status,
      `<html>\r\n<head><title>${status} ${text[status]}</title></head>\r\n<body>\r\n<center><h1>${status} ${text[status]}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
      headers
    );
  }
  return json(status, { message: text[status] }, headers);
}

/**
 * Like Laravel, a body is read as JSON only when Content-Type says JSON; otherwise (or when it does
 * not parse) the request carries no input, and validation reports the missing fields.
 */
function parseJsonBody(body: string, contentType: string): unknown {
  if (!/json/i.test(contentType)) return {};
  try {
    return JSON.parse(body);
  } catch {
    return {};
  }
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Repeated headers joined with ", ", as fetch's Headers.get() shows them. */
function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

function sum<T>(list: T[], f: (t: T) => number): number {
  return list.reduce((a, t) => a + f(t), 0);
}

function find<K extends Fault["kind"]>(
  faults: Fault[],
  kind: K
): Extract<Fault, { kind: K }> | undefined {
  return faults.find((f) => f.kind === kind) as Extract<Fault, { kind: K }> | undefined;
}
