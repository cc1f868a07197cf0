// What the pane's first form waits for. The workflows chunk (the Claret client, zod, the Excel adapters) is the
// heavy part the planner needs only once they act, so the sign-in form must be usable while it is still on its way,
// and a Sign in pressed before it arrives must wait for it, not be lost. (The signed-in start, whose stored session
// the workbench's in-memory storage does not keep across pages, is measured by bench/scenarios/taskpane.ts.)
// The chunk is held at the network (never answered) until the test lets it through: no timing involved. A view whose
// chunk does not arrive must leave the rest of the pane standing, with Try again.
import { join } from "node:path";
import type { Page, Route } from "playwright-core";
import { SCREENSHOTS, pane, screenshot, signIn, startE2E, waitForText, type E2E } from "./harness";

jest.setTimeout(90_000);

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E({ records: 50 });
});
afterAll(() => e2e?.close());

/** Holds every request for the workflows chunk until `release()`; `requested` once the pane asked for it. */
async function holdWorkflowsChunk() {
  const held: Route[] = [];
  let asked!: () => void;
  const requested = new Promise<void>((resolve) => (asked = resolve));
  const pattern = /\/workflows\.[0-9a-f]+\.js$/;
  const handler = (route: Route) => {
    held.push(route);
    asked();
  };
  await e2e.context.route(pattern, handler);
  return {
    requested,
    release: async () => {
      await Promise.all(held.map((route) => route.continue()));
      await e2e.context.unroute(pattern, handler);
    },
  };
}

const button = (page: Page, name: string) => pane(page).getByRole("button", { name });

test("the sign-in form is usable before the Claret client arrives, and a Sign in pressed then signs in once it does", async () => {
  const chunk = await holdWorkflowsChunk();
  const page = await e2e.open();
  try {
    await pane(page).getByLabel("Tenant").waitFor();
    expect(await button(page, "Sign in").isEnabled()).toBe(true);
    await chunk.requested; // the warm-up asked for it once the form was on screen
    await signIn(page, e2e.sim);
    // the press is not lost: the sign-in runs (button disabled) and waits for the chunk
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll("button")].some(
          (b) => b.textContent?.trim() === "Sign in" && b.disabled
        ),
      undefined,
      { polling: 20 }
    );
    expect(e2e.sim.requests.some((r) => r.path.includes("tokens/create"))).toBe(false);
    await chunk.release();
    await waitForText(pane(page).getByRole("status"), /Signed in to demo/);
  } finally {
    await page.close();
  }
});

test("when the Claret client cannot be downloaded, Sign in says so, and the next Sign in tries again and signs in", async () => {
  const pattern = /\/workflows\.[0-9a-f]+\.js$/;
  const refuse = (route: Route) => route.abort("internetdisconnected");
  await e2e.context.route(pattern, refuse);
  const page = await e2e.open();
  try {
    await signIn(page, e2e.sim);
    await waitForText(
      pane(page).getByRole("alert"),
      /could not be downloaded .*nothing was sent to Claret/
    );
    await screenshot(page, "pane-loading-download-failed");
    expect(await button(page, "Sign in").isEnabled()).toBe(true);
    await e2e.context.unroute(pattern, refuse); // the connection is back
    await button(page, "Sign in").click(); // the form kept what was typed
    await waitForText(pane(page).getByRole("status"), /Signed in to demo/);
  } finally {
    await e2e.context.unroute(pattern, refuse).catch(() => undefined);
    await page.close();
  }
});

test.each([
  ["light", 320],
  ["dark", 450],
  ["dark", 320],
  ["light", 450],
] as const)(
  "when a view cannot be downloaded, the pane says so with Try again and Back instead of going blank, and Try again opens it (%s, %i px)",
  async (theme, width) => {
    const pattern = /\/push-panel\.[0-9a-f]+\.js$/;
    const refuse = (route: Route) => route.abort("internetdisconnected");
    await e2e.context.route(pattern, refuse);
    const page = await e2e.open(theme === "dark" ? "theme=dark" : undefined);
    try {
      await page.addStyleTag({ content: `.wb-pane { width: ${width}px !important; }` });
      await signIn(page, e2e.sim);
      await waitForText(pane(page).getByRole("status"), /Signed in/);
      await button(page, "Push selection").click();
      await waitForText(pane(page).getByRole("alert"), /could not be downloaded .*Try again/);
      // the pane is still there: who is signed in, the message, and a way on
      expect(await button(page, "Sign out").isVisible()).toBe(true);
      expect(await button(page, "Back").isVisible()).toBe(true);
      await pane(page).screenshot({
        path: join(SCREENSHOTS, `pane-loading-view-failed-${theme}-${width}.png`),
      });
      await e2e.context.unroute(pattern, refuse); // the connection is back
      await button(page, "Try again").click();
      await button(page, "Push selection").waitFor(); // the push view itself (the pull view is not shown)
      expect(await pane(page).getByRole("alert").textContent()).not.toMatch(
        /could not be downloaded/
      );
      await button(page, "Back").click();
      await button(page, "Pull sales").waitFor();
    } finally {
      await e2e.context.unroute(pattern, refuse).catch(() => undefined);
      await page.close();
    }
  }
);
