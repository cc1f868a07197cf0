// Task pane: the gzip size of our JS that taskpane.html loads before its first form is usable (production build; the
// entry and every chunk fetched until then, so the pane's lazily loaded chunk counts too), and the time from navigation to the first interactive form (the sign-in form's enabled "Sign in" button) in headless
// Chromium, median of N cold loads (a fresh browser context each, so nothing is cached).
//
// Office.js itself comes from Microsoft's CDN in production. There is no network here, so the page's requests to the
// CDN are answered from the @microsoft/office-js package (the same files the CDN serves); outside an Office host it
// resolves Office.onReady on its own, as it does when the task pane is opened in a plain browser.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { readConfig } from "../lib/config";
import { log, median, round, runScenario } from "../lib/report";

const ROOT = resolve(__dirname, "../..");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
/** The flags the issue fixes for the measurement. */
const CHROMIUM_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const OFFICE_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/";
const OFFICE_DIST = join(ROOT, "node_modules/@microsoft/office-js/dist");
const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".png": "image/png",
  ".xml": "text/xml",
  ".css": "text/css",
  ".json": "application/json",
};

function build(outDir: string): void {
  log(`building the production bundle into ${outDir} …`);
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, "node_modules/webpack/bin/webpack.js"),
      "--mode",
      "production",
      "--env",
      `outDir=${outDir}`,
    ],
    {
      cwd: ROOT,
      encoding: "utf8",
    }
  );
  if (r.status !== 0) throw new Error(`The production build failed:\n${r.stdout}\n${r.stderr}`);
}

/** The local scripts taskpane.html loads by itself (in order); the CDN's Office.js is not ours and not counted. */
export function initialScripts(html: string): string[] {
  const srcs: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*?\bsrc=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const src = m[1] ?? m[2] ?? m[3];
    if (!/^[a-z]+:|^\/\//i.test(src)) srcs.push(src);
  }
  return srcs;
}

/** Static files from `dir` on 127.0.0.1, port chosen by the system. */
function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(
      decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)
    ).replace(/^(\.\.[/\\])+/, "");
    const file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
      "Cache-Control": "no-store",
    });
    res.end(readFileSync(file));
  });
  return new Promise((ok) =>
    server.listen(0, "127.0.0.1", () =>
      ok({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })
    )
  );
}

/**
 * Runs in the page before any of its scripts: notes when the sign-in form is there with its button enabled. A string,
 * not a function, so that the TypeScript loader's helpers (e.g. __name) are not serialised into the page.
 */
const WATCH_FOR_FORM = `(() => {
  const check = () => {
    if (window.__formReadyAt !== undefined) return;
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Sign in' && !b.disabled);
    const tenant = [...document.querySelectorAll('input')].some((i) => [...(i.labels || [])].some((l) => l.textContent.includes('Tenant')));
    if (button && tenant) window.__formReadyAt = performance.now(); // ms since navigation start
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
})();`;

async function main() {
  const config = readConfig();
  const outDir = mkdtempSync(join(tmpdir(), "claret-bench-dist-"));
  try {
    build(outDir);
    const html = readFileSync(join(outDir, "taskpane.html"), "utf8");
    // The entry's scripts, then whatever chunks the first load fetches before the form is usable.
    const scripts = new Set(initialScripts(html).map((src) => src.replace(/^\.?\//, "")));

    const { server, url } = await serve(outDir);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: false,
      args: CHROMIUM_FLAGS,
    });
    const samples: number[] = [];
    try {
      for (let i = 0; i < config.renderRuns; i++) {
        const context = await browser.newContext();
        await context.route(`${OFFICE_CDN}**`, async (route) => {
          const name = new URL(route.request().url()).pathname.replace(/^\/lib\/1\/hosted\//, "");
          const file = join(OFFICE_DIST, normalize(name));
          if (file.startsWith(OFFICE_DIST) && existsSync(file))
            await route.fulfill({ path: file, contentType: "text/javascript" });
          else await route.fulfill({ status: 404, body: "" });
        });
        // Nothing else leaves the machine.
        await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) =>
          route.request().url().startsWith(OFFICE_CDN) ? route.fallback() : route.abort()
        );
        await context.addInitScript({ content: WATCH_FOR_FORM });
        const page = await context.newPage();
        const requested: Array<{ path: string; at: number }> = [];
        if (i === 0)
          page.on("request", (request) => {
            const { origin, pathname } = new URL(request.url());
            if (origin === url && pathname.endsWith(".js"))
              requested.push({ path: pathname.slice(1), at: Date.now() });
          });
        await page.goto(`${url}/taskpane.html`, { waitUntil: "commit" });
        await page.waitForFunction(
          () => (window as unknown as { __formReadyAt?: number }).__formReadyAt !== undefined,
          undefined,
          { timeout: 30_000 }
        );
        const ms = await page.evaluate(
          () => (window as unknown as { __formReadyAt: number }).__formReadyAt
        );
        if (i === 0) {
          // only what was asked for before the form was usable (a warm-up started later is not initial)
          const readyAt = await page.evaluate(
            () =>
              performance.timeOrigin +
              (window as unknown as { __formReadyAt: number }).__formReadyAt
          );
          page.removeAllListeners("request");
          for (const r of requested) if (r.at <= readyAt) scripts.add(r.path);
        }
        samples.push(round(ms));
        log(`first render ${i + 1}/${config.renderRuns}: ${round(ms)} ms`);
        await context.close();
      }
    } finally {
      await browser.close();
      server.close();
    }
    const files = [...scripts].map((src) => {
      const bytes = readFileSync(join(outDir, src));
      return { file: src, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    });
    const initialJsGzipBytes = files.reduce((a, f) => a + f.gzipBytes, 0);
    log(`initial JS: ${files.map((f) => `${f.file} ${f.gzipBytes} B gz`).join(", ")}`);
    return {
      initialJsGzipBytes,
      initialJsFiles: files,
      firstRenderMs: round(median(samples)),
      firstRenderSamplesMs: samples,
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

runScenario(main);
