// `npm run serve`: check the configuration, build dist/ if it is missing or stale, then serve it with
// the /claret proxy. SIGTERM/SIGINT stop accepting connections, let the requests in flight finish
// (up to 10 s), then exit.

import closeWithGrace from "close-with-grace";
import type { FastifyInstance } from "fastify";
import { join } from "node:path";
import { buildHost, type HostOptions } from "./app";
import { ensureAddinBuild, ROOT } from "./build";
import { ConfigError, readConfig, type HostConfig } from "./config";

export const SHUTDOWN_GRACE_MS = 10_000;

/** Starts the host and ties its life to the process's signals; resolves once it listens. */
export async function startHost(
  config: HostConfig,
  options: HostOptions
): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildHost(config, options);
  await app.listen({ port: config.port, host: config.host });
  closeWithGrace({ delay: SHUTDOWN_GRACE_MS, logger: false }, async ({ signal, err }) => {
    if (err) app.log.error({ err: { message: err.message } }, "stopping after an unexpected error");
    else app.log.info({ signal }, "stopping: finishing the requests in flight");
    await app.close();
  });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const shownHost = config.host === "0.0.0.0" ? "127.0.0.1" : config.host;
  return { app, url: `${config.tls ? "https" : "http"}://${shownHost}:${port}` };
}

async function main(): Promise<void> {
  let config: HostConfig;
  try {
    config = readConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`npm run serve: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const distDir = join(ROOT, "dist");
  ensureAddinBuild(config.addinBaseUrl, distDir, (line) => process.stderr.write(`${line}\n`));
  const { url } = await startHost(config, { distDir });
  process.stderr.write(
    `Claret for Excel host listening on ${url} — add-in ${config.addinBaseUrl}, Claret ${config.upstream} via ${url}/claret\n`
  );
}

if (require.main === module) {
  main().catch((e: NodeJS.ErrnoException) => {
    process.stderr.write(
      e.code === "EADDRINUSE"
        ? `npm run serve: port ${process.env.PORT ?? 3000} is in use; set PORT to a free one.\n`
        : `npm run serve: ${e.message}\n`
    );
    process.exit(1);
  });
}
