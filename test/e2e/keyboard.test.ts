// Keyboard only: sign in and pull without touching the mouse.
import type { Page } from "playwright-core";
import {
  pane,
  pulledTable,
  startE2E,
  tabTo,
  tableDataRows,
  waitForText,
  type E2E,
} from "./harness";

jest.setTimeout(90_000);

let e2e: E2E;
let page: Page;

beforeAll(async () => {
  e2e = await startE2E({ records: 300 });
  page = await e2e.open();
});
afterAll(() => e2e?.close());

test("signing in works with the keyboard alone", async () => {
  await tabTo(page, "Tenant");
  await page.keyboard.type(e2e.sim.tenant);
  await page.keyboard.press("Tab");
  await page.keyboard.type(e2e.sim.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(e2e.sim.password);
  await page.keyboard.press("Enter");
  await waitForText(pane(page).getByRole("status"), /Signed in to demo/);
});

test("pulling works with the keyboard alone, and focus is visible on the way", async () => {
  await tabTo(page, "Sale type");
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("Forecast");
  await tabTo(page, "Start date");
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("2024-01-01");
  await tabTo(page, "Duration (days)");
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("730");
  await waitForText(pane(page).getByText(/^through /), /through 2025-12-31/);
  await tabTo(page, "Pull sales");
  // Fluent draws its focus ring for keyboard focus only, marking the element data-fui-focus-visible
  const focusRing = await page.evaluate(() => {
    const el = document.activeElement as Element;
    return (
      el.hasAttribute("data-fui-focus-visible") || getComputedStyle(el).outlineStyle !== "none"
    );
  });
  expect(focusRing).toBe(true);
  await page.keyboard.press("Enter");
  await waitForText(pane(page).getByRole("status"), /Pulled 480 records/, 30_000);
  const { table } = await pulledTable(page);
  expect(tableDataRows(table)).toBe(480);
});

test("signing out with the keyboard returns to the sign-in form with the tenant kept", async () => {
  await tabTo(page, "Sign out");
  await page.keyboard.press("Enter");
  await pane(page).getByLabel("Password").waitFor();
  expect(await pane(page).getByLabel("Tenant").inputValue()).toBe("demo");
});
