// The honest-waiting cases: a cancelled pull changes nothing; an expired token mid-pull asks to sign in
// again and the pull then finishes; the ribbon says why it cannot refresh.
import type { Page } from "playwright-core";
import {
  fillPull,
  pane,
  pulledTable,
  ribbon,
  screenshot,
  snapshot,
  startSignedIn,
  tableDataRows,
  waitForText,
  type E2E,
} from "./harness";

jest.setTimeout(90_000);

let e2e: E2E;
let page: Page;
const HISTORY_ALL = {
  saleType: "History",
  startDate: "2020-01-01",
  duration: 1826,
  hierarchy: false,
};

beforeAll(async () => {
  ({ e2e, page } = await startSignedIn({ records: 2222 }));
});
afterAll(() => e2e?.close());

test("Refresh sheet on the ribbon with no Claret table on the sheet opens the pane with the reason", async () => {
  await pane(page).getByRole("button", { name: "Close task pane" }).click();
  expect(await pane(page).isVisible()).toBe(false);
  await ribbon(page).getByRole("button", { name: "Refresh sheet" }).click();
  await pane(page).waitFor({ state: "visible" });
  await waitForText(
    pane(page).getByRole("alert"),
    /no table pulled from Claret, so there is nothing to refresh/
  );
});

test("cancelling a slow pull leaves the workbook exactly as it was", async () => {
  const before = await snapshot(page);
  e2e.sim.setLatency(700);
  await fillPull(page, HISTORY_ALL);
  await pane(page).getByRole("button", { name: "Pull sales" }).click();
  await pane(page).getByRole("button", { name: "Cancel" }).click();
  await waitForText(pane(page).getByRole("status"), /Cancelled/, 20_000);
  e2e.sim.setLatency(0);
  expect(await snapshot(page)).toEqual(before);
});

test("a token that expires mid-pull asks to sign in again, then the pull finishes", async () => {
  // the second page of the drain answers 401
  e2e.sim.faults.add({ route: "GET /sales", onRequests: [2], fault: { kind: "token-expired" } });
  await fillPull(page, HISTORY_ALL);
  await pane(page).getByRole("button", { name: "Pull sales" }).click();
  const password = pane(page).getByLabel("Password");
  await password.waitFor({ timeout: 20_000 });
  // the planner is told the pull is only paused and what Cancel would do
  await waitForText(
    pane(page).getByRole("alert"),
    /expired.*paused and carries on where it stopped.*Cancel stops it and changes nothing/i
  );
  await screenshot(page, "07-sign-in-again");
  await password.fill(e2e.sim.password);
  await pane(page).getByRole("button", { name: "Sign in" }).click();
  await waitForText(pane(page).getByRole("status"), /Pulled 2,222 records/, 30_000);
  const { table } = await pulledTable(page);
  expect(tableDataRows(table)).toBe(2222);
});
