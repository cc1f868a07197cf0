// Builds dist/ when it is missing or stale: a fingerprint of every file the bundle is made from (and
// of ADDIN_BASE_URL, which the manifest's URLs are built with) is kept in dist/.fingerprint, so a
// restart with unchanged sources serves the existing build at once.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "..");

/** Sizes and modification times of the given directories' files and of the given files, hashed. */
export function sourceFingerprint(
  dirs: string[],
  files: string[],
  extra: string[] = [],
  root: string = ROOT
): string {
  const hash = createHash("sha1");
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name)
    )) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else {
        const s = statSync(p);
        hash.update(`${p}:${s.size}:${s.mtimeMs}\n`);
      }
    }
  };
  for (const dir of dirs) if (existsSync(join(root, dir))) walk(join(root, dir));
  for (const file of files)
    if (existsSync(join(root, file)))
      hash.update(`${file}:${statSync(join(root, file)).mtimeMs}\n`);
  for (const e of extra) hash.update(`${e}\n`);
  return hash.digest("hex");
}

/** What the production bundle is built from. */
export const ADDIN_SOURCES = {
  dirs: ["src", "assets"],
  files: ["webpack.config.js", "manifest.xml", "package-lock.json", "tsconfig.json"],
};

/** Builds the production add-in into `distDir` unless its fingerprint is current; returns whether it built. */
export function ensureAddinBuild(
  addinBaseUrl: string,
  distDir: string = join(ROOT, "dist"),
  log: (line: string) => void = () => undefined
): boolean {
  const stamp = join(distDir, ".fingerprint");
  const fingerprint = sourceFingerprint(ADDIN_SOURCES.dirs, ADDIN_SOURCES.files, [
    `ADDIN_BASE_URL=${addinBaseUrl}`,
  ]);
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === fingerprint) return false;
  log(`Building the add-in into ${distDir} for ${addinBaseUrl} (sources changed or no build yet)…`);
  execFileSync(
    process.execPath,
    [
      require.resolve("webpack-cli/bin/cli.js"),
      "--mode",
      "production",
      "--env",
      `outDir=${distDir}`,
    ],
    {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NODE_ENV: "production", ADDIN_BASE_URL: addinBaseUrl },
    }
  );
  writeFileSync(stamp, fingerprint);
  return true;
}
