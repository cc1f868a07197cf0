// `npm run start:excel`: sideloads the add-in into desktop Excel where there is one (Windows, macOS):
// an https dev server on https://localhost:3000 with Office's trusted dev certificate, then
// `office-addin-debugging start manifest.xml`. Elsewhere it says plainly what to do instead.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import webpack from "webpack";
import WebpackDevServer from "webpack-dev-server";

const PORT = 3000; // the manifest's dev origin is https://localhost:3000

function explainElsewhere(): void {
  console.log(`Desktop Excel runs only on Windows and macOS, so nothing can be sideloaded on ${process.platform}.

To use Claret for Excel here:
  • the workbench (emulated Excel + the task pane + a local Claret simulator):  npm start
  • Excel on the web: serve a build over https (npm run build with ADDIN_BASE_URL=https://your-host,
    then host dist/), open a workbook at https://www.office.com, then
    Home → Add-ins → More Add-ins → My Add-ins → Upload My Add-in, and choose dist/manifest.xml.`);
}

async function main(): Promise<void> {
  if (process.platform !== "win32" && process.platform !== "darwin") {
    explainElsewhere();
    return;
  }
  if (!existsSync("manifest.xml"))
    throw new Error("manifest.xml is missing from the project folder.");

  const { getHttpsServerOptions } = await import("office-addin-dev-certs");
  const https = await getHttpsServerOptions(); // installs Office's dev CA on first use (asks for consent)

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const makeConfig = require("../webpack.config.js") as (
    env: object,
    argv: object
  ) => webpack.Configuration;
  const compiler = webpack({
    ...makeConfig({}, { mode: "development" }),
    stats: "errors-warnings",
  });
  const server = new WebpackDevServer(
    {
      host: "localhost",
      port: PORT,
      server: { type: "https", options: https },
      headers: { "Access-Control-Allow-Origin": "*" },
      hot: false,
    },
    compiler
  );
  await server.start();
  console.log(`Add-in served at https://localhost:${PORT}/taskpane.html`);

  // office-addin-debugging's exit code is not reliable (it can exit 0 when Excel failed to start, and
  // non-zero when it worked), so it is reported, not trusted; the dev server keeps running either way.
  const debug = spawn(
    process.execPath,
    [
      require.resolve("office-addin-debugging/cli.js"),
      "start",
      "manifest.xml",
      "desktop",
      "--no-debug",
      "--dev-server-port",
      String(PORT),
    ],
    {
      stdio: "inherit",
    }
  );
  debug.on("exit", (code) => {
    console.log(
      `office-addin-debugging finished (exit code ${code}). If Excel did not open with the Claret group on the Home tab, ` +
        "open Excel, then Insert → Add-ins → My Add-ins → Shared Folder / Developer Add-ins and choose Claret for Excel."
    );
    console.log(
      "Press Ctrl+C to stop the dev server; run `npx office-addin-debugging stop manifest.xml` to unregister the add-in."
    );
  });

  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
