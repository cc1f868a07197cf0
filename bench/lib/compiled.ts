// Runs a measurement on the product's code compiled as it ships, not as tsx runs it. tsx compiles with esbuild's
// `keepNames`, which wraps every named function and closure in a `__name(fn, "…")` call when it is created; in code
// that makes closures per row (push validation) that alone took a third of the time. The add-in ships through
// ts-loader (TypeScript's emit), which adds nothing of the kind. So the scenario entry (run by tsx) compiles src/,
// dev/ and bench/ file by file with esbuild, keepNames off, into node_modules/.cache/claret-bench (same folder layout, so the
// profiler still sees src/claret, src/sales, … in the paths, node_modules resolve as before, and neither eslint nor
// tsc look there) and runs the measurement from there.
import { buildSync } from "esbuild";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");
const OUT = join(ROOT, "node_modules/.cache/claret-bench");
// each folder with its subfolders (src/workflows has one per use case)
const FOLDERS = [
  "src/claret",
  "src/sales",
  "src/excel",
  "src/workflows",
  "dev/claret-sim",
  "dev/excel-emulator",
  "bench/lib",
  "bench/measure",
];

export function runCompiled(measurement: string): void {
  buildSync({
    entryPoints: FOLDERS.map((f) => join(ROOT, f, "**/*.ts")),
    outdir: OUT,
    outbase: ROOT,
    format: "cjs",
    platform: "node",
    target: `node${process.versions.node.split(".")[0]}`,
    bundle: false,
    keepNames: false,
    logLevel: "error",
  });
  process.env.BENCH_ROOT = ROOT;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(join(OUT, "bench/measure", `${measurement}.js`));
}
