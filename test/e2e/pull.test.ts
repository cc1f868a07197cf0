// Sign in, pull and refresh through the workbench, as a planner would: by accessible names.
import type { Page } from "playwright-core";
import {
  axeViolations,
  fillPull,
  pane,
  pulledTable,
  ribbon,
  screenshot,
  signIn,
  startE2E,
  tableDataRows,
  waitForText,
  type E2E,
} from "./harness";

jest.setTimeout(90_000);

let e2e: E2E;
let page: Page;

beforeAll(async () => {
  e2e = await startE2E({ records: 2222 });
  page = await e2e.open();
});
afterAll(() => e2e?.close());

const HISTORY_ALL = {
  saleType: "History",
  startDate: "2020-01-01",
  duration: 1826,
  hierarchy: true,
};

test("a wrong password shows the server message in an alert and stays on the sign-in form", async () => {
  await screenshot(page, "01-sign-in");
  await signIn(page, e2e.sim, "not-the-password");
  await waitForText(pane(page).getByRole("alert"), /credentials do not match/i);
  expect(await pane(page).getByRole("button", { name: "Sign in" }).isVisible()).toBe(true);
  await screenshot(page, "02-wrong-password");
});

test("the sign-in form has no serious or critical accessibility violations", async () => {
  expect(await axeViolations(page, "aside")).toEqual([]);
});

test("signing in shows the tenant and the pull form", async () => {
  await signIn(page, e2e.sim);
  await waitForText(pane(page).getByText("Signed in to"), /Signed in to demo/);
  await pane(page).getByRole("button", { name: "Pull sales" }).waitFor();
  expect(await pane(page).getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
});

test("the pull form has no serious or critical accessibility violations", async () => {
  expect(await axeViolations(page, "aside")).toEqual([]);
});

test("pulling 2,222 records with hierarchy shows progress and lands every row in a table", async () => {
  e2e.sim.setLatency(250); // slow enough to see the progress bar move
  await fillPull(page, HISTORY_ALL);
  await pane(page).getByRole("button", { name: "Pull sales" }).click();
  await waitForText(
    pane(page)
      .getByRole("progressbar")
      .locator('xpath=ancestor::*[contains(@class,"fui-Field")][1]'),
    /\d of 2,222 records/
  );
  await screenshot(page, "03-pull-progress");
  await waitForText(pane(page).getByRole("status"), /Pulled 2,222 records/, 30_000);
  e2e.sim.setLatency(0);
  const { table } = await pulledTable(page);
  expect(tableDataRows(table)).toBe(2222);
  expect(table.headers).toEqual(
    expect.arrayContaining([
      "sell_date",
      "quantity",
      "item_name",
      "customer_group_name",
      "item_brand",
    ])
  );
  await screenshot(page, "04-pulled");
});

test("Refresh sheet on the ribbon strip brings in a record added in Claret since the pull", async () => {
  const [existing] = e2e.sim.salesOf("History");
  e2e.sim.insertRecords("History", [
    {
      item_name: existing.item_name,
      customer_group_name: existing.customer_group_name,
      sell_date: "2024-12-01",
      timing_interval_span: "week",
      quantity: 7,
    },
  ]);
  await ribbon(page).getByRole("button", { name: "Refresh sheet" }).click();
  await waitForText(pane(page).getByRole("status"), /Refreshed .*2,223 records/, 30_000);
  const { table } = await pulledTable(page);
  expect(tableDataRows(table)).toBe(2223);
});
