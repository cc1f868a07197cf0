// The add-in served by the production host (npm run serve's server) in front of a Claret that allows
// no origin at all (the simulator with CORS off): the pane finds the host's /claret proxy by itself
// (config.json), signs in, pulls 2,222 records and pushes an edit — every call same-origin.
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { startSimulator, type Simulator } from "../../dev/claret-sim";
import { buildHost } from "../../server/app";
import { hostConfig } from "../server/helpers";
import {
  ensureWorkbenchBuild,
  pane,
  pulledTable,
  pullThroughPane,
  ribbon,
  screenshot,
  serveOfficeJs,
  signIn,
  typeInCell,
  waitForText,
} from "./harness";

jest.setTimeout(180_000);

let sim: Simulator;
let app: FastifyInstance;
let hostUrl: string;
let context: BrowserContext;
let page: Page;
let profile: string;
const logLines: string[] = [];

beforeAll(async () => {
  const build = await ensureWorkbenchBuild();
  sim = await startSimulator({ port: 0, records: 2222, cors: false });
  const logStream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  app = await buildHost(hostConfig(sim.url), { distDir: build, logStream });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  hostUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  profile = mkdtempSync(join(tmpdir(), "claret-e2e-host-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"],
    headless: true,
    viewport: { width: 1280, height: 800 },
  });
  await serveOfficeJs(context);
  page = await context.newPage();
  await page.goto(`${hostUrl}/index.html?api=host`);
  await page.waitForFunction(() => "workbench" in window);
});
afterAll(async () => {
  await context?.close().catch(() => undefined);
  await app?.close();
  await sim?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test("the sign-in form starts on the host's own /claret, found from its config.json", async () => {
  await pane(page).getByRole("button", { name: "Advanced" }).click();
  expect(await pane(page).getByLabel("API base URL").inputValue()).toBe(`${hostUrl}/claret`);
});

test("signs in and pulls 2,222 records through the host, though Claret allows no origin", async () => {
  await signIn(page, sim);
  await waitForText(pane(page).getByRole("status"), /Signed in/);
  await pullThroughPane(
    page,
    { saleType: "History", startDate: "2020-01-01", duration: 1826, hierarchy: false },
    /Pulled 2,222 records/
  );
  const { table } = await pulledTable(page);
  expect(table.address).toMatch(/:[A-Z]+2223$/);
  // the browser never asked Claret for CORS permission: every call was same-origin, through the proxy
  expect(sim.requests.filter((r) => r.method === "OPTIONS")).toEqual([]);
  expect(sim.requests.every((r) => r.headers.origin === undefined)).toBe(true);
});

test("an edited quantity reaches Claret through the host", async () => {
  const { table } = await pulledTable(page);
  const col = (h: string) => String.fromCharCode(65 + table.headers.indexOf(h));
  const id = await page.evaluate(
    (a) =>
      (
        window as never as {
          workbench: {
            snapshot: () => { activeSheet: string };
            host: { getValues: (s: string, a: string) => unknown[][] };
          };
        }
      ).workbench.host.getValues(
        (
          window as never as { workbench: { snapshot: () => { activeSheet: string } } }
        ).workbench.snapshot().activeSheet,
        a
      )[0][0],
    `${col("id")}2`
  );
  await typeInCell(page, `${col("quantity")}2`, "2468.25");
  await page.locator('[data-address="A2"]').click();
  await page
    .locator(`[data-address="${String.fromCharCode(64 + table.headers.length)}2"]`)
    .click({ modifiers: ["Shift"] });
  await ribbon(page).getByRole("button", { name: "Push selection" }).click();
  const confirm = pane(page).getByRole("button", { name: "Confirm push" });
  await confirm.waitFor();
  await confirm.click();
  await waitForText(pane(page).getByRole("status"), /\S/, 30_000);
  await screenshot(page, "host-push-done");
  expect(sim.salesOf("History").find((r) => r.id === id)?.quantity).toBe(2468.25);
});

test("the host's log names the requests but holds neither the token, the password nor the email address", async () => {
  // the token the pane signed in with, as it reached Claret
  const token = sim.requests
    .find((r) => r.path === "/demo/api/v1/sales")
    ?.headers.authorization?.replace(/^Bearer /, "");
  expect(token).toMatch(/\S{20,}/);
  const log = logLines.join("");
  expect(log).toContain("/claret/demo/api/v1/tokens/create?email=[REDACTED]&password=[REDACTED]");
  expect(log).toContain("/claret/demo/api/v1/sales?");
  expect(log).not.toContain(token!);
  expect(log).not.toMatch(/password=demo/);
  expect(log).not.toContain("planner%40demo.test");
});
