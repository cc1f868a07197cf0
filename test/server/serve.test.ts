// The host as a process: a bad setting stops `npm run serve` before anything is built or served, and
// SIGTERM lets a request in flight finish before the process exits.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

const ROOT = path.resolve(__dirname, "../..");
// starting tsx twice on a loaded two-core machine takes seconds
jest.setTimeout(60_000);
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))
  );
}

it("npm run serve refuses a bad setting with a sentence naming it, before building", async () => {
  const child = spawn(TSX, [path.join(ROOT, "server/serve.ts")], {
    cwd: ROOT,
    env: { ...process.env, PORT: "4599", CLARET_UPSTREAM: "http://plan.claret.app" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  expect(await exitOf(child)).toBe(2);
  expect(err).toMatch(/^npm run serve: CLARET_UPSTREAM must use https:\/\//);
  expect(err).not.toMatch(/Building/);
});

describe("SIGTERM", () => {
  it("finishes the request in flight, then exits 0", async () => {
    // a Claret stand-in that holds its answer until the host has been told to stop
    let held: ServerResponse | undefined;
    let arrived!: () => void;
    const arrival = new Promise<void>((r) => (arrived = r));
    const upstream = createServer((_req, res) => {
      held = res;
      arrived();
    });
    await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
    const child = spawn(TSX, [path.join(__dirname, "serveFixture.ts")], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: "0",
        CLARET_UPSTREAM: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let out = "";
      child.stdout!.on("data", (d) => (out += d));
      const url = await new Promise<string>((resolve, reject) => {
        let err = "";
        child.stderr!.on("data", (d) => {
          err += d;
          const m = /listening (\S+)/.exec(err);
          if (m) resolve(m[1]);
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code}: ${err}`)));
      });

      const inFlight = fetch(`${url}/claret/demo/api/v1/sales`);
      await arrival;
      const stopping = new Promise<void>((resolve) =>
        child.stdout!.on("data", () => /"signal":"SIGTERM"/.test(out) && resolve())
      );
      child.kill("SIGTERM");
      await stopping;
      held!.writeHead(200, { "Content-Type": "application/json" });
      held!.end('{"answered":"after SIGTERM"}');

      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ answered: "after SIGTERM" });
      expect(await exitOf(child)).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await new Promise<void>((r) => upstream.close(() => r()));
    }
  });
});
