// Task pane: the gzip size of our JS that taskpane.html loads before its first form is usable (production build; the
// entry and every chunk requested until then, so the pane's lazily loaded chunks count too), and the time from
// navigation to that form in headless Chromium, median of N cold loads (a fresh browser context each, so nothing is
// cached). Twice: signed out (the sign-in form's enabled "Sign in" button: initialJsGzipBytes, firstRenderMs) and
// signed in (a stored session: the pull form's enabled "Pull sales" button: signedInJsGzipBytes, signedInRenderMs).
//
// Office.js itself comes from Microsoft's CDN in production. There is no network here, so the page's requests to the
// CDN are answered from the @microsoft/office-js package (the same files the CDN serves); outside an Office host it
// resolves Office.onReady on its own, as it does when the task pane is opened in a plain browser.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type Request } from "playwright-core";
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
 * Runs in the page before any of its scripts: notes when the form is there with its button enabled (the sign-in form:
 * its "Tenant" input and "Sign in" button; the pull form a signed-in planner sees first: "Sale type" and "Pull sales").
 * A string, not a function, so that the TypeScript loader's helpers (e.g. __name) are not serialised into the page.
 */
const watchForForm = (field: string, buttonName: string) => `(() => {
  const check = () => {
    if (window.__formReadyAt !== undefined) return;
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === ${JSON.stringify(buttonName)} && !b.disabled);
    const input = [...document.querySelectorAll('input')].some((i) => [...(i.labels || [])].some((l) => l.textContent.includes(${JSON.stringify(field)})));
    if (button && input) window.__formReadyAt = performance.now(); // ms since navigation start
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
})();`;

/**
 * A signed-in planner's stored session, put where the add-in keeps it before the page's scripts run: outside an Office
 * host that is the page's localStorage (src/excel/addinStorage.ts; the keys of src/workflows/signIn/storedSession.ts). If the
 * keys change, the pull form never shows and the scenario fails instead of measuring the sign-in form again.
 */
const SIGNED_IN_STORAGE = `(() => {
  const endpoint = { baseUrl: "https://plan.claret.app", tenant: "demo" };
  localStorage.setItem("claret.lastEndpoint.v1", JSON.stringify(endpoint));
  localStorage.setItem("claret.token.v1:https://plan.claret.app|demo", "bench-token");
  localStorage.setItem("claret.email.v1:https://plan.claret.app|demo", "planner@example.com");
})();`;

interface FirstView {
  name: string;
  /** init scripts before the watcher (the stored session) */
  setUp: string[];
  field: string;
  button: string;
}

const SIGN_IN_FORM: FirstView = {
  name: "sign-in form",
  setUp: [],
  field: "Tenant",
  button: "Sign in",
};
const PULL_FORM: FirstView = {
  name: "pull form (signed in)",
  setUp: [SIGNED_IN_STORAGE],
  field: "Sale type",
  button: "Pull sales",
};

/**
 * Cold loads of taskpane.html (a fresh browser context each, nothing cached) until the view's form is usable: the
 * median time to it, and the JS files of ours requested before it (by request time against the form's ready time;
 * from the first load).
 */
async function measureFirstView(
  browser: Browser,
  url: string,
  view: FirstView,
  runs: number
): Promise<{ samples: number[]; requested: string[] }> {
  const samples: number[] = [];
  const before: string[] = [];
  for (let i = 0; i < runs; i++) {
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
    for (const content of view.setUp) await context.addInitScript({ content });
    await context.addInitScript({ content: watchForForm(view.field, view.button) });
    const page = await context.newPage();
    const requested: Array<{ path: string; at: number; request: Request }> = [];
    if (i === 0)
      page.on("request", (request) => {
        const { origin, pathname } = new URL(request.url());
        if (origin === url && pathname.endsWith(".js"))
          requested.push({ path: pathname.slice(1), at: Date.now(), request });
      });
    await page.goto(`${url}/taskpane.html`, { waitUntil: "commit" });
    await page
      .waitForFunction(
        () => (window as unknown as { __formReadyAt?: number }).__formReadyAt !== undefined,
        undefined,
        { timeout: 30_000 }
      )
      .catch((error: unknown) => {
        throw new Error(`The ${view.name} never became usable: ${String(error)}`);
      });
    const ms = await page.evaluate(
      () => (window as unknown as { __formReadyAt: number }).__formReadyAt
    );
    if (i === 0) {
      // only what was asked for before the form was usable (a warm-up started later is not initial)
      const readyAt = await page.evaluate(
        () =>
          performance.timeOrigin + (window as unknown as { __formReadyAt: number }).__formReadyAt
      );
      page.removeAllListeners("request");
      // By the browser's own start time of each request (its event reaches this process a little later), read
      // once the answer is in; a request still unanswered after 10 s keeps the time this process saw it.
      await Promise.all(
        requested.map((r) =>
          Promise.race([r.request.response(), delay(10_000)]).catch(() => undefined)
        )
      );
      const later: string[] = [];
      for (const r of requested) {
        const startTime = r.request.timing().startTime;
        const at = startTime > 0 ? startTime : r.at;
        if (at <= readyAt) before.push(r.path);
        else later.push(`${r.path} +${round(at - readyAt)} ms`);
      }
      log(
        `${view.name}: requested after it was usable (not counted): ${later.join(", ") || "none"}`
      );
    }
    samples.push(round(ms));
    log(`${view.name} ${i + 1}/${runs}: ${round(ms)} ms`);
    await context.close();
  }
  return { samples, requested: before };
}

/** gzip (level 9) sizes of the entry's scripts and the files requested before the form. */
function sizes(outDir: string, entryScripts: string[], requested: string[]) {
  const files = [...new Set([...entryScripts, ...requested])].map((src) => {
    const bytes = readFileSync(join(outDir, src));
    return { file: src, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  });
  return { files, gzipBytes: files.reduce((a, f) => a + f.gzipBytes, 0) };
}

async function main() {
  const config = readConfig();
  const outDir = mkdtempSync(join(tmpdir(), "claret-bench-dist-"));
  try {
    build(outDir);
    const html = readFileSync(join(outDir, "taskpane.html"), "utf8");
    // The entry's scripts, then whatever chunks the first load fetches before the form is usable.
    const entryScripts = initialScripts(html).map((src) => src.replace(/^\.?\//, ""));

    const { server, url } = await serve(outDir);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: false,
      args: CHROMIUM_FLAGS,
    });
    let signIn: Awaited<ReturnType<typeof measureFirstView>>;
    let pullForm: Awaited<ReturnType<typeof measureFirstView>>;
    try {
      signIn = await measureFirstView(browser, url, SIGN_IN_FORM, config.renderRuns);
      pullForm = await measureFirstView(browser, url, PULL_FORM, config.renderRuns);
    } finally {
      await browser.close();
      server.close();
    }
    const initial = sizes(outDir, entryScripts, signIn.requested);
    const signedIn = sizes(outDir, entryScripts, pullForm.requested);
    log(`initial JS: ${initial.files.map((f) => `${f.file} ${f.gzipBytes} B gz`).join(", ")}`);
    log(`signed-in JS: ${signedIn.files.map((f) => `${f.file} ${f.gzipBytes} B gz`).join(", ")}`);
    return {
      initialJsGzipBytes: initial.gzipBytes,
      initialJsFiles: initial.files,
      firstRenderMs: round(median(signIn.samples)),
      firstRenderSamplesMs: signIn.samples,
      signedInJsGzipBytes: signedIn.gzipBytes,
      signedInJsFiles: signedIn.files,
      signedInRenderMs: round(median(pullForm.samples)),
      signedInRenderSamplesMs: pullForm.samples,
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

runScenario(main);
