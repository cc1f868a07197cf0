// A Claret that does not allow the add-in's origin (the simulator with CORS off): the pane says the
// browser blocked Claret's answer and what IT can do, tries once per click (no retry loop), and
// keeps "cannot reach Claret at all" a different, network, message.
import { createServer } from "node:net";
import type { Page } from "playwright-core";
import {
  pane,
  ribbon,
  screenshot,
  SCREENSHOTS,
  signIn,
  startE2E,
  until,
  waitForText,
  type E2E,
} from "./harness";

jest.setTimeout(120_000);

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ records: 30, cors: false });
});
afterAll(() => e2e?.close());

const probes = () => e2e.sim.requests.filter((r) => r.method === "GET" && r.path === "/").length;

const signInAttempts = () =>
  e2e.sim.requests.filter((r) => r.path === "/demo/api/v1/tokens/create").length;

describe("signing in to a Claret that does not allow the add-in's origin", () => {
  let page: Page;
  let message: string;
  beforeAll(async () => {
    page = await e2e.open();
    await signIn(page, e2e.sim);
    message = await waitForText(pane(page).getByRole("alert"), /blocked Claret's answer/);
  });

  it("says the browser blocked Claret's answer because Claret does not allow this origin", () => {
    const origin = new URL(page.url()).origin;
    expect(message).toContain(
      `Your browser blocked Claret's answer: Claret at ${e2e.sim.url} does not allow this add-in's address (${origin}) to call it`
    );
    expect(message).not.toMatch(/Claret is down|server problem|internet connection/i);
  });

  it("says what IT can do: the add-in's own host, with its setting", () => {
    expect(message).toContain(`npm run serve, with CLARET_UPSTREAM=${e2e.sim.url}`);
    expect(message).toContain(`${new URL(page.url()).origin}/claret`);
  });

  it("made one attempt and no retry, and a second click makes exactly one more", async () => {
    // the browser's preflight reached Claret; the POST itself was never sent; one probe told CORS apart
    expect(signInAttempts()).toBe(1);
    expect(e2e.sim.requests.filter((r) => r.method === "POST")).toHaveLength(0);
    expect(probes()).toBe(1);
    await pane(page).getByRole("button", { name: "Sign in" }).click();
    await until(() => probes() === 2);
    await waitForText(pane(page).getByRole("alert"), /blocked Claret's answer/);
    expect(signInAttempts()).toBe(2);
    await screenshot(page, "cors-blocked-sign-in");
  });

  it("wraps the whole message inside the pane at 320 and 450 px, light and dark", async () => {
    const toggle = ribbon(page).getByRole("button", { name: "Dark theme" });
    for (const theme of ["light", "dark"]) {
      if ((theme === "dark") !== ((await toggle.getAttribute("aria-pressed")) === "true"))
        await toggle.click();
      for (const width of [320, 450]) {
        await page.evaluate((w) => {
          (document.querySelector("aside") as HTMLElement).style.width = `${w}px`;
        }, width);
        // the message's text never reaches past its bar
        const overflow = await pane(page)
          .getByRole("alert")
          .evaluate((el) => el.scrollWidth - el.clientWidth);
        expect(overflow).toBe(0);
        await pane(page).screenshot({
          path: `${SCREENSHOTS}/cors-blocked-${width}-${theme}.png`,
        });
      }
    }
  });
});

it("a Claret that cannot be reached at all is a network problem, not CORS", async () => {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const page = await e2e.open(undefined, `http://127.0.0.1:${port}`);
  await signIn(page, e2e.sim);
  const text = await waitForText(
    pane(page).getByRole("alert"),
    /Could not get an answer from Claret/
  );
  expect(text).toMatch(/Check your internet connection/);
  expect(text).not.toMatch(/blocked/);
  await page.close();
});
