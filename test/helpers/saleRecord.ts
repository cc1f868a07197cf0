// One sale record as Claret sends it (the API contract's example values), for the pure tests of src/sales.
import type { SaleRecord } from "../../src/claret/types";

export function saleRecord(over: Partial<SaleRecord> = {}): SaleRecord {
  return {
    id: 12334,
    sell_date: "2022-06-01",
    quantity: 196.195,
    created_at: "2021-09-28T16:51:44.000000Z",
    updated_at: "2022-04-15T16:03:35.000000Z",
    item_name: "118",
    customer_group_name: "Palm Tree Distribution",
    timing_interval_span: "month",
    sale_type_name: "Forecast",
    uom_abbr: "9LE",
    ...over,
  };
}
