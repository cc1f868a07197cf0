// Set-up that `npm start`, `npm test` and `npm run bench` run first, so each works on a fresh
// machine: installs node_modules when they are missing or older than the lock file, and with
// --browser makes sure Debian's Chromium (which the end-to-end tests drive) is installed.
import { execSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";

const run = (cmd) => execSync(cmd, { stdio: "inherit" });
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

const installed = "node_modules/.package-lock.json";
if (!existsSync(installed) || mtime("package-lock.json") > mtime(installed)) {
  console.log("[setup] installing npm packages…");
  run(
    existsSync("package-lock.json")
      ? "npm ci --no-audit --no-fund"
      : "npm install --no-audit --no-fund"
  );
}

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (process.argv.includes("--browser") && !existsSync(CHROMIUM)) {
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (!root) {
    console.error(
      `[setup] Chromium is missing at ${CHROMIUM}. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH).`
    );
    process.exit(1);
  }
  console.log("[setup] installing Debian chromium for the end-to-end tests…");
  run(
    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation"
  );
}
