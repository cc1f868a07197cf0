import type { SaleRecord } from "../../src/claret/types";
import {
  BASE_COLUMNS,
  classifyChanges,
  compareWithClaret,
  comparedColumns,
  recordsToRows,
  startComparison,
  type CellValueType,
  type TableCells,
} from "../../src/sales";
import { belowHeaderRow1 } from "../helpers/cells";
import { saleRecord } from "../helpers/saleRecord";

// A pulled table (the ten base columns, data from row 2) made from records exactly as a pull writes them.
const HEADERS = BASE_COLUMNS.map((c) => c.key);
const col = (name: string) => HEADERS.indexOf(name);

function tableOf(rows: (string | number | null)[][]): TableCells {
  const typeOf = (v: unknown): CellValueType =>
    v === null || v === "" ? "Empty" : typeof v === "number" ? "Double" : "String";
  return {
    headers: HEADERS,
    values: rows,
    types: rows.map((r) => r.map(typeOf)),
    formats: rows.map(() => BASE_COLUMNS.map((c) => c.numberFormat)),
    cellAddress: belowHeaderRow1,
    dateSystem: 1900,
  };
}

const pulled = (records: SaleRecord[]) =>
  recordsToRows(records, BASE_COLUMNS) as (string | number | null)[][];

const A = saleRecord({ id: 1, item_name: "Claret Hill Merlot", quantity: 10 });
const B = saleRecord({ id: 2, item_name: "Seabreeze Albariño", quantity: 20 });
const C = saleRecord({ id: 3, item_name: "117", quantity: 30 });
const LATER = "2026-11-30T09:00:00.123000Z";

function set(
  rows: (string | number | null)[][],
  r: number,
  name: string,
  v: string | number | null
) {
  rows[r][col(name)] = v;
}

test("a table just pulled has nothing to send: every row is unchanged", () => {
  const result = classifyChanges(tableOf(pulled([A, B, C])), [A, B, C]);
  expect(result.changes).toEqual([]);
  expect(result.counts).toMatchObject({ unchanged: 3, changed: 0, conflict: 0, new: 0 });
  expect(result.errors).toEqual([]);
});

test("a quantity edited on a row whose version Claret still has is changed by you, with its content", () => {
  const rows = pulled([A, B]);
  set(rows, 1, "quantity", 25);
  const result = classifyChanges(tableOf(rows), [A, B]);
  expect(result.counts).toMatchObject({ changed: 1, unchanged: 1 });
  expect(result.changes).toEqual([
    expect.objectContaining({
      kind: "changed",
      rowIndex: 1,
      id: 2,
      rowQuantity: 25,
      address: "D3",
      claret: B,
      content: {
        item_name: "Seabreeze Albariño",
        customer_group_name: "Palm Tree Distribution",
        sell_date: "2022-06-01",
        timing_interval_name: "month",
        quantity: 25,
      },
    }),
  ]);
});

test("a quantity edited on a record Claret changed since the pull is a conflict", () => {
  const rows = pulled([A, B]);
  set(rows, 0, "quantity", 11);
  const now = { ...A, quantity: 12, updated_at: LATER };
  const result = classifyChanges(tableOf(rows), [now, B]);
  expect(result.changes).toEqual([
    expect.objectContaining({ kind: "conflict", id: 1, claret: now, rowQuantity: 11 }),
  ]);
});

test("a record Claret changed while the row was left alone is not a change of the planner's: the row differs but is a conflict only when the quantity differs", () => {
  const rows = pulled([A]);
  // Claret wrote the same quantity again (a new version): nothing to send
  const sameQty = classifyChanges(tableOf(rows), [{ ...A, updated_at: LATER }]);
  expect(sameQty.counts).toMatchObject({ unchanged: 1 });
  // Claret holds another quantity now and the row still has the old: a conflict (the planner decides)
  const other = classifyChanges(tableOf(rows), [{ ...A, quantity: 99, updated_at: LATER }]);
  expect(other.changes.map((c) => c.kind)).toEqual(["conflict"]);
});

test("a row without an id but with key fields and quantity is new; an empty row is skipped as blank", () => {
  const rows = pulled([A]);
  rows.push(["", "", "", "", "", "", "", "", "", ""]);
  const fresh = pulled([saleRecord({ item_name: "Claret Hill Malbec", quantity: 7 })])[0];
  fresh[col("id")] = "";
  fresh[col("created_at")] = "";
  fresh[col("updated_at")] = "";
  rows.push(fresh);
  const result = classifyChanges(tableOf(rows), [A]);
  expect(result.blank).toBe(1);
  expect(result.changes).toEqual([
    expect.objectContaining({
      kind: "new",
      rowIndex: 2,
      id: null,
      claret: null,
      content: expect.objectContaining({ item_name: "Claret Hill Malbec", quantity: 7 }),
    }),
  ]);
});

test("a new row missing its quantity keeps Push selection's rule and message, at its cell", () => {
  const rows = pulled([A]);
  const fresh = pulled([saleRecord({ item_name: "Claret Hill Malbec" })])[0];
  fresh[col("id")] = "";
  fresh[col("quantity")] = "";
  rows.push(fresh);
  const result = classifyChanges(tableOf(rows), [A]);
  expect(result.changes[0]).toMatchObject({ kind: "new", content: null });
  expect(result.errors.map((e) => e.message)).toEqual([
    "quantity is empty. Type a number (0 if there were no sales).",
  ]);
  expect(result.rowsWithErrors).toBe(1);
});

test.each([
  ["item_name", "Claret Hill Malbec"],
  ["customer_group_name", "Harbour Wines"],
  ["sell_date", 44743], // 2022-07-01
  ["timing_interval_span", "quarter"],
])(
  "an edited %s is a key change, listed on its own with the new key as content",
  (field, value) => {
    const rows = pulled([A]);
    set(rows, 0, field, value);
    const result = classifyChanges(tableOf(rows), [A]);
    expect(result.changes).toEqual([
      expect.objectContaining({ kind: "keyChanged", id: 1, claret: A }),
    ]);
    expect(result.changes[0].content).not.toBeNull();
  }
);

test("names differing only in case are the same key (Claret compares names ignoring case)", () => {
  const rows = pulled([A]);
  set(rows, 0, "item_name", "claret hill MERLOT");
  expect(classifyChanges(tableOf(rows), [A]).counts.unchanged).toBe(1);
});

test("an item named 117 that Excel turned into the number 117 is still the same key", () => {
  const rows = pulled([C]);
  set(rows, 0, "item_name", 117);
  expect(classifyChanges(tableOf(rows), [C]).counts.unchanged).toBe(1);
});

test("a row whose id Claret no longer returns is gone: listed, nothing to send", () => {
  const rows = pulled([A, B]);
  set(rows, 1, "quantity", 21);
  const result = classifyChanges(tableOf(rows), [A]);
  expect(result.changes).toEqual([
    expect.objectContaining({ kind: "gone", id: 2, claret: null, content: null }),
  ]);
  expect(result.errors).toEqual([]);
});

test("every row lands in exactly one class", () => {
  const recs = [
    A,
    B,
    C,
    saleRecord({ id: 4, item_name: "204" }),
    saleRecord({ id: 5, item_name: "305" }),
  ];
  const rows = pulled(recs);
  set(rows, 0, "quantity", 1); // changed
  set(rows, 1, "quantity", 2); // conflict (below)
  set(rows, 2, "item_name", "118 Reserve"); // key changed
  const fresh = pulled([saleRecord({ item_name: "Claret Hill Malbec" })])[0];
  fresh[col("id")] = "";
  rows.push(fresh); // new
  const now = [A, { ...B, quantity: 3, updated_at: LATER }, C, recs[3]]; // 5 is gone
  const result = classifyChanges(tableOf(rows), now);
  expect(result.changes.map((c) => [c.rowIndex, c.kind])).toEqual([
    [0, "changed"],
    [1, "conflict"],
    [2, "keyChanged"],
    [4, "gone"],
    [5, "new"],
  ]);
  expect(result.counts).toEqual({
    changed: 1,
    conflict: 1,
    keyChanged: 1,
    gone: 1,
    new: 1,
    unchanged: 1,
  });
});

test("a copied row keeps the id of its original: an error at the id cell, nothing guessed", () => {
  const rows = pulled([A]);
  rows.push([...rows[0]]);
  rows[1][col("quantity")] = 50;
  const result = classifyChanges(tableOf(rows), [A]);
  expect(result.errors.map((e) => e.message)).toEqual([
    "this row has the same id (1) as the row at H2. A copied row is a new record: clear its id so it is created, or delete the copy.",
  ]);
});

test("an id cell that is not a whole number is an error at that cell", () => {
  const rows = pulled([A]);
  set(rows, 0, "id", "one");
  expect(classifyChanges(tableOf(rows), [A]).errors[0].message).toMatch(
    /^"one" is not a Claret record id\./
  );
});

test("a new row at a key Claret already holds would overwrite that record: an error naming its row", () => {
  const rows = pulled([A]);
  const copy = [...rows[0]];
  copy[col("id")] = "";
  copy[col("quantity")] = 5;
  rows.push(copy);
  const result = classifyChanges(tableOf(rows), [A]);
  expect(result.errors.map((e) => e.message)).toEqual([
    "Claret already has a record with this item, customer group, sell_date and interval: the record in the row at B2 (id 1). Sending this row would overwrite it; change the quantity there instead, or change this row's key.",
  ]);
  expect(result.changes[0]).toMatchObject({ kind: "new", content: null });
});

test("a decimal quantity on a changed row gets Push selection's warning; unchanged rows get none", () => {
  const rows = pulled([A, B]);
  set(rows, 0, "quantity", 10.5);
  const result = classifyChanges(tableOf(rows), [A, B]);
  expect(result.warnings.map((w) => w.address)).toEqual(["D2"]);
});

test("a table without id or updated_at columns cannot be compared, and says so", () => {
  const table = tableOf(pulled([A]));
  const result = classifyChanges(
    { ...table, headers: HEADERS.map((h) => (h === "id" ? "ref" : h)) },
    [A]
  );
  expect(result.errors[0].message).toMatch(/^The table has no id column/);
  expect(result.changes).toEqual([]);
});

test("a row whose id the records do not hold is gone, with its sell date and sale type for a look-up", () => {
  const rows = pulled([A, B]);
  const comparison = compareWithClaret(tableOf(rows), [A]);
  expect(comparison.unmatched).toEqual([
    { rowIndex: 1, id: 2, sellDate: B.sell_date, saleTypeName: B.sale_type_name },
  ]);
  // with every id found nothing is left to look up
  expect(compareWithClaret(tableOf(rows), [A, B]).unmatched).toEqual([]);
});

test("the comparison looks at the compared columns only: the other cells matter only in the rows it would send", () => {
  const recs = [A, B, C];
  const rows = pulled(recs);
  set(rows, 0, "quantity", 1); // changed
  set(rows, 2, "item_name", "118 Reserve"); // key changed
  const now = [A, { ...B, quantity: 3, updated_at: LATER }, C];
  const compared = comparedColumns(HEADERS);
  expect(compared.map((c) => HEADERS[c]).sort()).toEqual(
    [
      "id",
      "updated_at",
      "sale_type_name",
      "item_name",
      "customer_group_name",
      "sell_date",
      "timing_interval_span",
      "quantity",
    ].sort()
  );
  // every other cell scrambled: the same rows to check, the same look-ups
  const scrambled = rows.map((r) => r.map((v, c) => (compared.includes(c) ? v : "#scrambled")));
  const full = compareWithClaret(tableOf(rows), now);
  const partial = compareWithClaret(tableOf(scrambled), now);
  expect(partial.rowsToCheck).toEqual(full.rowsToCheck);
  expect(partial.unmatched).toEqual(full.unmatched);
  expect(partial.newKeyDates).toEqual(full.newKeyDates);
  expect(full.rowsToCheck).toEqual([0, 1, 2]);
});

test("new and re-keyed rows give their sell dates, so Claret's records at those keys can be looked up", () => {
  const rows = pulled([A, B]);
  set(rows, 1, "sell_date", "2031-03-01");
  rows.push([...rows[0]]);
  set(rows, 2, "id", null);
  set(rows, 2, "sell_date", "2031-04-01");
  expect(compareWithClaret(tableOf(rows), [A, B]).newKeyDates.sort()).toEqual([
    "2031-03-01",
    "2031-04-01",
  ]);
});

describe("a comparison fed page by page", () => {
  // every class at once: changed (A), conflict (B), key changed (C), gone (D), new, unchanged (E)
  const D = saleRecord({ id: 4, item_name: "Gone Grenache", quantity: 40 });
  const E = saleRecord({ id: 5, item_name: "Quiet Syrah", quantity: 50 });
  function everyClass() {
    const rows = pulled([A, B, C, D, E]);
    set(rows, 0, "quantity", 11);
    set(rows, 1, "quantity", 21);
    set(rows, 2, "item_name", "118");
    rows.push(pulled([saleRecord({ id: 9, item_name: "New Rosé", quantity: 7 })])[0]);
    set(rows, 5, "id", null);
    const claret = [A, { ...B, updated_at: LATER }, C, E];
    return { table: tableOf(rows), claret };
  }
  const detail = (t: TableCells) => (r: number) => ({ types: t.types[r], formats: t.formats[r] });

  test("finds what one call over every record finds, whatever the pages and their order", () => {
    const { table, claret } = everyClass();
    const whole = compareWithClaret(table, claret).finish(detail(table));
    expect(whole.changes.map((c) => [c.kind, c.rowIndex])).toEqual([
      ["changed", 0],
      ["conflict", 1],
      ["keyChanged", 2],
      ["gone", 3],
      ["new", 5],
    ]);

    const byPages = startComparison(table);
    byPages.add([claret[3], claret[1]]);
    byPages.add([]);
    byPages.add([claret[2], claret[0]]);
    const paged = byPages.end();
    expect(paged.unmatched.map((u) => u.id)).toEqual([4]);
    expect(paged.finish(detail(table))).toEqual(whole);
  });

  test("forgets what it was given when the drain starts again from its first page", () => {
    const { table, claret } = everyClass();
    const comparison = startComparison(table);
    comparison.add([saleRecord({ ...D, quantity: 99 }), claret[0]]); // a first drain, cut short
    comparison.restart();
    comparison.add(claret);
    const result = comparison.end().finish(detail(table));
    // D was in the first drain only: after the restart it is gone, as in the drain that finished
    expect(result.changes.find((c) => c.id === 4)?.kind).toBe("gone");
    expect(result).toEqual(compareWithClaret(table, claret).finish(detail(table)));
  });

  test("finish called twice gives the same result: the counts are not added again", () => {
    const { table, claret } = everyClass();
    const comparison = compareWithClaret(table, claret);
    const first = comparison.finish(detail(table));
    const expected = structuredClone(first);
    first.changes.forEach((c) => (c.content = null)); // what a caller does to one set stays there
    const second = comparison.finish(detail(table));
    expect(second).toEqual(expected);
    expect(second.counts).toEqual({
      changed: 1,
      conflict: 1,
      keyChanged: 1,
      gone: 1,
      new: 1,
      unchanged: 1,
    });
  });
});
