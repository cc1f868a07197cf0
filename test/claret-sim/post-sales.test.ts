import { startSimulator, type Simulator } from "../../dev/claret-sim";
import { apiUrl, getSales, postSales } from "./http";

let sim: Simulator;
let token: string;
beforeEach(async () => {
  sim = await startSimulator({ records: 50 });
  token = sim.issueToken();
});
afterEach(() => sim.close());

const row = (over: Record<string, unknown> = {}) => ({
  item_name: "Claret Hill Merlot",
  customer_group_name: "Palm Tree Distribution",
  sell_date: "2026-03-01",
  timing_interval_name: "month",
  quantity: 196,
  ...over,
});
const body = (content: unknown[], args: Record<string, unknown> = {}) => ({
  arguments: { sale_type_name: "Forecast", create_missing_item_customer_group: 1, ...args },
  content,
});
const forecastIn2026 = () =>
  getSales(sim, token, { sale_type_name: "Forecast", start_date: "2026-01-01", duration: 364 });

test("a new record is created and then read back by GET with its values", async () => {
  const res = await postSales(sim, token, body([row({ quantity: 196.195 })]));
  expect(res).toEqual({
    status: 200,
    body: {
      success_message: "Successfully processed 1 Sales records",
      created_count: 1,
      updated_count: 0,
      success_count: 1,
    },
  });
  const { body: page } = await forecastIn2026();
  expect(page.sales).toHaveLength(1);
  expect(page.sales[0]).toMatchObject({
    item_name: "Claret Hill Merlot",
    customer_group_name: "Palm Tree Distribution",
    sell_date: "2026-03-01",
    timing_interval_span: "month",
    sale_type_name: "Forecast",
    quantity: 196.195,
    uom_abbr: "9LE",
  });
});

test("posting the same natural key twice updates the one record and never duplicates it", async () => {
  await postSales(sim, token, body([row({ quantity: 1 })]));
  const second = await postSales(sim, token, body([row({ quantity: 2 })]));
  expect(second.body).toMatchObject({ created_count: 0, updated_count: 1, success_count: 1 });
  const { body: page } = await forecastIn2026();
  expect(page.sales).toHaveLength(1);
  expect(page.sales[0].quantity).toBe(2);
});

test("an upsert changes an existing seeded record in place, keeping its id", async () => {
  const before = sim.salesOf("History")[0];
  const res = await postSales(sim, token, {
    arguments: { sale_type_name: "History" },
    content: [
      row({
        item_name: before.item_name,
        customer_group_name: before.customer_group_name,
        sell_date: before.sell_date,
        quantity: -3.5,
      }),
    ],
  });
  expect(res.body).toMatchObject({ updated_count: 1, created_count: 0 });
  const after = sim.salesOf("History");
  expect(after).toHaveLength(50);
  expect(after[0]).toMatchObject({ id: before.id, quantity: -3.5 });
});

test("a batch with one bad record writes nothing and names the record and field as content.N.field", async () => {
  const res = await postSales(
    sim,
    token,
    body([
      row({ sell_date: "2026-01-01" }),
      row({ sell_date: "2026-02-01" }),
      row({ sell_date: "2026-03-01", quantity: "lots" }),
    ])
  );
  expect(res.status).toBe(422);
  expect(res.body).toEqual({
    message: "The content.2.quantity field must be a number.",
    errors: { "content.2.quantity": ["The content.2.quantity field must be a number."] },
  });
  expect((await forecastIn2026()).body.total).toBe(0);
});

test.each([
  ["a string quantity", "content.0.quantity", { quantity: "3" }],
  ["a null quantity", "content.0.quantity", { quantity: null }],
  [
    "a timing interval outside day|week|month|quarter|year",
    "content.0.timing_interval_name",
    { timing_interval_name: "fortnight" },
  ],
  ["a sell_date that is not a date", "content.0.sell_date", { sell_date: "2026-02-30" }],
  ["an item name that is a number", "content.0.item_name", { item_name: 117 }],
  ["an unknown item", "content.0.item_name", { item_name: "No Such Wine" }],
  [
    "an unknown customer group",
    "content.0.customer_group_name",
    { customer_group_name: "Nobody Ltd" },
  ],
])("%s is refused with a 422 on %s", async (_what, key, over) => {
  const res = await postSales(sim, token, body([row(over)]));
  expect(res.status).toBe(422);
  expect(Object.keys(res.body.errors)).toEqual([key]);
});

test("a missing field is reported as required", async () => {
  const { item_name: _drop, ...rest } = row();
  const res = await postSales(sim, token, body([rest]));
  expect(res.body.errors).toEqual({
    "content.0.item_name": ["The content.0.item name field is required."],
  });
});

test("quantities may be any finite number: decimal, negative, zero", async () => {
  const res = await postSales(
    sim,
    token,
    body([
      row({ sell_date: "2026-01-01", quantity: 0.001 }),
      row({ sell_date: "2026-02-01", quantity: -12 }),
      row({ sell_date: "2026-03-01", quantity: 0 }),
    ])
  );
  expect(res.status).toBe(200);
  expect((await forecastIn2026()).body.sales.map((r) => r.quantity)).toEqual([0.001, -12, 0]);
});

test("more than 1000 records is a 422 on content and writes nothing", async () => {
  const content = Array.from({ length: 1001 }, (_, i) =>
    row({
      sell_date: `2026-01-01`,
      timing_interval_name: "day",
      item_name: "Claret Hill Merlot",
      quantity: i,
    })
  );
  const res = await postSales(sim, token, body(content));
  expect(res.status).toBe(422);
  expect(Object.keys(res.body.errors)).toEqual(["content"]);
  expect(res.body.errors.content[0]).toMatch(/must not have more than 1000 items/);
  expect((await forecastIn2026()).body.total).toBe(0);
});

test("exactly 1000 records in one request are accepted", async () => {
  const start = Date.parse("2026-01-01T00:00:00Z");
  const content = Array.from({ length: 1000 }, (_, i) =>
    row({
      timing_interval_name: "day",
      sell_date: new Date(start + i * 86_400_000).toISOString().slice(0, 10),
    })
  );
  const res = await postSales(sim, token, body(content));
  expect(res.body).toMatchObject({ success_count: 1000, created_count: 1000 });
});

test("an empty content array is refused as required", async () => {
  const res = await postSales(sim, token, body([]));
  expect(res.body.errors).toEqual({ content: ["The content field is required."] });
});

test("an unknown sale type in arguments is a 422 on arguments.sale_type_name", async () => {
  const res = await postSales(sim, token, body([row()], { sale_type_name: "Forecast FY" }));
  expect(res.status).toBe(422);
  expect(Object.keys(res.body.errors)).toEqual(["arguments.sale_type_name"]);
});

test("a known item and customer group without a link are refused unless create_missing_item_customer_group is 1", async () => {
  const pair = sim.findUnlinkedPair();
  const refused = await postSales(
    sim,
    token,
    body([row(pair)], { create_missing_item_customer_group: 0 })
  );
  expect(refused.status).toBe(422);
  expect(refused.body.errors["content.0.item_name"][0]).toMatch(
    /not linked.*create_missing_item_customer_group/
  );
  const created = await postSales(
    sim,
    token,
    body([row(pair)], { create_missing_item_customer_group: 1 })
  );
  expect(created.body).toMatchObject({ created_count: 1 });
  // the link now exists, so the flag is no longer needed
  const again = await postSales(
    sim,
    token,
    body([row({ ...pair, sell_date: "2026-04-01" })], { create_missing_item_customer_group: 0 })
  );
  expect(again.status).toBe(200);
});

test("an unknown item is refused even with create_missing_item_customer_group 1", async () => {
  const res = await postSales(
    sim,
    token,
    body([row({ item_name: "Brand New Wine" })], { create_missing_item_customer_group: 1 })
  );
  expect(res.status).toBe(422);
  expect(res.body.errors["content.0.item_name"][0]).toContain("Brand New Wine");
});

test("a body sent without Content-Type: application/json is read as no input, as Laravel does", async () => {
  const res = await fetch(apiUrl(sim, "sales"), {
    method: "POST",
    headers: {
      Authorization: `Bearer ${token}`,
      "X-Requested-With": "XMLHttpRequest",
      "Content-Type": "text/plain",
    },
    body: JSON.stringify(body([row()])),
  });
  expect(res.status).toBe(422);
  expect(Object.keys((await res.json()).errors)).toEqual(["arguments", "content"]);
});

test("a POST without a token is refused with 401 and writes nothing", async () => {
  const res = await fetch(apiUrl(sim, "sales"), {
    method: "POST",
    headers: { "X-Requested-With": "XMLHttpRequest", "Content-Type": "application/json" },
    body: JSON.stringify(body([row()])),
  });
  expect(res.status).toBe(401);
  expect((await forecastIn2026()).body.total).toBe(0);
});

test("records seeded with odd names, such as formulas and leading zeros, come back verbatim", async () => {
  const names = ['=HYPERLINK("http://x","y")', "+1", "-3", "@SUM(A1)", "0117", "1-2"];
  const stored = sim.insertRecords(
    "Forecast",
    names.map((item_name, i) => ({
      item_name,
      customer_group_name: "Palm Tree Distribution",
      sell_date: `2026-0${i + 1}-01`,
      quantity: i,
    }))
  );
  expect(stored.map((r) => r.id).every((id, i, a) => i === 0 || id > a[i - 1])).toBe(true);
  expect((await forecastIn2026()).body.sales.map((r) => r.item_name)).toEqual(names);
});

describe("updated_at, the version a client compares (claret-api.md §3)", () => {
  const historyRow = (rec: { item_name: string; customer_group_name: string; sell_date: string }) =>
    row({
      item_name: rec.item_name,
      customer_group_name: rec.customer_group_name,
      sell_date: rec.sell_date,
    });
  const post = (content: unknown[]) =>
    postSales(sim, token, { arguments: { sale_type_name: "History" }, content });

  test("an update that changes the quantity sets updated_at to the time of the write and keeps id and created_at", async () => {
    const before = sim.salesOf("History")[3];
    const sentAt = Date.now();
    await post([{ ...historyRow(before), quantity: before.quantity + 1 }]);
    const after = sim.salesOf("History")[3];
    expect(after).toMatchObject({ id: before.id, created_at: before.created_at });
    expect(after.updated_at).not.toBe(before.updated_at);
    expect(Date.parse(after.updated_at!)).toBeGreaterThanOrEqual(sentAt - 1);
    expect(after.updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  });

  test("an update that sends the same quantity leaves updated_at as it was", async () => {
    const before = sim.salesOf("History")[4];
    const res = await post([{ ...historyRow(before), quantity: before.quantity }]);
    expect(res.body).toMatchObject({ updated_count: 1, success_count: 1 });
    expect(sim.salesOf("History")[4]).toEqual(before);
  });

  test("two writes to one record, however close, give two different updated_at, the later one later", async () => {
    const rec = sim.salesOf("History")[5];
    await post([{ ...historyRow(rec), quantity: 1 }]);
    const first = sim.salesOf("History")[5].updated_at!;
    await post([{ ...historyRow(rec), quantity: 2 }]);
    const second = sim.salesOf("History")[5].updated_at!;
    expect(Date.parse(second)).toBeGreaterThan(Date.parse(first));
  });

  test("a create sets created_at and updated_at to the write time and takes a new id above every other", async () => {
    const maxId = Math.max(...sim.salesOf("History").map((r) => r.id));
    await post([row({ sell_date: "2024-12-01", quantity: 5 })]);
    const created = sim.salesOf("History").find((r) => r.id > maxId)!;
    expect(created).toMatchObject({ sell_date: "2024-12-01", quantity: 5 });
    expect(created.created_at).toBe(created.updated_at);
  });
});
