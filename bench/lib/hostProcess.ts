// Starts bench/lib/hostMain.ts (the production host) in a child process in front of `upstream`.
import { spawn } from "node:child_process";
import { join } from "node:path";
import type { SelfTimeProfile } from "./cpuProfile";
import type { HostAnswer, HostQuestion } from "./hostMain";

const ROOT = process.env.BENCH_ROOT ?? join(__dirname, "../..");

export interface HostProcess {
  /** http://127.0.0.1:PORT; the proxy is at `${url}/claret` */
  url: string;
  /** the host's node process (its RSS and CPU are read from /proc) */
  pid: number;
  /** request-log lines the host wrote */
  logLines(): number;
  /** a full GC in the host (bench/lib/hostMain.ts, not the production host), then its memory */
  gc(): Promise<NodeJS.MemoryUsage>;
  /** starts V8's sampling profiler in the host; resolves once it runs */
  startProfile(intervalUs?: number): Promise<void>;
  /** stops it and resolves with the host's self time, summarised */
  stopProfile(): Promise<SelfTimeProfile>;
  /** stops the host; resolves with the CPU ms its process used in all (user + system) */
  stop(): Promise<number | undefined>;
}

export async function startHostProcess(upstream: string): Promise<HostProcess> {
  // as `npm run serve` runs it: tsx loaded into node itself, no tsx CLI process in between
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "bench/lib/hostMain.ts")], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", CLARET_UPSTREAM: upstream },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let lines = 0;
  child.stdout!.on("data", (d: Buffer) => {
    for (const c of d) if (c === 10) lines++;
  });
  let err = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
      const m = /listening (\S+)/.exec(err);
      if (m) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`The host exited (code ${code}): ${err}`)));
  });
  const ask = <T extends HostAnswer["type"]>(
    q: HostQuestion,
    answer: T
  ): Promise<Extract<HostAnswer, { type: T }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (a: HostAnswer) => {
        if (a.type !== answer) return;
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(a as Extract<HostAnswer, { type: T }>);
      };
      const onExit = (code: number | null) =>
        reject(new Error(`The host exited (code ${code}) before answering ${q.type}: ${err}`));
      child.on("message", onMessage);
      child.once("exit", onExit);
      child.send(q);
    });
  return {
    url,
    pid: child.pid!,
    logLines: () => lines,
    gc: async () => (await ask({ type: "gc" }, "gc")).memory,
    startProfile: async (intervalUs = 500) => {
      await ask({ type: "profile-start", intervalUs }, "profile-started");
    },
    stopProfile: async () => (await ask({ type: "profile-stop" }, "profile")).profile,
    stop: () =>
      new Promise<number | undefined>((resolve) => {
        const cpu = () => {
          const m = /cpu (\d+)/.exec(err);
          return m ? Number(m[1]) : undefined;
        };
        if (child.exitCode !== null) return resolve(cpu());
        child.once("exit", () => resolve(cpu()));
        child.kill("SIGTERM");
      }),
  };
}

/** bench/lib/minimalProxy.ts (node:http and a pipe, nothing else) in a child process in front of `upstream`. */
export async function startMinimalProxyProcess(
  upstream: string
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(ROOT, "bench/lib/minimalProxy.ts")],
    { cwd: ROOT, env: { ...process.env, UPSTREAM: upstream }, stdio: ["ignore", "ignore", "pipe"] }
  );
  let err = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
      const m = /listening (\S+)/.exec(err);
      if (m) resolve(m[1]);
    });
    child.once("exit", (code) =>
      reject(new Error(`The minimal proxy exited (code ${code}): ${err}`))
    );
  });
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
