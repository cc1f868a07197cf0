// "Refresh when this workbook opens" in the workbench, by the contract's names: a table's checkbox on its sheet's
// view of the pane; Reopen workbook (Excel closes and opens the document: the page reloads with it); the add-in loads
// with the document, without its pane and without any pop-up, and refreshes the tables that ask — with a session,
// and for a second tenant whose session has ended, which waits, named, until the planner signs in.
import type { Page } from "playwright-core";
import { startSimulator, type Simulator } from "../../dev/claret-sim";
import {
  axeViolations,
  BUDGET_2025,
  pane,
  pullThroughPane,
  reopenPane,
  ribbon,
  screenshot,
  setPaneWidth,
  signIn,
  snapshot,
  startSignedIn,
  tableDataRows,
  waitForText,
  type E2E,
} from "./harness";

jest.setTimeout(180_000);

let e2e: E2E;
let page: Page;
let acme: Simulator;

const HISTORY_ALL = {
  saleType: "History",
  startDate: "2020-01-01",
  duration: 1826,
  hierarchy: false,
};
const BUDGET_SHEET = "Budget 2025-01-01 364d";
const HISTORY_SHEET = "History 2020-01-01 1826d";
const CHOICE = "Refresh when this workbook opens";

const status = () => pane(page).getByRole("status");
const choice = () => pane(page).getByRole("checkbox", { name: CHOICE });

async function rowsOf(sheet: string): Promise<number> {
  const s = (await snapshot(page)).sheets.find((x) => x.name === sheet);
  return tableDataRows(s!.tables[0]);
}

/** Goes to a sheet's tab, then to the pane, as the planner does (the pane reads the sheet's table again). */
async function goToSheet(sheet: string): Promise<void> {
  await page.getByRole("tab", { name: sheet }).click();
  await pane(page).getByRole("heading", { name: "This sheet" }).hover();
}

/** Waits until the checkbox shows `checked` (the pane reads the sheet's table when the planner comes back). */
async function checkedBecomes(checked: boolean): Promise<void> {
  await page.waitForFunction(
    ([label, want]) => {
      const text = [...document.querySelectorAll("aside label")].find(
        (l) => l.textContent === label
      ) as HTMLLabelElement | undefined;
      const box = text && (document.getElementById(text.htmlFor) as HTMLInputElement | null);
      return box !== null && box !== undefined && box.checked === want;
    },
    [CHOICE, checked] as const
  );
}

async function reopenWorkbook(): Promise<void> {
  // the page reloads with the workbook: wait for the new page, not the one that is going
  await page.evaluate(() => ((window as { closing?: boolean }).closing = true));
  await page.getByRole("button", { name: "Reopen workbook" }).click();
  // (window.workbench is also the page's <div id="workbench"> until the reopened workbook is read)
  await page.waitForFunction(
    () =>
      !(window as { closing?: boolean }).closing &&
      typeof (window.workbench as { snapshot?: unknown } | undefined)?.snapshot === "function"
  );
}

beforeAll(async () => {
  ({ e2e, page } = await startSignedIn({ records: 300 }));
  acme = await startSimulator({ records: 2222, tenant: "acme" });
  await pullThroughPane(page, BUDGET_2025, /Pulled 240 records/);
  // a second tenant: sign out of demo (its token is forgotten), sign in to acme, pull there
  const p = pane(page);
  await p.getByRole("button", { name: "Sign out" }).click();
  await p.getByLabel("Tenant").fill("acme");
  await p.getByRole("button", { name: "Advanced" }).click();
  await p.getByLabel("API base URL").fill(acme.url);
  await signIn(page, acme);
  await waitForText(status(), /Signed in to acme/);
  await pullThroughPane(page, HISTORY_ALL, /Pulled 2,222 records/);
});
afterAll(async () => {
  await acme?.close();
  await e2e?.close();
});

test("the checkbox is the table's own: ticked on the History sheet, the Budget sheet's stays clear; the workbook then loads the add-in at open", async () => {
  await goToSheet(HISTORY_SHEET);
  await choice().waitFor();
  expect(await choice().isChecked()).toBe(false);
  await choice().click();
  await waitForText(
    status(),
    /History 2020-01-01 1826d will be refreshed each time this workbook opens/
  );
  expect(await choice().isChecked()).toBe(true);
  for (const width of [320, 450]) {
    await setPaneWidth(page, width);
    await choice().scrollIntoViewIfNeeded();
    await screenshot(page, `refresh-at-open-choice-light-${width}`);
  }
  await goToSheet(BUDGET_SHEET);
  await checkedBecomes(false);
  expect(await page.evaluate(() => window.workbench.host.startupBehavior)).toBe("Load");
});

test("Reopen workbook with a session: the add-in loads with its pane closed and no pop-up, and refreshes the table that asks", async () => {
  acme.insertRecords("History", [
    { item_name: "At Open", customer_group_name: "Opened", sell_date: "2022-02-01", quantity: 1 },
  ]);
  e2e.sim.insertRecords("Budget", [
    { item_name: "At Open", customer_group_name: "Opened", sell_date: "2025-02-01", quantity: 1 },
  ]);
  const budgetBefore = await rowsOf(BUDGET_SHEET);
  await reopenWorkbook();
  await page.waitForFunction(
    (sheet) =>
      window.workbench
        .snapshot()
        .sheets.find((s) => s.name === sheet)
        ?.tables[0]?.address.endsWith("2224"),
    HISTORY_SHEET,
    { timeout: 30_000 }
  );
  expect(await pane(page).isVisible()).toBe(false);
  expect(await page.locator(".wb-dialog-layer").count()).toBe(0);
  expect(await rowsOf(BUDGET_SHEET)).toBe(budgetBefore);
  await ribbon(page).getByRole("button", { name: "Claret" }).click();
  await waitForText(
    status(),
    /Refreshed as the workbook opened: the table refreshed\.\s*History 2020-01-01 1826d: 0 updated, 1 added, 0 removed\./
  );
  await screenshot(page, "refresh-at-open-done-light-450");
});

test("Reopen workbook after the second tenant's session ended: the table waits, named in the pane and in the ribbon's next result, until the planner signs in", async () => {
  acme.insertRecords("History", [
    { item_name: "At Open", customer_group_name: "Opened", sell_date: "2022-03-01", quantity: 2 },
  ]);
  acme.revokeTokens();
  const before = await rowsOf(HISTORY_SHEET);
  await reopenWorkbook();
  // the pane is closed and nothing pops up; opened, it names the table that waits and asks for acme's sign-in
  expect(await pane(page).isVisible()).toBe(false);
  await ribbon(page).getByRole("button", { name: "Claret" }).click();
  await waitForText(
    pane(page),
    /Refreshing History 2020-01-01 1826d: paused until you sign in/,
    30_000
  );
  await waitForText(status(), /History 2020-01-01 1826d waits for you to sign in to acme/);
  expect(await page.locator(".wb-dialog-layer").count()).toBe(0);
  expect(await rowsOf(HISTORY_SHEET)).toBe(before);
  for (const width of [320, 450]) {
    await setPaneWidth(page, width);
    await screenshot(page, `refresh-at-open-waiting-light-${width}`);
  }

  // the ribbon's next result names it too
  await ribbon(page).getByRole("button", { name: "Refresh all" }).click();
  await waitForText(status(), /\(it was paused by an earlier refresh\)/, 30_000);

  // two wait now: the table the workbook's open paused (acme), and the ribbon's Budget (demo: signed out of it)
  const signInTo = async (sim: Simulator) => {
    const p = pane(page);
    expect(await p.getByLabel("Tenant").inputValue()).toBe(sim.tenant);
    await p.getByLabel("Email").fill(sim.email);
    await p.getByLabel("Password").fill(sim.password);
    await p.getByRole("button", { name: "Sign in" }).click();
  };
  await signInTo(acme);
  await waitForText(
    status(),
    /Refreshed as the workbook opened: the table refreshed\.\s*History 2020-01-01 1826d: 0 updated, 1 added, 0 removed\./,
    30_000
  );
  expect(await rowsOf(HISTORY_SHEET)).toBe(before + 1);
  await signInTo(e2e.sim);
  await waitForText(status(), /Refresh all: all 2 tables refreshed\./, 30_000);
});

test("the pane's new states in the dark theme, 320 and 450 px wide", async () => {
  await ribbon(page).getByRole("button", { name: "Dark theme" }).click();
  await reopenPane(page);
  await goToSheet(HISTORY_SHEET);
  await checkedBecomes(true);
  for (const width of [320, 450]) {
    await setPaneWidth(page, width);
    await choice().scrollIntoViewIfNeeded();
    await screenshot(page, `refresh-at-open-choice-dark-${width}`);
  }
  // unticked, the workbook no longer loads the add-in at open
  await choice().click();
  await waitForText(status(), /will no longer be refreshed when this workbook opens/);
  expect(await page.evaluate(() => window.workbench.host.startupBehavior)).toBe("None");
  await pane(page).getByRole("button", { name: "Refresh all" }).click();
  await waitForText(status(), /Refresh all: all 2 tables refreshed\./, 30_000);
  await screenshot(page, "refresh-all-done-dark-450");
  // the checkbox, the result's lines and Refresh all pass axe's serious and critical rules
  expect(await axeViolations(page, "aside.wb-pane")).toEqual([]);
  await setPaneWidth(page, 320);
  await screenshot(page, "refresh-all-done-dark-320");
});
