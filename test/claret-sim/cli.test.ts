import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const CLI = path.join(ROOT, "dev/claret-sim/cli.ts");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface Running {
  child: ChildProcess;
  line: string;
  stderr: () => string;
}

/** Starts the CLI and resolves with its first stdout line (or rejects if it exits first). */
function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Running> {
  const child = spawn(TSX, [CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      const nl = out.indexOf("\n");
      if (nl >= 0) resolve({ child, line: out.slice(0, nl), stderr: () => err });
    });
    child.once("exit", (code) =>
      reject(new Error(`exited with ${code} before printing a line: ${err}`))
    );
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))
  );
}

async function tokenFor(url: string): Promise<string> {
  const res = await fetch(
    `${url}/demo/api/v1/tokens/create?email=planner@demo.test&password=demo`,
    { method: "POST", headers: { "X-Requested-With": "XMLHttpRequest" } }
  );
  return (await res.json()).token;
}

const history = (url: string, token: string) =>
  fetch(`${url}/demo/api/v1/sales?sale_type_name=History&start_date=2020-01-01&duration=1826`, {
    headers: { Authorization: `Bearer ${token}`, "X-Requested-With": "XMLHttpRequest" },
  });

jest.setTimeout(30_000);

test("npm run sim -- --port P --records N prints one line with its URL, serves exactly N History records, and stops on SIGTERM", async () => {
  const port = await freePort();
  const { child, line } = await run(["--port", String(port), "--records", "7"]);
  try {
    expect(line).toBe(
      `Claret simulator listening on http://127.0.0.1:${port} — tenant demo, login planner@demo.test / demo`
    );
    const url = `http://127.0.0.1:${port}`;
    const body = await (await history(url, await tokenFor(url))).json();
    expect(body.total).toBe(7);
  } finally {
    child.kill("SIGTERM");
  }
  expect(await exitOf(child)).toBe(0);
});

test("a --fault given on the command line applies to the requests it names", async () => {
  const port = await freePort();
  const { child, stderr } = await run([
    "--port",
    String(port),
    "--records",
    "3",
    "--fault",
    "GET /sales@1=status:503,retry-after:1",
  ]);
  try {
    const url = `http://127.0.0.1:${port}`;
    const token = await tokenFor(url);
    const first = await history(url, token);
    expect([first.status, first.headers.get("retry-after")]).toEqual([503, "1"]);
    expect((await history(url, token)).status).toBe(200);
    expect(stderr()).toContain("GET /sales@1=status:503");
  } finally {
    child.kill("SIGINT");
  }
  expect(await exitOf(child)).toBe(0);
});

test("--cors off serves the API but grants no CORS to any origin", async () => {
  const port = await freePort();
  const { child, stderr } = await run(["--port", String(port), "--records", "2", "--cors", "off"]);
  try {
    const url = `http://127.0.0.1:${port}`;
    const preflight = await fetch(`${url}/demo/api/v1/tokens/create`, {
      method: "OPTIONS",
      headers: { Origin: "http://127.0.0.1:8080", "Access-Control-Request-Method": "POST" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect((await history(url, await tokenFor(url))).status).toBe(200);
    expect(stderr()).toContain("CORS off");
  } finally {
    child.kill("SIGTERM");
  }
  expect(await exitOf(child)).toBe(0);
});

test("SIM_LATENCY_MS slows every answer when --latency is not given", async () => {
  const port = await freePort();
  const { child } = await run(["--port", String(port), "--records", "1"], {
    SIM_LATENCY_MS: "300",
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    const t0 = performance.now();
    await tokenFor(url);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(295);
  } finally {
    child.kill("SIGTERM");
  }
  await exitOf(child);
});

test("a fault spec it cannot read stops it with a message and exit code 1", async () => {
  const child = spawn(TSX, [CLI, "--port", "0", "--fault", "GET /sales=explode"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  expect(await exitOf(child)).toBe(1);
  expect(err).toMatch(/Unknown fault kind "explode"/);
});

test("--help documents the fault syntax", async () => {
  const child = spawn(TSX, [CLI, "--help"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  expect(await exitOf(child)).toBe(0);
  expect(out).toContain("ROUTE[@WHEN]=KIND");
  expect(out).toContain("retry-after");
});
