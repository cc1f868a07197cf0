// Push changes and Undo last push in the workbench, by the contract's names: edit cells in the grid,
// let a colleague (a second Claret sign-in) change a record behind the planner's back, push the
// changes from the ribbon strip, keep or take values, check what Claret received and the log, undo.
import type { Page } from "playwright-core";
import { createToken, postSales, type ClaretSession, type SaleRecord } from "../../src/claret";
import {
  axeViolations,
  budgetRowOf,
  pane,
  pulledTable,
  reopenPane,
  ribbon,
  screenshot,
  setPaneWidth,
  snapshot,
  startWithBudget2025,
  typeInCell,
  waitForText,
  type E2E,
} from "./harness";
import { columnLetter } from "../helpers/cells";

jest.setTimeout(120_000);

let e2e: E2E;
let page: Page;
let colleague: ClaretSession;

beforeAll(async () => {
  ({ e2e, page } = await startWithBudget2025());
  colleague = await createToken(
    { baseUrl: e2e.sim.url, tenant: "demo" },
    e2e.sim.colleague.email,
    e2e.sim.colleague.password
  );
});
afterAll(() => e2e?.close());

const rowOf = (sheetRow: number) => budgetRowOf(e2e, page, sheetRow);
const type = (address: string, text: string) => typeInCell(page, address, text);

async function colleagueWrites(r: SaleRecord, quantity: number): Promise<void> {
  await postSales(colleague, { sale_type_name: "Budget", create_missing_item_customer_group: 0 }, [
    {
      item_name: r.item_name,
      customer_group_name: r.customer_group_name,
      sell_date: r.sell_date,
      timing_interval_name: r.timing_interval_span,
      quantity,
    },
  ]);
}

const quantityOf = (id: number) => e2e.sim.salesOf("Budget").find((r) => r.id === id)!.quantity;
const preview = () => pane(page).getByRole("region", { name: "Push changes preview" });
const paneWidth = (px: number) => setPaneWidth(page, px);

async function shots(name: string): Promise<void> {
  for (const width of [320, 450]) {
    await paneWidth(width);
    await screenshot(page, `${name}-${width}`);
  }
  await paneWidth(360);
}

const pushed: Array<{ id: number; before: number }> = [];

test("Push changes from the ribbon lists each class old → new; Keep my values and Confirm push send exactly the changed rows; a second Push changes finds nothing", async () => {
  const a = await rowOf(3);
  const b = await rowOf(4);
  const c = await rowOf(5);
  pushed.push(
    { id: a.record.id, before: a.record.quantity },
    { id: b.record.id, before: b.record.quantity },
    { id: c.record.id, before: 999 }
  );
  await type(a.quantityCell, "111");
  await type(b.quantityCell, "222");
  await type(c.quantityCell, "333");
  await colleagueWrites(c.record, 999); // behind the planner's back

  await ribbon(page).getByRole("button", { name: "Push changes" }).click();
  await pane(page).getByRole("button", { name: "Confirm push" }).waitFor();
  await waitForText(preview(), /2 changed by you · 1 conflict · 237 unchanged/);
  await waitForText(preview(), new RegExp(`${c.quantityCell}: .*999 → 333`));
  expect(
    await pane(page)
      .getByText(/beta write API/)
      .count()
  ).toBe(1);
  await shots("14-push-changes-preview-light");
  expect(await axeViolations(page, "aside")).toEqual([]);

  // the cell link selects the row's quantity cell
  await preview().getByRole("button", { name: a.quantityCell, exact: true }).click();
  expect((await snapshot(page)).selection).toMatchObject({ address: a.quantityCell });

  // the same preview in the dark theme (the pane keeps its view while hidden)
  await ribbon(page).getByRole("button", { name: "Dark theme" }).click();
  await reopenPane(page);
  await pane(page).getByRole("button", { name: "Confirm push" }).waitFor();
  await shots("14-push-changes-preview-dark");
  await ribbon(page).getByRole("button", { name: "Dark theme" }).click();
  await reopenPane(page);
  await pane(page).getByRole("button", { name: "Confirm push" }).waitFor();

  const postsBefore = e2e.sim.requests.filter((r) => r.method === "POST").length;
  await pane(page).getByRole("button", { name: "Keep my values" }).click();
  await pane(page).getByRole("button", { name: "Confirm push" }).click();
  await waitForText(pane(page).getByRole("status"), /Sent 3 records to Claret/, 30_000);
  await screenshot(page, "14-push-changes-done");
  expect(e2e.sim.requests.filter((r) => r.method === "POST").length).toBe(postsBefore + 1);
  expect([a, b, c].map((r) => quantityOf(r.record.id))).toEqual([111, 222, 333]);

  const log = (await snapshot(page)).sheets.find((s) => s.name === "Claret push log")!;
  expect(log.tables.map((t) => t.name)).toEqual(["ClaretPushLog"]);
  const [headers, ...rows] = log.values as unknown[][];
  const at = (h: string) => (headers as string[]).indexOf(h);
  expect(
    rows.map((r) => [r[at("id")], r[at("old_quantity")], r[at("new_quantity")], r[at("outcome")]])
  ).toEqual([
    [a.record.id, a.record.quantity, 111, "sent"],
    [b.record.id, b.record.quantity, 222, "sent"],
    [c.record.id, 999, 333, "sent"],
  ]);
  expect(rows.every((r) => r[at("email")] === "planner@demo.test")).toBe(true);

  await pane(page).getByRole("button", { name: "Done" }).click();
  await ribbon(page).getByRole("button", { name: "Push changes" }).click();
  await waitForText(pane(page).getByRole("status"), /No changes to push: all 240 rows of table/);
});

test("Take Claret's values writes the colleague's value into the row and sends nothing", async () => {
  await pane(page).getByRole("button", { name: "Done" }).click();
  const d = await rowOf(8);
  await type(d.quantityCell, "44");
  await colleagueWrites(d.record, 4444);
  await pane(page).getByRole("button", { name: "Push changes" }).click();
  await waitForText(preview(), /1 conflict · 239 unchanged/);
  const postsBefore = e2e.sim.requests.filter((r) => r.method === "POST").length;
  await pane(page).getByRole("button", { name: "Take Claret's values" }).click();
  await pane(page).getByRole("button", { name: "Confirm push" }).click();
  await waitForText(pane(page).getByRole("status"), /1 row now holds Claret's value/, 30_000);
  expect(e2e.sim.requests.filter((r) => r.method === "POST").length).toBe(postsBefore);
  const { sheet } = await pulledTable(page);
  const { table } = await pulledTable(page);
  expect(sheet.values[7][table.headers.indexOf("quantity")]).toBe(4444);
  await pane(page).getByRole("button", { name: "Done" }).click();
});

test("Undo last push, confirmed with Confirm undo, puts back what the last push overwrote and logs it", async () => {
  await pane(page).getByRole("button", { name: "Undo last push" }).click();
  const region = pane(page).getByRole("region", { name: "Undo last push" });
  await waitForText(region, /To put back \(3\)/);
  await shots("14-undo-light");
  expect(await axeViolations(page, "aside")).toEqual([]);
  await ribbon(page).getByRole("button", { name: "Dark theme" }).click();
  await reopenPane(page);
  await waitForText(
    pane(page).getByRole("region", { name: "Undo last push" }),
    /To put back \(3\)/
  );
  await shots("14-undo-dark");
  await ribbon(page).getByRole("button", { name: "Dark theme" }).click();
  await reopenPane(page);

  await pane(page).getByRole("button", { name: "Confirm undo" }).click();
  await waitForText(
    pane(page).getByRole("status").or(pane(page).getByRole("alert")),
    /Undid the push of/,
    30_000
  );
  await screenshot(page, "14-undo-done");
  const said = await pane(page)
    .getByRole("status")
    .or(pane(page).getByRole("alert"))
    .allTextContents();
  expect(said.join(" ")).not.toMatch(/not refreshed/);
  expect(pushed.map((p) => quantityOf(p.id))).toEqual(pushed.map((p) => p.before));
  const log = (await snapshot(page)).sheets.find((s) => s.name === "Claret push log")!;
  const [headers, ...rows] = log.values as unknown[][];
  const outcome = (headers as string[]).indexOf("outcome");
  expect(rows.slice(3).map((r) => r[outcome])).toEqual(["undone", "undone", "undone"]);
});

test("a row typed right below the table joins it (AutoExpansion) and Push changes creates it in Claret, writing back its id", async () => {
  await pane(page).getByRole("button", { name: "Done" }).click();
  const { table } = await pulledTable(page);
  const row = 242; // the table is A1:…241: header and 240 records
  const pair = e2e.sim.findUnlinkedPair();
  const at = (h: string) => `${columnLetter(table.headers.indexOf(h))}${row}`;
  // typed as a person types (workbench.setValue: the host's own edit), below the grid's rendered rows
  const typeBelow = (address: string, value: string | number) =>
    page.evaluate(
      ([sheetName, a, v]) =>
        (
          window as never as {
            workbench: { setValue: (s: string, a: string, v: unknown) => void };
          }
        ).workbench.setValue(sheetName as string, a as string, v),
      [sheetOf, address, value] as const
    );
  const sheetOf = (await snapshot(page)).activeSheet;
  await typeBelow(at("sell_date"), "2025-06-01");
  await typeBelow(at("item_name"), pair.item_name);
  await typeBelow(at("customer_group_name"), pair.customer_group_name);
  await typeBelow(at("quantity"), 12);
  await typeBelow(at("timing_interval_span"), "month");
  expect((await pulledTable(page)).table.address).toMatch(/:[A-Z]+242$/);
  await pane(page).getByRole("button", { name: "Push changes" }).click();
  await waitForText(preview(), /1 new · 240 unchanged/);
  await pane(page)
    .getByRole("checkbox", { name: "Create missing item/customer group links" })
    .check();
  await pane(page).getByRole("button", { name: "Confirm push" }).click();
  await waitForText(
    pane(page).getByRole("status"),
    /Sent 1 record to Claret \(1 record created\)/,
    30_000
  );
  const created = e2e.sim
    .salesOf("Budget")
    .find(
      (r) => r.item_name === pair.item_name && r.customer_group_name === pair.customer_group_name
    );
  expect(created).toMatchObject({ sell_date: "2025-06-01", quantity: 12 });
  const { sheet } = await pulledTable(page);
  expect(sheet.values[row - 1][table.headers.indexOf("id")]).toBe(created!.id);
});
