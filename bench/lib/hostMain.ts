// The production host (server/, as `npm run serve` starts it) in a process of its own, in front of the
// CLARET_UPSTREAM it is given, serving a stand-in dist/. Prints `listening <url>` on stderr once it listens;
// its request log (one JSON line per request, as in production) goes to stdout.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readConfig } from "../../server/config";
import { startHost } from "../../server/serve";

const dist = mkdtempSync(join(tmpdir(), "claret-bench-dist-"));
writeFileSync(join(dist, "taskpane.html"), "<!doctype html><title>Claret</title>");
// the host's own CPU, for the record: told on stderr when it is stopped (before close-with-grace exits)
process.prependListener("SIGTERM", () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`cpu ${Math.round((user + system) / 1000)}\n`);
});
startHost(readConfig(process.env), { distDir: dist }).then(
  ({ url }) => process.stderr.write(`listening ${url}\n`),
  (e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
);
