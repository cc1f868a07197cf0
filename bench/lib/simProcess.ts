// Starts bench/lib/simHost.ts in a child process and talks to it (see the protocol there).
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface, type Interface } from "node:readline";
import { join } from "node:path";
import type { ClaretSession } from "../../src/claret/types";

export interface ServerTiming {
  method: string;
  path: string;
  status: number;
  /** arrival to last byte written, modelled latency included */
  ms: number;
}

export interface SimProcess {
  session: ClaretSession;
  /** the process started (the tsx CLI; the simulator's node runs as its child) */
  pid: number;
  /** the requests the server answered since the last call, with their server-side times */
  takeTimings(): Promise<ServerTiming[]>;
  /** changes, deletes and adds History records (fractions of them); returns the counts */
  churn(
    changed: number,
    added: number,
    removed: number
  ): Promise<{ changed: number; added: number; removed: number }>;
  stop(): Promise<void>;
}

const ROOT = process.env.BENCH_ROOT ?? join(__dirname, "../..");
const TSX = join(ROOT, "node_modules/.bin/tsx");

export async function startSimProcess(opts: {
  records: number;
  latencyMs: number;
}): Promise<SimProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(
    TSX,
    [
      join(ROOT, "bench/lib/simHost.ts"),
      "--records",
      String(opts.records),
      "--latency",
      String(opts.latencyMs),
    ],
    {
      stdio: ["pipe", "pipe", "pipe"],
    }
  );
  child.stderr.on("data", (d: Buffer) => process.stderr.write(`  [sim] ${d.toString()}`));
  const lines: Interface = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on("line", (line) => waiting.shift()?.(line));
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const exited = (code: number | null) =>
        reject(new Error(`The simulator process exited (code ${code}).`));
      waiting.push((line) => {
        child.off("exit", exited);
        resolve(line);
      });
      child.once("exit", exited);
    });

  const hello = JSON.parse(await nextLine()) as { url: string; tenant: string; token: string };
  let stopped: Promise<void> | undefined;
  return {
    session: { baseUrl: hello.url, tenant: hello.tenant, token: hello.token },
    pid: child.pid!,
    async takeTimings() {
      const line = nextLine();
      child.stdin.write("stats\n");
      return (JSON.parse(await line) as { requests: ServerTiming[] }).requests;
    },
    async churn(changed, added, removed) {
      const line = nextLine();
      child.stdin.write(`churn ${changed} ${added} ${removed}\n`);
      return JSON.parse(await line) as { changed: number; added: number; removed: number };
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.stdin.end("exit\n");
      });
      return stopped;
    },
  };
}
