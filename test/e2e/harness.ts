// End-to-end harness: one built workbench per source state (cached in test-output/), a static server
// for it on 127.0.0.1:0, a Claret simulator on port 0, and headless Debian Chromium with a fresh profile.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { setTimeout as delay } from "node:timers/promises";
import { extname, join, normalize, resolve } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../dev/claret-sim";
import { CLIENT_PACKAGE_DIST } from "../../dev/excel-emulator/office-client";
import type { SaleRecord } from "../../src/claret";
import { columnLetter } from "../helpers/cells";

const ROOT = resolve(__dirname, "../..");
const OUT = join(ROOT, "test-output");
const BUILD = join(OUT, "workbench-build");
const LOCK = join(OUT, "workbench-build.lock");
export const SCREENSHOTS = join(OUT, "screenshots");

const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A fingerprint of everything the bundle is built from, so a build is reused until a source changes. */
function sourceFingerprint(): string {
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
  for (const dir of ["src", "dev/workbench", "dev/excel-emulator", "assets"])
    if (existsSync(join(ROOT, dir))) walk(join(ROOT, dir));
  for (const file of ["webpack.config.js", "package-lock.json", "tsconfig.json"])
    hash.update(`${file}:${statSync(join(ROOT, file)).mtimeMs}\n`);
  return hash.digest("hex");
}

/** The pause between two looks at a condition (a poll interval, never a wait in its own right). */
const POLL_MS = 20;

/** Waits until `done()` holds, looking again every POLL_MS (for conditions in this process, e.g. the simulator's log). */
export async function until(done: () => boolean): Promise<void> {
  while (!done()) await delay(POLL_MS);
}

/** Builds the workbench once (production mode, workbench included) unless the cached build is current. */
export async function ensureWorkbenchBuild(): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  const stamp = join(BUILD, ".fingerprint");
  const deadline = Date.now() + 300_000;
  for (;;) {
    const fingerprint = sourceFingerprint();
    if (existsSync(stamp) && readFileSync(stamp, "utf8") === fingerprint) return BUILD;
    try {
      mkdirSync(LOCK); // another test file (worker) may be building: wait for it
    } catch {
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for ${LOCK}; delete it if no build is running.`);
      await delay(500); // another worker holds the build lock: look again
      continue;
    }
    try {
      execFileSync(
        process.execPath,
        [
          require.resolve("webpack-cli/bin/cli.js"),
          "--mode",
          "production",
          "--env",
          "workbench",
          "--env",
          `outDir=${BUILD}`,
        ],
        {
          cwd: ROOT,
          stdio: ["ignore", "ignore", "inherit"],
          env: { ...process.env, NODE_ENV: "production" },
        }
      );
      writeFileSync(stamp, fingerprint);
      return BUILD;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".xml": "application/xml",
  ".css": "text/css",
};

/** Microsoft's Office.js files, which the workbench page loads from /office-js/ (never copied into a build). */
const OFFICE_JS_DIST = join(__dirname, "..", "..", CLIENT_PACKAGE_DIST);

/**
 * Answers a page's /office-js/… requests from the package, byte for byte, for a page served by a server that has
 * no such path (the production host, which must not serve Microsoft's files). serveStatic serves the path itself.
 */
export async function serveOfficeJs(context: BrowserContext): Promise<void> {
  await context.route("**/office-js/**", async (route) => {
    const name = new URL(route.request().url()).pathname.replace(/^.*\/office-js\//, "");
    const file = normalize(join(OFFICE_JS_DIST, name));
    if (file.startsWith(OFFICE_JS_DIST) && existsSync(file))
      await route.fulfill({ path: file, contentType: "text/javascript" });
    else await route.fulfill({ status: 404, body: "" });
  });
}

export function serveStatic(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const officeJs = path.startsWith("/office-js/");
    const root = officeJs ? OFFICE_JS_DIST : dir;
    const file = normalize(
      join(root, officeJs ? path.slice("/office-js/".length) : path === "/" ? "index.html" : path)
    );
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      ok({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    })
  );
}

export interface E2E {
  sim: Simulator;
  context: BrowserContext;
  /**
   * opens a fresh workbench page pointed at this file's simulator; `query` adds the workbench's URL cases
   * (dev/workbench/urlOptions.ts), e.g. "showAsTaskpane=ignored&paneOpen=0"; `apiBaseUrl` points the
   * pane elsewhere (e.g. a closed port)
   */
  open(query?: string, apiBaseUrl?: string): Promise<Page>;
  close(): Promise<void>;
}

/** One browser (fresh profile), one simulator and one static server per test file. */
export async function startE2E(simOptions: SimulatorOptions = {}): Promise<E2E> {
  const build = await ensureWorkbenchBuild();
  const site = await serveStatic(build);
  const sim = await startSimulator({ port: 0, ...simOptions });
  const profile = mkdtempSync(join(tmpdir(), "claret-e2e-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 800 },
  });
  return {
    sim,
    context,
    open: async (query?: string, apiBaseUrl = sim.url) => {
      const page = await context.newPage();
      await page.goto(
        `${site.url}/index.html?api=${encodeURIComponent(apiBaseUrl)}${query ? `&${query}` : ""}`
      );
      await page.waitForFunction(() => "workbench" in window);
      return page;
    },
    close: async () => {
      await context.close().catch(() => undefined);
      await Promise.allSettled([site.close(), sim.close()]);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The task pane region of the workbench page. */
export const pane = (page: Page) => page.getByRole("complementary", { name: "Claret task pane" });
export const ribbon = (page: Page) => page.getByRole("toolbar", { name: "Ribbon" });

export async function signIn(page: Page, sim: Simulator, password = sim.password): Promise<void> {
  const p = pane(page);
  await p.getByLabel("Tenant").fill(sim.tenant);
  await p.getByLabel("Email").fill(sim.email);
  await p.getByLabel("Password").fill(password);
  await p.getByRole("button", { name: "Sign in" }).click();
}

/** Opens a fresh workbench page and signs in through the pane, returning once the pane says so. */
export async function openSignedIn(e2e: E2E): Promise<Page> {
  const page = await e2e.open();
  await signIn(page, e2e.sim);
  await waitForText(pane(page).getByRole("status"), /Signed in/);
  return page;
}

/**
 * startE2E, then a page signed in through the pane. If the sign-in fails the browser and simulator are
 * closed before the error is thrown (the test file's afterAll has nothing to close yet).
 */
export async function startSignedIn(
  simOptions: SimulatorOptions = {}
): Promise<{ e2e: E2E; page: Page }> {
  const e2e = await startE2E(simOptions);
  try {
    return { e2e, page: await openSignedIn(e2e) };
  } catch (e) {
    await e2e.close();
    throw e;
  }
}

export interface PullFormValues {
  saleType: string;
  startDate: string;
  duration: number;
  hierarchy: boolean;
}

/** The demo data's Budget window: with { records: 300 } it holds 240 records, 2025-01-01 … 2025-12-01. */
export const BUDGET_2025: PullFormValues = {
  saleType: "Budget",
  startDate: "2025-01-01",
  duration: 364,
  hierarchy: false,
};

/** Fills the pull form, presses Pull sales and waits for the status to report the pull done. */
export async function pullThroughPane(page: Page, q: PullFormValues, done: RegExp): Promise<void> {
  await fillPull(page, q);
  await pane(page).getByRole("button", { name: "Pull sales" }).click();
  await waitForText(pane(page).getByRole("status"), done, 30_000);
}

/** startSignedIn with the demo's 300 records, then BUDGET_2025 pulled through the pane (240 rows). */
export async function startWithBudget2025(): Promise<{ e2e: E2E; page: Page }> {
  const started = await startSignedIn({ records: 300 });
  try {
    await pullThroughPane(started.page, BUDGET_2025, /Pulled 240 records/);
    return started;
  } catch (e) {
    await started.e2e.close();
    throw e;
  }
}

export async function fillPull(page: Page, q: PullFormValues): Promise<void> {
  const p = pane(page);
  await p.getByRole("combobox", { name: "Sale type" }).fill(q.saleType);
  const start = p.getByRole("combobox", { name: "Start date" }).or(p.getByLabel("Start date"));
  await start.first().fill(q.startDate);
  await start.first().press("Tab");
  await p.getByLabel("Duration (days)").fill(String(q.duration));
  const box = p.getByRole("checkbox", { name: "Include hierarchy columns" });
  if ((await box.isChecked()) !== q.hierarchy) await box.click();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** axe-core in the page: serious and critical violations inside the given selector. */
export async function axeViolations(
  page: Page,
  selector: string
): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  if (!(await page.evaluate(() => "axe" in window)))
    await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  return page.evaluate(async (sel) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown
          ) => Promise<{
            violations: {
              id: string;
              impact: string;
              help: string;
              nodes: { target: string[] }[];
            }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run({ include: [[sel]] }, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => n.target.join(" ")),
      }));
  }, selector);
}

export interface SnapshotTable {
  name: string;
  address: string;
  headers: string[];
}
export interface SnapshotSheet {
  name: string;
  visibility: string;
  values: unknown[][];
  tables: SnapshotTable[];
}
export interface WorkbookSnapshot {
  activeSheet: string;
  selection: { sheet: string; address: string };
  sheets: SnapshotSheet[];
}

export function snapshot(page: Page): Promise<WorkbookSnapshot> {
  return page.evaluate(
    () =>
      (
        window as unknown as { workbench: { snapshot: () => unknown } }
      ).workbench.snapshot() as never
  );
}

/** Data rows of a table from its address ("Sheet!A1:N2223" → 2222). */
export function tableDataRows(table: SnapshotTable): number {
  const m = /(\d+):[A-Z]+(\d+)$/.exec(table.address);
  if (!m) throw new Error(`Unexpected table address ${table.address}`);
  return Number(m[2]) - Number(m[1]);
}

/** The sheet holding a Claret table, with that table. */
export async function pulledTable(
  page: Page
): Promise<{ sheet: SnapshotSheet; table: SnapshotTable }> {
  const snap = await snapshot(page);
  for (const sheet of snap.sheets) for (const table of sheet.tables) return { sheet, table };
  throw new Error(
    `No table in the workbook (sheets: ${snap.sheets.map((s) => s.name).join(", ")})`
  );
}

/** The Budget record shown on a sheet row (1-based) of the pulled table, and that row's quantity cell. */
export async function budgetRowOf(
  e2e: E2E,
  page: Page,
  sheetRow: number
): Promise<{ record: SaleRecord; quantityCell: string }> {
  const { sheet, table } = await pulledTable(page);
  const id = sheet.values[sheetRow - 1][table.headers.indexOf("id")];
  const record = e2e.sim.salesOf("Budget").find((r) => r.id === id)!;
  return { record, quantityCell: `${columnLetter(table.headers.indexOf("quantity"))}${sheetRow}` };
}

/** Types a value into a grid cell as the planner would: double-click, select all, type, Enter. */
export async function typeInCell(page: Page, address: string, text: string): Promise<void> {
  await page.locator(`[data-address="${address}"]`).dblclick();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

/** Closes the task pane and opens it again, as a planner does from the ribbon's Claret button. */
export async function reopenPane(page: Page): Promise<void> {
  await pane(page).getByRole("button", { name: "Close task pane" }).click();
  await ribbon(page).getByRole("button", { name: "Claret" }).click();
  await pane(page).waitFor({ state: "visible" });
}

/** Sets the task pane's width as Office lets a planner drag it. */
export const setPaneWidth = (page: Page, px: number) =>
  page.evaluate((w) => {
    (document.querySelector("aside.wb-pane") as HTMLElement).style.width = `${w}px`;
  }, px);

/** Presses Tab until the focused element has the accessible name given (keyboard-only navigation). */
export async function tabTo(page: Page, name: string | RegExp, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return "";
      const byIds = (ids: string | null) =>
        (ids ?? "")
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? "")
          .join(" ")
          .trim();
      return (
        el.getAttribute("aria-label") ||
        byIds(el.getAttribute("aria-labelledby")) ||
        (el.id ? (document.querySelector(`label[for="${el.id}"]`)?.textContent ?? "") : "") ||
        el.textContent ||
        ""
      )
        .replace(/\*$/, "")
        .trim();
    });
    if (typeof name === "string" ? label === name : name.test(label)) return;
  }
  throw new Error(`Tab never reached "${String(name)}"`);
}

/** Waits until the locator's text matches (Playwright's web-first waiting, for jest); returns the text. */
export async function waitForText(
  locator: import("playwright-core").Locator,
  pattern: RegExp,
  timeout = 15_000
): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = "";
  for (;;) {
    last = ((await locator.allTextContents().catch(() => [])) as string[]).join(" ");
    if (pattern.test(last)) return last;
    if (Date.now() > deadline)
      throw new Error(
        `Timed out after ${timeout} ms waiting for ${pattern} in ${locator}; last text: "${last}"`
      );
    await delay(POLL_MS);
  }
}
