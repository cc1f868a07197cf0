// Edit a quantity in the grid, select rows, push from the ribbon strip, confirm: Claret has the new value.
import type { Page } from "playwright-core";
import {
  axeViolations,
  pane,
  pulledTable,
  ribbon,
  screenshot,
  startWithBudget2025,
  typeInCell,
  waitForText,
  type E2E,
} from "./harness";
import { columnLetter } from "../helpers/cells";

jest.setTimeout(90_000);

let e2e: E2E;
let page: Page;

beforeAll(async () => {
  ({ e2e, page } = await startWithBudget2025());
});
afterAll(() => e2e?.close());

async function cellOf(row: number, header: string): Promise<string> {
  const { table } = await pulledTable(page);
  return `${columnLetter(table.headers.indexOf(header))}${row}`;
}

test("Push selection on the ribbon opens the closed task pane on the preview and writes nothing to Claret", async () => {
  const before = JSON.stringify(e2e.sim.salesOf("Budget"));
  // any POST (a push, or anything else that writes) counts
  const postsBefore = e2e.sim.requests.filter((r) => r.method === "POST").length;
  await page.locator('[data-address="A2"]').click();
  await page.locator('[data-address="B3"]').click({ modifiers: ["Shift"] });
  await pane(page).getByRole("button", { name: "Close task pane" }).click();
  expect(await pane(page).isVisible()).toBe(false);
  await ribbon(page).getByRole("button", { name: "Push selection" }).click();
  await pane(page).getByRole("button", { name: "Confirm push" }).waitFor();
  // Only Confirm push starts a push, and a push shows itself in the pane (progress, then its result):
  // the preview waiting for Confirm, with no push reported, is the condition — not a pause.
  expect(await pane(page).getByRole("button", { name: "Confirm push" }).isEnabled()).toBe(true);
  expect(await pane(page).getByRole("status").textContent()).not.toMatch(/Push|Sent|written/i);
  expect(await pane(page).getByRole("progressbar").count()).toBe(0);
  expect(e2e.sim.requests.filter((r) => r.method === "POST").length).toBe(postsBefore);
  expect(JSON.stringify(e2e.sim.salesOf("Budget"))).toBe(before);
  await pane(page).getByRole("button", { name: "Back" }).click();
});

test("a quantity edited in the grid reaches Claret after Push selection and Confirm push", async () => {
  const quantityCell = await cellOf(3, "quantity");
  const idCell = await cellOf(3, "id");
  const id = await page.evaluate(
    (a) =>
      (
        window as never as {
          workbench: { host: { getValues: (s: string, a: string) => unknown[][] } };
        }
      ).workbench.host.getValues(
        (
          window as never as { workbench: { snapshot: () => { activeSheet: string } } }
        ).workbench.snapshot().activeSheet,
        a
      )[0][0],
    idCell
  );

  await typeInCell(page, quantityCell, "4321.5");

  // select rows 2-3 of the table, every column, by click and shift-click
  const { table } = await pulledTable(page);
  const lastColumn = columnLetter(table.headers.length - 1);
  await page.locator('[data-address="A2"]').click();
  await page.locator(`[data-address="${lastColumn}3"]`).click({ modifiers: ["Shift"] });

  await ribbon(page).getByRole("button", { name: "Push selection" }).click();
  const confirm = pane(page).getByRole("button", { name: "Confirm push" });
  await confirm.waitFor();
  await waitForText(pane(page).getByRole("region", { name: "Push preview" }), /2 rows to send/);
  await screenshot(page, "05-push-preview");
  expect(await axeViolations(page, "aside")).toEqual([]);

  await confirm.click();
  await waitForText(pane(page).getByRole("status"), /\S/, 30_000);
  await screenshot(page, "06-push-done");
  const record = e2e.sim.salesOf("Budget").find((r) => r.id === id);
  expect(record?.quantity).toBe(4321.5);
});
