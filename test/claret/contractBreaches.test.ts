// Answers whose shape breaks the API contract in ways the simulator cannot produce (it only stores
// valid records): unreadable records and envelopes, and the tolerated variations (numeric strings,
// unknown keys). A tiny real HTTP server on loopback plays a scripted Claret: real fetch, real
// sockets, only the answers are fixed. Cursor and count breaches run against the simulator's fault
// knobs in faults.test.ts.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ClaretProtocolError, type ClaretSession } from "../../src/claret";
import { ALL_HISTORY, caught, drain } from "../helpers/claretClient";

let server: Server;
let session: ClaretSession;
/** the answer to every request (each test drains a single page) */
let answer: unknown;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify(answer));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  session = {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tenant: "demo",
    token: "1|t",
  };
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

function record(id: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    sell_date: "2022-06-01",
    quantity: 196.195,
    created_at: "2021-09-28T16:51:44.000000Z",
    updated_at: "2022-04-15T16:03:35.000000Z",
    item_name: "118",
    customer_group_name: "Palm Tree Distribution",
    timing_interval_span: "month",
    sale_type_name: "Forecast",
    uom_abbr: "9LE",
    ...extra,
  };
}
const page = (sales: unknown[], total: number, next_index: number | null) => ({
  sales,
  total,
  next_index,
});

it("names the record and field of a quantity that is not a number", async () => {
  answer = page([record(1), record(2, { quantity: "lots" })], 2, null);
  const e = await caught(() => drain(session));

  expect((e as ClaretProtocolError).userMessage).toMatch(
    /record 2 of the page \(id 2\) has no number in "quantity"/
  );
});

it("names the key of an envelope without total", async () => {
  answer = { sales: [], next_index: null };
  const e = await caught(() => drain(session));

  expect((e as ClaretProtocolError).userMessage).toMatch(
    /a page of sales that could not be read: "total" is missing or has the wrong type/
  );
});

it("keeps unknown keys and reads a numeric-string quantity and a numeric item name", async () => {
  answer = page(
    [
      record(1, {
        quantity: "12.50",
        item_name: 118,
        item_brand: "Claret Hill",
        customer_group_state: null,
      }),
    ],
    1,
    null
  );
  const { records } = await drain(session, ALL_HISTORY);

  expect(records[0]).toMatchObject({
    quantity: 12.5,
    item_name: "118",
    item_brand: "Claret Hill",
    customer_group_state: null,
  });
});

it("refuses a hierarchy value that is an object", async () => {
  answer = page([record(1, { item_brand: { name: "x" } })], 1, null);
  const e = await caught(() => drain(session));

  expect((e as ClaretProtocolError).userMessage).toMatch(
    /neither text, a number nor empty in "item_brand"/
  );
});
