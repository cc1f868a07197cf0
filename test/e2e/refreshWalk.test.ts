// A planner's walk through the workbench: pull, type notes beside the table, format cells, sort and filter; Claret
// changes, adds and removes records; Refresh sheet. Every note, format and hidden row must be where it belongs, and the
// grid must show filtered rows as hidden.
import type { Page } from "playwright-core";
import {
  pane,
  pullThroughPane,
  ribbon,
  screenshot,
  startSignedIn,
  waitForText,
  type E2E,
} from "./harness";

jest.setTimeout(120_000);

let e2e: E2E;
let page: Page;

beforeAll(async () => {
  ({ e2e, page } = await startSignedIn({ records: 2222 }));
});
afterAll(() => e2e?.close());

const ID = 7; // column H
const QTY = 3; // column D
const NOTES = 12; // column M, beside the 10 Claret columns (A:J) and a gap

interface SheetRead {
  sheet: string;
  table: string;
  rows: Array<{ id: number; qty: number; note: unknown; fill: unknown; hidden: boolean }>;
}

/** The pulled table's rows with the note beside each, the fill of its quantity cell and whether it is hidden. */
function readSheet(): Promise<SheetRead> {
  return page.evaluate(
    ({ ID, QTY, NOTES }) => {
      const host = (
        window as unknown as { workbench: { host: import("../../dev/excel-emulator").ExcelHost } }
      ).workbench.host;
      const t = host.tables().find((x) => x.name.startsWith("Claret_History"))!;
      const m = /!A(\d+):[A-Z]+(\d+)$/.exec(t.address)!;
      const first = Number(m[1]); // header row, 1-based
      const last = Number(m[2]);
      const values = host.getValues(t.sheet, `A${first + 1}:M${last}`);
      const fills = host.getCellFormats(t.sheet, `D${first + 1}:D${last}`);
      return {
        sheet: t.sheet,
        table: t.name,
        rows: values.map((r, i) => ({
          id: r[ID] as number,
          qty: r[QTY] as number,
          note: r[NOTES],
          fill: fills[i][0]?.fill ?? null,
          hidden: host.isRowHidden(t.sheet, first + i),
        })),
      };
    },
    { ID, QTY, NOTES }
  );
}

test("notes, formats, sort and filter stay with their records through a refresh that changes, adds and removes records", async () => {
  await pullThroughPane(
    page,
    { saleType: "History", startDate: "2024-01-01", duration: 366, hierarchy: false },
    /Pulled .* records into table/
  );
  const pulled = await readSheet();
  const ids = pulled.rows.map((r) => r.id);

  // The planner: sorts by quantity (largest first), then notes beside each row and a fill on some quantities, then a
  // filter showing quantities of 50 or more.
  await page.evaluate(
    ({ sheet, table, QTY }) => {
      const host = (
        window as unknown as { workbench: { host: import("../../dev/excel-emulator").ExcelHost } }
      ).workbench.host;
      host.sortTable(table, [{ key: QTY, ascending: false }]);
      const t = host.tables().find((x) => x.name === table)!;
      const rows = Number(/(\d+)$/.exec(t.address)![1]) - 1;
      const idsNow = host.getValues(sheet, `H2:H${rows + 1}`).map((r) => r[0]);
      host.setValues(
        sheet,
        `M2:M${rows + 1}`,
        idsNow.map((id) => [`note for ${id}`])
      );
      host.setCellFormat(sheet, "D2:D6", { fill: "#FFC000", bold: true });
      host.filterTable(table, QTY, { filterOn: "Custom", criterion1: ">=50" });
    },
    { sheet: pulled.sheet, table: pulled.table, QTY }
  );
  const before = await readSheet();
  const formatted = new Set(before.rows.filter((r) => r.fill).map((r) => r.id));
  expect(formatted.size).toBe(5);
  await screenshot(page, "refresh-walk-1-planner");

  // Claret: two quantities change (one drops below the filter, both keep the sort's order), two records go (one
  // formatted), two are new.
  const [top] = before.rows;
  const lastShown = before.rows.map((r) => r.qty >= 50).lastIndexOf(true);
  const dropping = before.rows[lastShown];
  const gone = [before.rows[3].id, before.rows[before.rows.length - 1].id];
  e2e.sim.setQuantities("History", [
    { id: top.id, quantity: top.qty + 1 },
    { id: dropping.id, quantity: (50 + before.rows[lastShown + 1].qty) / 2 },
  ]);
  e2e.sim.deleteRecords("History", gone);
  e2e.sim.insertRecords("History", [
    {
      item_name: "Walk Big",
      customer_group_name: "Walk Group",
      sell_date: "2024-06-01",
      quantity: 999999,
    },
    {
      item_name: "Walk Small",
      customer_group_name: "Walk Group",
      sell_date: "2024-06-01",
      quantity: 2,
    },
  ]);

  await ribbon(page).getByRole("button", { name: "Refresh sheet" }).click();
  await waitForText(
    pane(page).getByRole("status"),
    /Refreshed table .*: 2 updated, 2 added, 2 removed \(2 of them kept on "Removed by refresh"/,
    30_000
  );
  await screenshot(page, "refresh-walk-2-refreshed");
  const after = await readSheet();

  // every record still in Claret: its note, its fill
  const was = new Map(before.rows.map((r) => [r.id, r]));
  for (const r of after.rows) {
    const old = was.get(r.id);
    if (!old) continue;
    expect({ id: r.id, note: r.note, fill: r.fill }).toEqual({
      id: r.id,
      note: old.note,
      fill: old.fill,
    });
  }
  // the records gone, the new ones in
  expect(after.rows.map((r) => r.id)).not.toEqual(expect.arrayContaining([gone[0]]));
  expect(after.rows).toHaveLength(before.rows.length);
  expect(new Set(after.rows.map((r) => r.id))).toEqual(
    new Set(
      e2e.sim
        .salesOf("History")
        .filter((r) => r.sell_date >= "2024-01-01" && r.sell_date <= "2024-12-31")
        .map((r) => r.id)
    )
  );
  // the sort: largest first, the new big record on top; the filter: hidden exactly below 50
  const quantities = after.rows.map((r) => r.qty);
  expect(quantities[0]).toBe(999999);
  expect(quantities).toEqual([...quantities].sort((a, b) => b - a));
  expect(after.rows.find((r) => r.id === dropping.id)?.hidden).toBe(true);
  expect(after.rows.map((r) => [r.qty, r.hidden])).toEqual(
    after.rows.map((r) => [r.qty, r.qty < 50])
  );
  expect(ids.length).toBe(before.rows.length);

  // the grid: a hidden row is not drawn, a visible one is, and a filled cell shows its fill
  const hiddenRow = after.rows.findIndex((r) => r.hidden) + 2;
  const shownRow = after.rows.findIndex((r) => !r.hidden && r.fill) + 2;
  await page.getByRole("rowheader", { name: String(shownRow), exact: true }).waitFor();
  expect(await page.getByRole("rowheader", { name: String(hiddenRow), exact: true }).count()).toBe(
    0
  );
  expect(await page.locator(`[data-address="D${shownRow}"]`).getAttribute("data-fill")).toBe(
    "#FFC000"
  );

  // the removed rows that carried notes are on "Removed by refresh"
  const removedSheet = await page.evaluate(() => {
    const host = (
      window as unknown as { workbench: { host: import("../../dev/excel-emulator").ExcelHost } }
    ).workbench.host;
    const t = host.tables().find((x) => x.sheet === "Removed by refresh");
    return t ? host.getValues(t.sheet, t.address.replace(/^.*!/, "")) : null;
  });
  expect(removedSheet).not.toBeNull();
  expect(
    removedSheet!
      .slice(1)
      .map((r) => r[2 + ID])
      .sort()
  ).toEqual([...gone].sort());
  expect(removedSheet!.slice(1).map((r) => r[2 + NOTES])).toEqual(
    expect.arrayContaining(gone.map((id) => `note for ${id}`))
  );
});
