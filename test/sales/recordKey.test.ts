import { recordKey, recordKeyString } from "../../src/sales";
import { saleRecord } from "../helpers/saleRecord";

describe("the record key", () => {
  const record = saleRecord(); // 118 @ Palm Tree Distribution, 2022-06-01, month
  const content = {
    item_name: "118",
    customer_group_name: "Palm Tree Distribution",
    sell_date: "2022-06-01",
    timing_interval_name: "month",
    quantity: 5,
  };

  test("a Claret record and what is sent for it have the same key", () => {
    expect(recordKey(record)).toEqual(recordKey(content));
    expect(recordKeyString(record)).toBe(recordKeyString(content));
  });

  test("the key keeps the names as they read and nothing else of its source", () =>
    expect(recordKey({ ...content, item_name: " 118 " })).toEqual({
      item_name: " 118 ",
      customer_group_name: "Palm Tree Distribution",
      sell_date: "2022-06-01",
      timing_interval_name: "month",
    }));

  test("names are compared ignoring case and surrounding blanks, as Claret compares them", () =>
    expect(
      recordKeyString({
        ...content,
        item_name: " 118",
        customer_group_name: "palm tree DISTRIBUTION  ",
        timing_interval_name: "Month",
      })
    ).toBe(recordKeyString(record)));

  test.each([
    ["item_name", "119"],
    ["customer_group_name", "Palm Tree"],
    ["sell_date", "2022-07-01"],
    ["timing_interval_name", "week"],
  ])("another %s is another record", (field, value) =>
    expect(recordKeyString({ ...content, [field]: value })).not.toBe(recordKeyString(record))
  );
});
