// The host as a process: a bad setting stops `npm run serve` before anything is built or served. (Its SIGTERM:
// shutdown.test.ts.)
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
// starting tsx on a loaded two-core machine takes seconds
jest.setTimeout(60_000);

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))
  );
}

it("npm run serve refuses a bad setting with a sentence naming it, before building", async () => {
  // what `npm run serve` execs
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server/serve.ts")], {
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
