// A refresh keeps every row's identity: what the planner typed beside or inside the table, the formats they gave it,
// their sort and filter, the totals row — rows are matched by Claret's id and only the changed Claret cells are written.
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { refreshActiveSheet } from "../../src/workflows/pullRefresh/refresh";
import { refreshedMessage, toUserMessage } from "../../src/workflows/messages";
import type { ExcelHost } from "../helpers/excelHost";
import { pullTable } from "../helpers/pulledTable";
import { ALL_HISTORY, type SimulatorHarness } from "../helpers/simulator";
import { readTable } from "../helpers/workbook";

// Columns of a table pulled without hierarchy: A sell_date … D quantity … H id … J updated_at; the planner's notes in L.
const ID = 7;
const QTY = 3;
const QUERY = { ...ALL_HISTORY, startDate: "2024-01-01", durationDays: 366 };

let h: SimulatorHarness;
let host: ExcelHost;
let sheet: string;
let table: string;
let rows: number;

beforeEach(async () => {
  ({ h, host, sheetName: sheet, tableName: table, rowCount: rows } = await pullTable(2222, QUERY));
});
afterEach(() => h.close());

const ids = async () => (await readTable(table)).values.map((r) => r[ID] as number);
/** the note typed in column L beside each record, by id */
async function notesById(): Promise<Map<number, string>> {
  const t = await readTable(table);
  const notes = host.getValues(sheet, `L2:L${t.values.length + 1}`);
  return new Map(t.values.map((r, i) => [r[ID] as number, String(notes[i][0])]));
}
async function typeNotes(): Promise<void> {
  const all = await ids();
  host.setValues(
    sheet,
    `L2:L${all.length + 1}`,
    all.map((id) => [`note for ${id}`])
  );
}
const refresh = () => refreshActiveSheet(h.session);

test("a fill, bold font, conditional format and data validation on Claret cells survive a refresh that changes them", async () => {
  const [first] = await ids();
  await Excel.run(async (context) => {
    const r = context.workbook.worksheets.getItem(sheet).getRange("D2:D3");
    r.format.fill.color = "#FFFF00";
    r.format.font.bold = true;
    r.conditionalFormats.add(Excel.ConditionalFormatType.cellValue);
    r.dataValidation.rule = { decimal: { formula1: 0, operator: "GreaterThan" } };
    await context.sync();
  });
  const before = host.getCellFormats(sheet, "D2:D3");
  h.sim.setQuantities("History", [{ id: first, quantity: 4321 }]);
  const result = await refresh();
  expect(result.updated).toBe(1);
  expect(host.getValues(sheet, "D2")).toEqual([[4321]]);
  expect(host.getCellFormats(sheet, "D2:D3")).toEqual(before);
  expect(before[0][0]).toMatchObject({ fill: "#FFFF00", bold: true });
});

test("only the Claret cells that changed are written; nothing is copied", async () => {
  const all = await ids();
  h.sim.setQuantities("History", [
    { id: all[3], quantity: 1 },
    { id: all[9], quantity: 2 },
  ]);
  host.resetSyncLog();
  const result = await refresh();
  expect(result).toMatchObject({ updated: 2, added: 0, removed: 0, rowCount: rows });
  const written = host.syncLog.reduce((n, s) => n + s.cellsWritten, 0);
  const copied = host.syncLog.reduce((n, s) => n + s.cellsCopied, 0);
  // quantity and updated_at of two records (the date system is the one stored at the pull: no probe cell)
  expect({ written, copied }).toEqual({ written: 4, copied: 0 });
});

test("notes typed beside the table stay with their records when Claret removes and adds records in the middle", async () => {
  await typeNotes();
  const all = await ids();
  const before = await notesById();
  h.sim.deleteRecords("History", [all[2], all[5]]);
  h.sim.insertRecords("History", [
    {
      item_name: "Refresh Item",
      customer_group_name: "Refresh Group",
      sell_date: "2024-03-01",
      quantity: 3,
    },
  ]);
  const result = await refresh();
  expect(result).toMatchObject({ removed: 2, added: 1, keptOnRemovedSheet: 2 });
  const after = await notesById();
  for (const [id, note] of after) if (before.has(id)) expect(note).toBe(before.get(id));
  const added = [...after].filter(([id]) => !before.has(id));
  expect(added).toEqual([[expect.any(Number), ""]]);
  expect(await ids()).toEqual(
    h.sim
      .salesOf("History")
      .filter((r) => r.sell_date >= "2024-01-01")
      .map((r) => r.id)
  );
});

test("rows of removed records that carried the planner's notes are copied to 'Removed by refresh' with the time and the record", async () => {
  await typeNotes();
  const all = await ids();
  h.sim.deleteRecords("History", [all[4]]);
  const result = await refresh();
  expect(refreshedMessage(result).text).toBe(
    `Refreshed table ${table} on sheet "${sheet}": 0 updated, 0 added, 1 removed (1 of them kept on "Removed by refresh", with what you had typed in them); ${(rows - 1).toLocaleString("en-US")} records now.`
  );
  const kept = await readTable("RemovedByRefresh");
  expect(kept.sheetName).toBe("Removed by refresh");
  expect(kept.headers.slice(0, 3)).toEqual(["removed_at", "from_table", "sell_date"]);
  expect(kept.values).toHaveLength(1);
  expect(kept.values[0][0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
  expect(kept.values[0][1]).toBe(table);
  expect(kept.values[0][2 + ID]).toBe(all[4]);
  expect(kept.values[0]).toContain(`note for ${all[4]}`);
});

test("a removed record with nothing of the planner's in its row is removed without a copy", async () => {
  const all = await ids();
  h.sim.deleteRecords("History", [all[4]]);
  const result = await refresh();
  expect(result).toMatchObject({ removed: 1, keptOnRemovedSheet: 0 });
  expect(host.sheets().map((s) => s.name)).not.toContain("Removed by refresh");
});

test("with the planner's sort and filter, new records land where the sort puts them and the filter hides what it should", async () => {
  await typeNotes();
  // sort by quantity, largest first; show only quantities of 20 or more
  host.sortTable(table, [{ key: QTY, ascending: false }]);
  await typeNotes(); // the notes the planner types after sorting belong to the rows as they now are
  const before = await notesById();
  host.filterTable(table, QTY, { filterOn: "Custom", criterion1: ">=20" });
  h.sim.insertRecords("History", [
    {
      item_name: "Big Item",
      customer_group_name: "Refresh Group",
      sell_date: "2024-05-01",
      quantity: 999999,
    },
    {
      item_name: "Small Item",
      customer_group_name: "Refresh Group",
      sell_date: "2024-05-01",
      quantity: 0.5,
    },
  ]);
  const result = await refresh();
  expect(result).toMatchObject({ added: 2, sortReapplied: true });
  const t = await readTable(table);
  const quantities = t.values.map((r) => r[QTY] as number);
  expect(quantities).toEqual([...quantities].sort((a, b) => b - a));
  expect(quantities[0]).toBe(999999);
  const after = await notesById();
  for (const [id, note] of before) expect(after.get(id)).toBe(note);
  t.values.forEach((r, i) =>
    expect([r[QTY], host.isRowHidden(sheet, i + 1)]).toEqual([r[QTY], (r[QTY] as number) < 20])
  );
  expect(host.tables().find((x) => x.name === table)?.filtered).toBe(true);
});

test("the totals row stays below the data with its function; style and column widths stay", async () => {
  await Excel.run(async (context) => {
    const t = context.workbook.tables.getItem(table);
    t.showTotals = true;
    t.style = "TableStyleLight9";
    t.getRange().format.columnWidth = 77;
    await context.sync();
  });
  host.setValues(sheet, `D${rows + 2}`, [["=SUBTOTAL(109,[quantity])"]]);
  const all = await ids();
  h.sim.deleteRecords("History", [all[0]]);
  h.sim.insertRecords("History", [
    {
      item_name: "Refresh Item",
      customer_group_name: "Refresh Group",
      sell_date: "2024-12-01",
      quantity: 5,
    },
  ]);
  await refresh();
  const info = await Excel.run(async (context) => {
    const t = context.workbook.tables.getItem(table);
    t.load("showTotals,style");
    const totals = t.getTotalRowRange().load("rowIndex,formulas,values");
    const body = t.getDataBodyRange().load("rowIndex,rowCount");
    const width = t.getRange().format.load("columnWidth");
    await context.sync();
    return { t, totals, body, width };
  });
  expect(info.t.showTotals).toBe(true);
  expect(info.t.style).toBe("TableStyleLight9");
  expect(info.width.columnWidth).toBe(77);
  expect(info.totals.rowIndex).toBe(info.body.rowIndex + info.body.rowCount);
  expect(info.totals.formulas[0][QTY]).toBe("=SUBTOTAL(109,[quantity])");
  const quantities = (await readTable(table)).values.map((r) => r[QTY] as number);
  expect(info.totals.values[0][QTY]).toBeCloseTo(
    quantities.reduce((a, b) => a + b, 0),
    6
  );
});

describe("ids that cannot be matched stop the refresh before any change, naming the cells", () => {
  test("a duplicated and a blanked id", async () => {
    const all = await ids();
    host.setValues(sheet, "H4", [[all[0]]]);
    host.setValues(sheet, "H6", [[""]]);
    const before = JSON.stringify(host.snapshot());
    const pages = () => h.sim.requests.filter((r) => r.path.endsWith("/sales")).length;
    const pagesBefore = pages();
    const failure = await refresh().catch((e: unknown) => e);
    expect(toUserMessage(failure).text).toBe(
      `The table "${table}" cannot be refreshed: its rows are matched to Claret's records by id, and there is no record id in H6, and the same id in H2 and H4. Put back the ids Claret gave (or delete rows you added by hand), then refresh again. Nothing was changed.`
    );
    expect(JSON.stringify(host.snapshot())).toBe(before);
    // The cells are read while the first page is asked for; the drain stops as soon as they show the bad ids.
    expect(pages()).toBeLessThanOrEqual(pagesBefore + 1);
  });

  test("a table whose id column was deleted is refused with why and what to do", async () => {
    await Excel.run(async (context) => {
      context.workbook.tables.getItem(table).columns.getItem("id").delete();
      await context.sync();
    });
    const pages = () => h.sim.requests.filter((r) => r.path.endsWith("/sales")).length;
    const pagesBefore = pages();
    const failure = await refresh().catch((e: unknown) => e);
    expect(toUserMessage(failure).text).toMatch(
      /has no "id" column, so its rows cannot be matched to Claret's records.*Put the id column back.*Nothing was changed\.$/
    );
    expect(pages()).toBe(pagesBefore); // the headers tell it before anything is fetched
  });
});

test("hierarchy keys that differ only in case get columns of their own, in the pull and in the refresh", async () => {
  const [caseRecord] = h.sim.insertRecords("History", [
    {
      item_name: "Case Item",
      item_BRAND: "Upper",
      customer_group_name: "Refresh Group",
      sell_date: "2024-02-01",
      quantity: 1,
    },
  ]);
  const pulled = await pullSales(h.session, { ...QUERY, includeHierarchy: true });
  const read = async () => {
    const t = await readTable(pulled.tableName);
    const columns = t.headers
      .map((name, c) => ({ name, c }))
      .filter(({ name }) => /^item_brand( \(\d\))?$/i.test(name));
    const row = t.values.find((r) => r[ID] === caseRecord.id)!;
    return { headers: t.headers, columns: columns.map(({ name, c }) => [name, row[c]]) };
  };
  const before = await read();
  // item_brand (the demo's) and item_BRAND (this record's): two columns, the record's value in its own
  expect(before.columns).toEqual([
    ["item_brand", ""],
    ["item_BRAND (2)", "Upper"],
  ]);
  h.sim.setQuantities("History", [{ id: caseRecord.id, quantity: 2 }]);
  const result = await refreshActiveSheet(h.session);
  expect(result).toMatchObject({ updated: 1, columnsAdded: [] });
  expect(await read()).toEqual(before);
});
