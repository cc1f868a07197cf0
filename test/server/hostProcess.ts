// The host as `npm run serve` runs it (test/server/serveFixture.ts: the same start and signal handling, with a
// stand-in dist/) in a process of its own, for the tests of its life: SIGTERM, exit codes, the request log on stdout.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

export interface HostProcess {
  child: ChildProcess;
  /** http://127.0.0.1:PORT */
  url: string;
  /** the lines it wrote to stdout (its request log) so far */
  logLines: string[];
  /** resolves with the first log line (parsed) that `match` accepts, as soon as it is written */
  logLine(match: (entry: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** resolves with the exit code once the process has exited */
  exited: Promise<number | null>;
  /** ends the process if a test left it running */
  kill(): void;
}

export async function spawnHost(env: Record<string, string>): Promise<HostProcess> {
  // as `npm run serve` runs it: node with tsx loaded in the same process (no tsx CLI parent in between)
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(__dirname, "serveFixture.ts")],
    {
      cwd: ROOT,
      env: { ...process.env, PORT: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    }
  );
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code))
  );
  const logLines: string[] = [];
  const watchers: {
    match: (e: Record<string, unknown>) => boolean;
    resolve: (e: Record<string, unknown>) => void;
  }[] = [];
  let partial = "";
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (d: string) => {
    const lines = (partial + d).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines.filter(Boolean)) {
      logLines.push(line);
      const entry = JSON.parse(line) as Record<string, unknown>;
      for (const w of watchers.filter((w) => w.match(entry))) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve(entry);
      }
    }
  });
  let err = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on("data", (d) => {
      err += d;
      const m = /listening (\S+)/.exec(err);
      if (m) resolve(m[1]);
    });
    void exited.then((code) => reject(new Error(`the host exited with ${code}: ${err}`)));
  });
  return {
    child,
    url,
    logLines,
    logLine: (match) => {
      for (const line of logLines) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (match(entry)) return Promise.resolve(entry);
      }
      return new Promise((resolve) => watchers.push({ match, resolve }));
    },
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}
