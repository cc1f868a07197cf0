// The same-origin Claret proxy: /claret/{tenant}/api/v1/tokens/create and /claret/{tenant}/api/v1/sales,
// GET/POST/OPTIONS, to the same path on the one configured Claret origin, and nothing else.
// @fastify/http-proxy (on @fastify/reply-from and undici) does the forwarding; this file says what
// may pass, which headers cross in each direction, and how a failed upstream is answered.

import { Readable } from "node:stream";
import httpProxy from "@fastify/http-proxy";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { validateTenant } from "../src/claret/endpoint";
import { isLoopbackHostname, type HostConfig } from "./config";
import { relayedHeaders } from "./headers";
import { noteFailure } from "./logging";

export const PROXY_PREFIX = "/claret";
export const PROXY_METHODS = ["GET", "POST", "OPTIONS"] as const;
/** The two Claret routes the add-in calls, below /{tenant}/api/v1/. */
export const PROXY_ROUTES = ["tokens/create", "sales"] as const;
/** A 1000-record push is ~0.3 MB of JSON (~0.8 MB with 255-character names); anything far larger is refused. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * The raw path (before "?") of a request the proxy may forward: no percent-encoding (a tenant is
 * letters, digits, "-" and "_", so nothing needs it, and encoded slashes or dots are refused that
 * way), no dot segments, no doubled slashes, no trailing slash.
 */
const PROXY_PATH = /^\/claret\/([^/?#%]+)\/api\/v1\/(tokens\/create|sales)$/;

export function isProxyPath(rawPath: string): boolean {
  return PROXY_PATH.test(rawPath);
}

/** Request headers Claret gets: what the add-in sends and needs, nothing of the browser's (cookies, origin). */
const FORWARDED_REQUEST_HEADERS = [
  "accept",
  "accept-encoding",
  "authorization",
  "content-type",
  "content-length",
  "x-requested-with",
  "user-agent",
];

function refuse(reply: Pick<FastifyReply, "code">, status: number, message: string): unknown {
  return reply.code(status).type("application/json; charset=utf-8").send({ message });
}

function rawPath(request: FastifyRequest): string {
  const url = request.raw.url ?? "";
  const q = url.indexOf("?");
  return q < 0 ? url : url.slice(0, q);
}

/** Host names the pane reaches this host by: the add-in's public host, and loopback for a proxy in front. */
function acceptedHost(config: HostConfig): (hostname: string | undefined) => boolean {
  const publicHost = new URL(config.addinBaseUrl).hostname.toLowerCase();
  return (hostname) => {
    if (!hostname) return false;
    const h = hostname.toLowerCase();
    return h === publicHost || isLoopbackHostname(h);
  };
}

const TIMEOUT_CODES = new Set([
  "FST_REPLY_FROM_GATEWAY_TIMEOUT",
  "FST_REPLY_FROM_TIMEOUT",
  "FST_REPLY_FROM_HTTP_REQUEST_TIMEOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

export async function claretProxy(app: FastifyInstance, config: HostConfig): Promise<void> {
  const isAcceptedHost = acceptedHost(config);
  const claretHost = new URL(config.upstream).host;
  const seconds = Math.round(config.upstreamTimeoutMs / 100) / 10;

  // The body is read whole (within the limit; larger is 413 before it reaches Claret) and then sent
  // on unchanged, byte for byte: no JSON parse and re-serialisation on the way through.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    "*",
    { parseAs: "buffer", bodyLimit: MAX_BODY_BYTES },
    (_req, body, done) => done(null, Readable.from([body as Buffer]))
  );

  await app.register(httpProxy, {
    upstream: config.upstream,
    prefix: PROXY_PREFIX,
    rewritePrefix: "",
    routes: PROXY_ROUTES.map((r) => `/:tenant/api/v1/${r}`),
    httpMethods: [...PROXY_METHODS],
    proxyPayloads: false,
    // Claret's Location headers go back exactly as Claret sent them (and are never followed).
    internalRewriteLocationHeader: false,
    disableRequestLogging: true,
    undici: {
      // One connection to Claret for every connection the host holds: a request never waits in a queue for a
      // free one, so its CLARET_TIMEOUT_MS runs from when it is sent on, right after its body has arrived.
      connections: config.maxConnections,
      connect: { timeout: config.upstreamTimeoutMs },
      headersTimeout: config.upstreamTimeoutMs,
      bodyTimeout: config.upstreamTimeoutMs,
    },
    preHandler: async (request, reply) => {
      if (!isProxyPath(rawPath(request)))
        return refuse(
          reply,
          404,
          "Not found: the host forwards only /claret/{tenant}/api/v1/tokens/create and /claret/{tenant}/api/v1/sales."
        );
      const { tenant } = request.params as { tenant: string };
      let valid = false;
      try {
        valid = validateTenant(tenant) === tenant;
      } catch {
        valid = false;
      }
      if (!valid)
        return refuse(
          reply,
          404,
          `Not found: "${tenant}" is not a Claret tenant name (letters, digits, "-" and "_").`
        );
      if (!isAcceptedHost(request.hostname))
        return refuse(
          reply,
          421,
          `This host does not answer for "${request.hostname ?? ""}"; Claret requests are forwarded only for the add-in's own address.`
        );
    },
    replyOptions: {
      // No retries of its own: the add-in decides what may be repeated (never a POST behind the planner's back).
      retryDelay: () => null,
      rewriteRequestHeaders: (_request, headers) => {
        const out: Record<string, string | string[] | undefined> = { host: claretHost };
        for (const name of FORWARDED_REQUEST_HEADERS)
          if (headers[name] !== undefined) out[name] = headers[name];
        return out as typeof headers;
      },
      rewriteHeaders: relayedHeaders,
      onError: (reply, { error }) => {
        // (typed for http and http2 replies; this host is http/1.1)
        const code = (error as { code?: string }).code ?? "";
        const timedOut =
          TIMEOUT_CODES.has(code) || (error as { statusCode?: number }).statusCode === 504;
        noteFailure(reply.request as FastifyRequest, `Claret: ${code || error.message}`);
        if (reply.sent) return;
        if (timedOut)
          void refuse(
            reply as unknown as FastifyReply,
            504,
            `Claret at ${config.upstream} did not answer within ${seconds} seconds.`
          );
        else
          void refuse(
            reply as unknown as FastifyReply,
            502,
            `Claret at ${config.upstream} could not be reached from the add-in's host.`
          );
      },
    },
  });
}
