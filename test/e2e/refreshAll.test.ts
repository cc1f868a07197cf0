// Refresh all in the workbench, by the contract's names: three Claret tables on three sheets, two of the demo tenant
// and one of a second tenant (acme, its own simulator). From the pane and from the ribbon; a table whose tenant needs
// a sign-in waits, named, while the others go on; a server fault on one table; Cancel during the third.
import type { Page } from "playwright-core";
import { startSimulator, type Simulator } from "../../dev/claret-sim";
import {
  BUDGET_2025,
  pane,
  pullThroughPane,
  ribbon,
  screenshot,
  setPaneWidth,
  signIn,
  startSignedIn,
  waitForText,
  type E2E,
} from "./harness";

jest.setTimeout(180_000);

let e2e: E2E;
let page: Page;
let acme: Simulator;

const HISTORY_2021 = {
  saleType: "History",
  startDate: "2021-01-01",
  duration: 730,
  hierarchy: false,
};
const HISTORY_ALL = {
  saleType: "History",
  startDate: "2020-01-01",
  duration: 1826,
  hierarchy: false,
};

const status = () => pane(page).getByRole("status");

/** Signs out of the pane's tenant and in to `sim`'s (its own API base URL, under Advanced). */
async function switchTenant(sim: Simulator): Promise<void> {
  const p = pane(page);
  await p.getByRole("button", { name: "Sign out" }).click();
  await p.getByLabel("Tenant").fill(sim.tenant);
  if (!(await p.getByLabel("API base URL").isVisible()))
    await p.getByRole("button", { name: "Advanced" }).click();
  await p.getByLabel("API base URL").fill(sim.url);
  await signIn(page, sim);
  await waitForText(status(), new RegExp(`Signed in to ${sim.tenant}`));
}

/** One new record in every table's window, per tenant. */
function claretAddsRecords(): void {
  for (const [sim, sale, date] of [
    [e2e.sim, "Budget", "2025-03-01"],
    [e2e.sim, "History", "2021-06-01"],
    [acme, "History", "2021-06-01"],
  ] as const)
    sim.insertRecords(sale, [
      { item_name: "E2E Item", customer_group_name: "E2E Group", sell_date: date, quantity: 5 },
    ]);
}

beforeAll(async () => {
  ({ e2e, page } = await startSignedIn({ records: 3000 }));
  acme = await startSimulator({ records: 2222, tenant: "acme" });
  await pullThroughPane(page, BUDGET_2025, /Pulled 240 records/);
  await pullThroughPane(page, HISTORY_2021, /Pulled 1,2\d\d records/);
  await switchTenant(acme);
  await pullThroughPane(page, HISTORY_ALL, /Pulled 2,222 records/);
});
afterAll(async () => {
  await acme?.close();
  await e2e?.close();
});

test("Refresh all in the pane: the second tenant's table is refreshed while the demo tables wait for their sign-in, named; after it they carry on", async () => {
  claretAddsRecords();
  // signed out of demo when the pane signed in to acme: the demo tables have no session
  await pane(page).getByRole("button", { name: "Refresh all" }).click();
  await waitForText(
    status(),
    /Refresh all: 1 of 3 tables refreshed, 2 waiting for a sign-in\./,
    30_000
  );
  const p = pane(page);
  await waitForText(p, /Refreshing Budget 2025-01-01 364d: paused until you sign in/);
  await waitForText(p, /Refreshing History 2021-01-01 730d: paused until you sign in/);
  expect(await status().textContent()).toContain(
    "History 2020-01-01 1826d: 0 updated, 1 added, 0 removed."
  );
  for (const [theme, width] of [
    ["light", 320],
    ["light", 450],
  ] as const) {
    await setPaneWidth(page, width);
    await screenshot(page, `refresh-all-waiting-${theme}-${width}`);
  }
  // the sign-in form asks for the tenant of the tables that wait
  expect(await p.getByLabel("Tenant").inputValue()).toBe("demo");
  await p.getByLabel("Email").fill(e2e.sim.email);
  await p.getByLabel("Password").fill(e2e.sim.password);
  await p.getByRole("button", { name: "Sign in" }).click();
  await waitForText(status(), /Refresh all: all 3 tables refreshed\./, 30_000);
  const text = await status().textContent();
  expect(text).toContain("Budget 2025-01-01 364d: 0 updated, 1 added, 0 removed.");
  expect(text).toContain("History 2021-01-01 730d: 0 updated, 1 added, 0 removed.");
  await screenshot(page, "refresh-all-done-light-450");
});

test("Refresh all on the ribbon names each table as it drains; a server fault on one leaves it unchanged while the others are refreshed", async () => {
  claretAddsRecords();
  e2e.sim.setLatency(150); // slow pages, so the progress of each table is in view
  // the demo tenant's 3rd page request from now on is page 2 of table 2 (Budget's one page, then History 2021's two)
  const fault = e2e.sim.faults.add({
    route: "GET /sales",
    onRequests: [3],
    fault: { kind: "repeat-cursor" },
  });
  try {
    await ribbon(page).getByRole("button", { name: "Refresh all" }).click();
    await waitForText(
      pane(page),
      /Table 2 of 3: History 2021-01-01 730d, [\d,]+ (of [\d,]+ records|records so far)/
    );
    await setPaneWidth(page, 320);
    await screenshot(page, "refresh-all-progress-light-320");
    await waitForText(status(), /Refresh all: 2 of 3 tables refreshed, 1 failed\./, 30_000);
    expect(await status().textContent()).toMatch(
      /History 2021-01-01 730d failed: .*The table was not changed\./
    );
  } finally {
    fault.remove();
    e2e.sim.setLatency(0);
  }
});

test("Cancel during the third table stops it unchanged; the two refreshed stay refreshed and the result says which are which", async () => {
  claretAddsRecords();
  acme.setLatency(300);
  try {
    await pane(page).getByRole("button", { name: "Refresh all" }).click();
    await waitForText(
      pane(page),
      /Table 3 of 3: History 2020-01-01 1826d, 1,000 of 2,22\d records/,
      30_000
    );
    await pane(page).getByRole("button", { name: "Cancel" }).click();
    await waitForText(status(), /Refresh all: 2 of 3 tables refreshed, 1 cancelled\./, 30_000);
    expect(await status().textContent()).toContain(
      "History 2020-01-01 1826d: cancelled — the table was not changed."
    );
  } finally {
    acme.setLatency(0);
  }
});
