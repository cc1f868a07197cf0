import type { SaleRecord } from "../../src/claret/types";
import { ColumnLayout, isoDateTimeToSerial, recordsToRows } from "../../src/sales";
import { saleRecord } from "../helpers/saleRecord";

function rowOf(r: SaleRecord, layout = new ColumnLayout()) {
  layout.observe([r]);
  const [row] = recordsToRows([r], layout, 1900);
  return Object.fromEntries(layout.keys.map((k, i) => [k, row[i]]));
}

describe("records to rows", () => {
  test("Claret's documented record becomes a row of serials, numbers and strings", () =>
    expect(rowOf(saleRecord())).toEqual({
      sell_date: 44713,
      item_name: "118",
      customer_group_name: "Palm Tree Distribution",
      quantity: 196.195,
      uom_abbr: "9LE",
      timing_interval_span: "month",
      sale_type_name: "Forecast",
      id: 12334,
      created_at: isoDateTimeToSerial("2021-09-28T16:51:44.000000Z"),
      updated_at: isoDateTimeToSerial("2022-04-15T16:03:35.000000Z"),
    }));

  test("null timestamps and a null uom_abbr become empty cells, every other value unchanged", () =>
    expect(rowOf(saleRecord({ created_at: null, updated_at: null, uom_abbr: null }))).toEqual({
      sell_date: 44713,
      item_name: "118",
      customer_group_name: "Palm Tree Distribution",
      quantity: 196.195,
      uom_abbr: "",
      timing_interval_span: "month",
      sale_type_name: "Forecast",
      id: 12334,
      created_at: "",
      updated_at: "",
    }));

  test("sell_date follows the workbook date system", () => {
    const layout = new ColumnLayout();
    expect(recordsToRows([saleRecord()], layout, 1904)[0][0]).toBe(44713 - 1462);
  });

  test.each(["117", "0117", '=HYPERLINK("http://x","y")', "+1", "-3", "@SUM(A1)", "1-2"])(
    "item name %j stays that literal string",
    (name) => expect(rowOf(saleRecord({ item_name: name })).item_name).toBe(name)
  );

  test("a record lacking a hierarchy key of the layout gets an empty cell", () => {
    const layout = new ColumnLayout();
    layout.observe([saleRecord({ item_brand_group: "Reds", item_brand: "Claret Hill" })]);
    const rows = recordsToRows(
      [saleRecord({ item_brand: "Solo" }), saleRecord({ item_brand_group: null })],
      layout,
      1900
    );
    expect(rows.map((r) => r.slice(10))).toEqual([
      ["", "Solo"],
      ["", ""],
    ]);
  });

  test("every row is as wide as the layout", () => {
    const layout = new ColumnLayout();
    layout.observe([saleRecord({ a: "x", b: "y" })]);
    expect(
      recordsToRows([saleRecord(), saleRecord({ a: "x" })], layout, 1900).map((r) => r.length)
    ).toEqual([12, 12]);
  });

  test("a malformed date is written as it came rather than lost", () =>
    expect(rowOf(saleRecord({ sell_date: "2022-02-30" })).sell_date).toBe("2022-02-30"));
});
