// The ribbon's Refresh sheet as Excel runs it: with the task pane closed, completing only after the work,
// and opening the pane with the reason when the planner is needed (signed out).
import type { Page } from "playwright-core";
import {
  pane,
  pulledTable,
  ribbon,
  startWithBudget2025,
  tableDataRows,
  waitForText,
  type E2E,
} from "./harness";

jest.setTimeout(90_000);

let e2e: E2E;
let page: Page;

beforeAll(async () => {
  ({ e2e, page } = await startWithBudget2025());
});
afterAll(() => e2e?.close());

/** A new Budget record in Claret, inside the pulled window (a different week each time). */
function addBudgetRecord(sellDate: string): void {
  const [existing] = e2e.sim.salesOf("Budget");
  e2e.sim.insertRecords("Budget", [
    {
      item_name: existing.item_name,
      customer_group_name: existing.customer_group_name,
      sell_date: sellDate,
      timing_interval_span: "week",
      quantity: 11,
    },
  ]);
}

async function closePane(): Promise<void> {
  if (await pane(page).isVisible())
    await pane(page).getByRole("button", { name: "Close task pane" }).click();
  expect(await pane(page).isVisible()).toBe(false);
}

test("Refresh sheet on the ribbon with the task pane closed brings in the new record and leaves the pane closed", async () => {
  // counts relative to the table as this test finds it: the tests do not depend on each other's order
  const before = tableDataRows((await pulledTable(page)).table);
  addBudgetRecord("2025-06-02");
  await closePane();
  await ribbon(page).getByRole("button", { name: "Refresh sheet" }).click();
  await page.waitForFunction(
    (lastRow) => {
      const t = (
        window as unknown as {
          workbench: { snapshot: () => { sheets: { tables: { address: string }[] }[] } };
        }
      ).workbench
        .snapshot()
        .sheets.flatMap((s) => s.tables)[0];
      return new RegExp(`:[A-Z]+${lastRow}$`).test(t?.address ?? "");
    },
    before + 2, // the header row, then before + 1 data rows
    { timeout: 20_000 }
  );
  const { table } = await pulledTable(page);
  expect(tableDataRows(table)).toBe(before + 1);
  expect(await pane(page).isVisible()).toBe(false);
});

test("the ribbon refresh calls event.completed() only once the new rows are in the sheet", async () => {
  const before = tableDataRows((await pulledTable(page)).table);
  addBudgetRecord("2025-06-09");
  e2e.sim.setLatency(300); // each page takes a while, so a completed() called early would be caught
  try {
    const atCompletion = await page.evaluate(async () => {
      const wb = (
        window as unknown as {
          workbench: {
            host: {
              actions: { invoke: (id: string) => Promise<{ completed: boolean; error?: unknown }> };
            };
            snapshot: () => { sheets: { tables: { address: string }[] }[] };
          };
        }
      ).workbench;
      const result = await wb.host.actions.invoke("refreshSheet");
      return {
        completed: result.completed,
        failed: result.error !== undefined,
        address: wb.snapshot().sheets.flatMap((s) => s.tables)[0].address,
      };
    });
    expect(atCompletion).toEqual({
      completed: true,
      failed: false,
      address: expect.stringMatching(new RegExp(`:[A-Z]+${before + 2}$`)),
    });
  } finally {
    e2e.sim.setLatency(0);
  }
});

test("a ribbon refresh that failed (HTTP 500) is replaced by the next one's result: no stale error beside the success", async () => {
  const fault = e2e.sim.faults.add({
    route: "GET /sales",
    fault: { kind: "status", status: 500 },
  });
  try {
    await ribbon(page).getByRole("button", { name: "Refresh sheet" }).click();
    await pane(page).waitFor({ state: "visible" });
    await waitForText(pane(page).getByRole("alert"), /HTTP 500/, 30_000);
  } finally {
    fault.remove();
  }
  addBudgetRecord("2025-06-16");
  await ribbon(page).getByRole("button", { name: "Refresh sheet" }).click();
  await waitForText(pane(page).getByRole("status"), /Refreshed table .*1 added/, 30_000);
  expect(await pane(page).getByRole("alert").textContent()).toBe("");
  expect(await pane(page).getByRole("status").textContent()).not.toMatch(/HTTP 500/);
});

test("Refresh sheet on the ribbon when signed out opens the task pane asking to sign in to the tenant", async () => {
  if (!(await pane(page).isVisible()))
    await ribbon(page).getByRole("button", { name: "Claret" }).click();
  await pane(page).getByRole("button", { name: "Sign out" }).click();
  await pane(page).getByLabel("Password").waitFor();
  await closePane();
  const requestsBefore = e2e.sim.requests.length;
  await ribbon(page).getByRole("button", { name: "Refresh sheet" }).click();
  await pane(page).waitFor({ state: "visible" });
  await waitForText(pane(page), /Sign in to demo to refresh/);
  expect(await pane(page).getByLabel("Password").isVisible()).toBe(true);
  expect(e2e.sim.requests.length).toBe(requestsBefore);
});
