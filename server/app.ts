// The production host as a fastify instance (not yet listening): the built add-in from dist/, its
// /config.json, /healthz, and the /claret proxy. `npm run serve` (serve.ts) starts it; tests drive it.

import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import { bodyDeadline } from "./bodyDeadline";
import type { HostConfig } from "./config";
import { trackConnections } from "./connections";
import { COMMON_HEADERS, contentSecurityPolicy, HSTS } from "./headers";
import { hostHeaderCount, isValidHost } from "./hostHeader";
import { logEveryRequest, loggerOptions, noteFailure } from "./logging";
import { claretProxy, isProxyPath, MAX_BODY_BYTES, PROXY_METHODS, PROXY_PREFIX } from "./proxy";

export interface HostOptions {
  /** the built add-in (taskpane.html, manifest.xml, assets, bundles) */
  distDir: string;
  /** where the request log goes (default stdout) */
  logStream?: NodeJS.WritableStream;
}

/** What the pane reads to find its API base URL: relative to this file, so a path prefix in front still works. */
export const HOST_CONFIG_PATH = "/config.json";

/** Bundles carry a content hash in their name and never change; everything else is revalidated. */
const HASHED = /\.[0-9a-f]{8}\.js$/;

export async function buildHost(
  config: HostConfig,
  options: HostOptions
): Promise<FastifyInstance> {
  if (!existsSync(join(options.distDir, "taskpane.html")))
    throw new Error(
      `${options.distDir} has no taskpane.html: build the add-in first (npm run build).`
    );
  const base = {
    logger: loggerOptions(options.logStream),
    // one line per request, written in onResponse below (not fastify's two)
    logController: new LogController({ disableRequestLogging: true }),
    // a hop count is valid at run time (proxy-addr), though fastify's types omit it
    trustProxy: config.trustProxy as boolean | string[],
    exposeHeadRoutes: false,
    return503OnClosing: false, // requests on open keep-alive connections still finish while closing
  };
  // https and http instances have different types; the routes below are the same for both
  const app: FastifyInstance = config.tls
    ? (Fastify({ ...base, https: config.tls }) as unknown as FastifyInstance)
    : Fastify(base);
  const csp = contentSecurityPolicy(new URL(config.upstream).origin);

  // Stopping (SIGTERM, app.close()): no new connections; each open one gets Connection: close on its next answer
  // and is closed once idle; the requests in flight finish (server/connections.ts).
  const connections = trackConnections(app.server, config.drainQuietMs);
  app.addHook("preClose", async () => connections.drain());
  // more connections than that are closed as they arrive (Node's maxConnections)
  app.server.maxConnections = config.maxConnections;

  // The request line must be origin-form ("/path"); an absolute-form target ("GET http://other/...")
  // is refused before routing, so the request can never name where it goes.
  app.addHook("onRequest", async (request, reply) => {
    if (!(request.raw.url ?? "").startsWith("/"))
      return reply
        .code(400)
        .send({ message: "Bad request: the request target must be a path on this host." });
    // One Host header, a host name or address and an optional port; with a trusted proxy in front, the
    // X-Forwarded-Host it passes on (what request.host is then) the same.
    const hosts = hostHeaderCount(request.raw);
    const named = [request.raw.headers.host, request.host].filter((h) => h !== undefined);
    if (hosts > 1 || !named.every(isValidHost))
      return reply.code(400).send({
        message:
          "Bad request: the Host header must name this host once, as a host name or address with an optional port.",
      });
  });

  app.addHook("onSend", async (request, reply, payload) => {
    reply.headers(COMMON_HEADERS);
    if (config.tls) reply.header("Strict-Transport-Security", HSTS);
    if (!request.url.startsWith(`${PROXY_PREFIX}/`)) reply.header("Content-Security-Policy", csp);
    return payload;
  });

  logEveryRequest(app);
  bodyDeadline(app, config.bodyTimeoutMs);

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status === 413)
      return reply.code(413).send({
        message: `The request body is larger than this host accepts (${MAX_BODY_BYTES / 1024 / 1024} MB); the add-in sends at most 1000 records at a time.`,
      });
    if (status >= 500) noteFailure(request, error.message);
    return reply.code(status).send({
      message: status >= 500 ? "The add-in's host had an internal error." : error.message,
    });
  });

  app.setNotFoundHandler((request, reply) => {
    const path = (request.raw.url ?? "").split("?", 1)[0];
    if (isProxyPath(path))
      return reply
        .code(405)
        .header("Allow", PROXY_METHODS.join(", "))
        .send({
          message: `Method ${request.method} is not forwarded to Claret; use ${PROXY_METHODS.join(", ")}.`,
        });
    return reply.code(404).send({ message: `Not found: ${request.method} ${path}` });
  });

  app.get("/healthz", async () => ({ status: "ok", upstream: config.upstream }));

  app.get(HOST_CONFIG_PATH, async (_request, reply) => {
    reply.header("Cache-Control", "no-cache");
    return { apiBaseUrl: PROXY_PREFIX.slice(1) };
  });

  await app.register(async (scope) => claretProxy(scope, config));

  await app.register(fastifyStatic, {
    root: options.distDir,
    index: false,
    wildcard: true,
    dotfiles: "deny",
    setHeaders: (reply, filePath) => {
      reply.header(
        "Cache-Control",
        HASHED.test(filePath) ? "public, max-age=31536000, immutable" : "no-cache"
      );
    },
  });

  return app;
}
