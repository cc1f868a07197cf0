// Loads Microsoft's Excel client into a Node global (jest's node and jsdom environments, the benchmarks), byte for
// byte from node_modules/@microsoft/office-js/dist. The file expects a browser: it reads `window` (its global) and
// `window.navigator.userAgent` when it loads; nothing else is shimmed. The build is the desktop one unless
// EXCEL_CLIENT=web asks for Excel on the web's.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CLIENT_FILES,
  CLIENT_PACKAGE_DIST,
  setClientLoader,
  type ClientBuild,
} from "./office-client";

// the project's root, where node_modules is: also when the benchmarks run this file compiled into
// node_modules/.cache (bench/lib/compiled.ts names the root in BENCH_ROOT)
const ROOT = process.env.BENCH_ROOT ?? join(__dirname, "..", "..");

export function clientBuildFromEnv(): ClientBuild {
  const v = process.env.EXCEL_CLIENT;
  if (v === undefined || v === "" || v === "desktop") return "desktop";
  if (v === "web") return "web";
  throw new Error(`EXCEL_CLIENT must be "desktop" or "web", not "${v}".`);
}

const sources = new Map<ClientBuild, string>();

export function clientSource(build: ClientBuild): string {
  let src = sources.get(build);
  if (src === undefined) {
    src = readFileSync(join(ROOT, CLIENT_PACKAGE_DIST, CLIENT_FILES[build]), "utf8");
    sources.set(build, src);
  }
  return src;
}

/** Evaluates the client as a page's <script> would: in the global scope of `target`'s realm. */
export function loadMicrosoftClient(
  target: object = globalThis,
  build = clientBuildFromEnv()
): void {
  const g = target as Record<string, unknown> & { navigator?: { userAgent?: string } };
  if (g.window === undefined) g.window = g;
  if (g.navigator === undefined)
    Object.defineProperty(g, "navigator", {
      value: { userAgent: `Node.js/${process.versions.node}` },
      configurable: true,
      writable: true,
    });
  // indirect eval: global code of this realm, so the file's top-level `var`s become globals as in a page
  const evaluate = (g.eval ?? eval) as (src: string) => unknown;
  evaluate(clientSource(build));
}

/** Registers the Node loader: a host installed on a global without Microsoft's client loads it first. */
export function loadMicrosoftClientOnInstall(build = clientBuildFromEnv()): void {
  setClientLoader((target) => loadMicrosoftClient(target, build));
}
