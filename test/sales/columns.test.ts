import type { SaleRecord } from "../../src/claret/types";
import { BASE_COLUMNS, ColumnLayout } from "../../src/sales";
import { saleRecord } from "../helpers/saleRecord";

const base = (id: number, extra: Record<string, string | null> = {}): SaleRecord =>
  saleRecord({ id, ...extra });

describe("column layout", () => {
  test("the ten base columns come first in the documented order", () =>
    expect(BASE_COLUMNS.map((c) => c.key)).toEqual([
      "sell_date",
      "item_name",
      "customer_group_name",
      "quantity",
      "uom_abbr",
      "timing_interval_span",
      "sale_type_name",
      "id",
      "created_at",
      "updated_at",
    ]));

  test("each base column has the kind and number format its values need", () =>
    expect(
      Object.fromEntries(BASE_COLUMNS.map((c) => [c.key, `${c.kind} ${c.numberFormat}`]))
    ).toEqual({
      sell_date: "date yyyy-mm-dd",
      item_name: "text @",
      customer_group_name: "text @",
      quantity: "number General",
      uom_abbr: "text @",
      timing_interval_span: "text @",
      sale_type_name: "text @",
      id: "integer 0",
      created_at: "datetime yyyy-mm-dd hh:mm:ss",
      updated_at: "datetime yyyy-mm-dd hh:mm:ss",
    }));

  test("records without hierarchy keys add no columns", () => {
    const layout = new ColumnLayout();
    expect(layout.observe([base(1), base(2)])).toEqual([]);
    expect(layout.length).toBe(10);
  });

  test("hierarchy keys follow the base columns in first-seen order, as text columns", () => {
    const layout = new ColumnLayout();
    const added = layout.observe([
      base(1, { item_brand: "B" }),
      base(2, { item_brand_group: "G", item_brand: "B", customer_group_state: "CA" }),
    ]);
    expect(added.map((c) => `${c.key} ${c.kind} ${c.numberFormat}`)).toEqual([
      "item_brand text @",
      "item_brand_group text @",
      "customer_group_state text @",
    ]);
    expect(layout.keys.slice(10)).toEqual([
      "item_brand",
      "item_brand_group",
      "customer_group_state",
    ]);
  });

  test("a later page that brings a new key returns only that key and appends it", () => {
    const layout = new ColumnLayout();
    layout.observe([base(1, { item_brand: "B" })]);
    const added = layout.observe([base(2, { item_brand: "B", customer_group_division: "West" })]);
    expect(added.map((c) => c.key)).toEqual(["customer_group_division"]);
    expect(layout.keys.slice(10)).toEqual(["item_brand", "customer_group_division"]);
  });

  test("a layout started from stored headers keeps their order and adds only unseen keys", () => {
    const layout = new ColumnLayout(["sell_date", "item_brand", "customer_group_state"]);
    expect(layout.observe([base(1, { customer_group_state: "CA", item_brand: "B" })])).toEqual([]);
    expect(layout.keys.slice(10)).toEqual(["item_brand", "customer_group_state"]);
  });
});
