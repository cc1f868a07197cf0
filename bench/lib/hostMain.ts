// The production host (server/, as `npm run serve` starts it) in a process of its own, in front of the
// CLARET_UPSTREAM it is given, serving a stand-in dist/. Prints `listening <url>` on stderr once it listens;
// its request log (one JSON line per request, as in production) goes to stdout.
//
// Started with an IPC channel (bench/lib/hostProcess.ts), it also answers the bench's questions about itself, none of
// which the production host has: {type:"gc"} (a full collection, then its memory), {type:"profile-start"} and
// {type:"profile-stop"} (V8's sampling profile of the host between the two, summarised by self time).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readConfig } from "../../server/config";
import { startHost } from "../../server/serve";
import { profileSelfTime, type SelfTimeProfile } from "./cpuProfile";
import { fullGc } from "./heap";

const dist = mkdtempSync(join(tmpdir(), "claret-bench-dist-"));
writeFileSync(join(dist, "taskpane.html"), "<!doctype html><title>Claret</title>");
// the host's own CPU, for the record: told on stderr when it is stopped (before close-with-grace exits)
process.prependListener("SIGTERM", () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`cpu ${Math.round((user + system) / 1000)}\n`);
});

export type HostQuestion =
  { type: "gc" } | { type: "profile-start"; intervalUs: number } | { type: "profile-stop" };
export type HostAnswer =
  | { type: "gc"; memory: NodeJS.MemoryUsage }
  | { type: "profile-started" }
  | { type: "profile"; profile: SelfTimeProfile };

if (process.send) {
  const answer = (a: HostAnswer) => process.send!(a);
  let stopProfile: (() => void) | undefined;
  process.on("message", (q: HostQuestion) => {
    if (q.type === "gc") {
      fullGc();
      fullGc(); // the second one frees what the first one's finalisers let go
      answer({ type: "gc", memory: process.memoryUsage() });
    } else if (q.type === "profile-start") {
      const until = new Promise<void>((resolve) => (stopProfile = resolve));
      profileSelfTime(() => {
        answer({ type: "profile-started" });
        return until;
      }, q.intervalUs).then(
        ({ profile }) => answer({ type: "profile", profile }),
        (e: Error) => process.stderr.write(`profile failed: ${e.message}\n`)
      );
    } else if (q.type === "profile-stop") stopProfile?.();
  });
  // the channel must not keep a stopping host alive
  process.channel?.unref();
}

startHost(readConfig(process.env), { distDir: dist }).then(
  ({ url }) => process.stderr.write(`listening ${url}\n`),
  (e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
);
