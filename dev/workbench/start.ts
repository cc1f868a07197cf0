// `npm start`: the Claret simulator on 127.0.0.1:SIM_PORT (default 3001) and the workbench, built and
// served by webpack-dev-server on 127.0.0.1:PORT (default 3000). Ctrl+C stops both.
import webpack from "webpack";
import WebpackDevServer from "webpack-dev-server";
import { join } from "node:path";
import { DEMO_EMAIL, DEMO_PASSWORD, DEMO_TENANT, startSimulator } from "../claret-sim";
import { CLIENT_PACKAGE_DIST } from "../excel-emulator/office-client";

const OFFICE_JS_DIST = join(__dirname, "..", "..", CLIENT_PACKAGE_DIST);

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`${name} must be a port number (0-65535), got "${raw}".`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const PORT = port("PORT", 3000);
  const SIM_PORT = port("SIM_PORT", 3001);
  const sim = await startSimulator({ port: SIM_PORT });
  // The workbench's default API base URL is this simulator (compiled in by webpack.config.js).
  process.env.CLARET_SIM_URL = sim.url;

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const makeConfig = require("../../webpack.config.js") as (
    env: object,
    argv: object
  ) => webpack.Configuration;
  const config = makeConfig({}, { mode: "development" });
  const compiler = webpack({
    ...config,
    infrastructureLogging: { level: "warn" },
    stats: "errors-warnings",
  });
  const server = new WebpackDevServer(
    {
      host: "127.0.0.1",
      port: PORT,
      hot: false,
      // Microsoft's Excel client, which the workbench page loads (index.html), straight from the package
      static: [{ directory: OFFICE_JS_DIST, publicPath: "/office-js", watch: false }],
      liveReload: true,
      client: { overlay: { warnings: false, errors: true } },
    },
    compiler
  );
  await server.start();

  console.log(`Workbench:        http://127.0.0.1:${PORT}/`);
  console.log(
    `Claret simulator: ${sim.url}  (tenant ${DEMO_TENANT}, ${DEMO_EMAIL} / ${DEMO_PASSWORD})`
  );
  console.log("Press Ctrl+C to stop both.");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the workbench and the simulator…`);
    await Promise.allSettled([server.stop(), sim.close()]);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  const e = error as NodeJS.ErrnoException;
  if (e.code === "EADDRINUSE")
    console.error(
      `A port is already in use (${e.message}). Set PORT / SIM_PORT to free ones, e.g. PORT=3100 SIM_PORT=3101 npm start.`
    );
  else console.error(error);
  process.exit(1);
});
