// The Claret client through the production host, as the pane uses it when the host serves it: sign in,
// pull every page of 2,222 records, push the largest batch Claret takes (1000 records).
import { createToken, postSales, salesPages, type SaleRecord } from "../../src/claret";
import { ALL_HISTORY } from "../helpers/simulator";
import { startSimBehindHost, type SimBehindHost } from "./helpers";

let t: SimBehindHost;
beforeAll(async () => {
  t = await startSimBehindHost({ records: 2222 });
});
afterAll(() => t.close());

it("signs in, pulls 2,222 records and pushes 1000 through /claret", async () => {
  const endpoint = { baseUrl: t.host.claretBase, tenant: t.sim.tenant };
  const session = await createToken(endpoint, t.sim.email, t.sim.password);

  const records: SaleRecord[] = [];
  for await (const page of salesPages(session, ALL_HISTORY)) records.push(...page.records);
  expect(records).toHaveLength(2222);
  expect(records).toEqual(t.sim.salesOf("History"));

  const content = records.slice(0, 1000).map((r) => ({
    item_name: r.item_name,
    customer_group_name: r.customer_group_name,
    sell_date: r.sell_date,
    timing_interval_name: r.timing_interval_span,
    quantity: r.quantity + 1,
  }));
  const result = await postSales(
    session,
    { sale_type_name: "History", create_missing_item_customer_group: 0 },
    content
  );
  expect(result).toMatchObject({ successCount: 1000, createdCount: 0, updatedCount: 1000 });
  expect(t.sim.salesOf("History")[999].quantity).toBe(records[999].quantity + 1);

  // every request went through the host to the same paths on the simulator
  const paths = new Set(t.sim.requests.map((r) => `${r.method} ${r.path}`));
  expect(paths).toEqual(
    new Set([
      "POST /demo/api/v1/tokens/create",
      "GET /demo/api/v1/sales",
      "POST /demo/api/v1/sales",
    ])
  );
});
