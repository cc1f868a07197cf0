// Starts bench/lib/hostMain.ts (the production host) in a child process in front of `upstream`.
import { spawn } from "node:child_process";
import { join } from "node:path";

const ROOT = process.env.BENCH_ROOT ?? join(__dirname, "../..");

export interface HostProcess {
  /** http://127.0.0.1:PORT; the proxy is at `${url}/claret` */
  url: string;
  /** request-log lines the host wrote */
  logLines(): number;
  /** stops the host; resolves with the CPU ms its process used in all (user + system) */
  stop(): Promise<number | undefined>;
}

export async function startHostProcess(upstream: string): Promise<HostProcess> {
  // as `npm run serve` runs it: tsx loaded into node itself, no tsx CLI process in between
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "bench/lib/hostMain.ts")], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", CLARET_UPSTREAM: upstream },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let lines = 0;
  child.stdout.on("data", (d: Buffer) => {
    for (const c of d) if (c === 10) lines++;
  });
  let err = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
      const m = /listening (\S+)/.exec(err);
      if (m) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`The host exited (code ${code}): ${err}`)));
  });
  return {
    url,
    logLines: () => lines,
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
