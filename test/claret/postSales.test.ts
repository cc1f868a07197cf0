// POST /sales over real HTTP: counts on success, every field error kept on 422, at most 1000
// records per batch, retried only after 429.

import {
  ClaretAbortedError,
  ClaretInputError,
  ClaretRateLimitedError,
  ClaretServerError,
  ClaretTimeoutError,
  ClaretValidationError,
  postSales,
  type ClaretSession,
  type PostSalesContent,
  type SaleRecord,
} from "../../src/claret";
import { FAST_RETRY, caught, signIn, startSim, type Sim } from "../helpers/claretClient";

let sim: Sim;
let session: ClaretSession;
let known: SaleRecord;
beforeAll(async () => {
  sim = await startSim(50);
  session = await signIn(sim);
  known = sim.salesOf("History")[0];
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => sim.faults.clear());

const posts = () =>
  sim.requests.filter(
    (r: { method: string; path: string }) => r.method === "POST" && r.path.endsWith("/sales")
  );

function row(over: Partial<PostSalesContent> = {}): PostSalesContent {
  return {
    item_name: known.item_name,
    customer_group_name: known.customer_group_name,
    sell_date: known.sell_date,
    timing_interval_name: known.timing_interval_span,
    quantity: 12.5,
    ...over,
  };
}
const FORECAST = { sale_type_name: "Forecast", create_missing_item_customer_group: 1 } as const;

it("reports how many records Claret created and updated", async () => {
  const first = await postSales(session, FORECAST, [
    row({ sell_date: "2031-01-01" }),
    row({ sell_date: "2031-02-01" }),
  ]);
  const again = await postSales(session, FORECAST, [row({ sell_date: "2031-01-01", quantity: 3 })]);

  expect(first).toEqual({
    message: "Successfully processed 2 Sales records",
    successCount: 2,
    createdCount: 2,
    updatedCount: 0,
  });
  expect(again).toMatchObject({ successCount: 1, createdCount: 0, updatedCount: 1 });
});

it("keeps every field error of a 422, content.N.field keys included", async () => {
  const e = await caught(() =>
    postSales(session, FORECAST, [
      row(),
      row({ quantity: Number.NaN }),
      row({ timing_interval_name: "fortnight" }),
      row({ item_name: "No Such Wine" }),
    ])
  );

  expect(e).toBeInstanceOf(ClaretValidationError);
  const v = e as ClaretValidationError;
  expect(Object.keys(v.fieldErrors).sort()).toEqual([
    "content.1.quantity",
    "content.2.timing_interval_name",
    "content.3.item_name",
  ]);
  expect(v.userMessage).toMatch(/^Claret refused the request\. Row 2 of the batch, quantity: /);
  expect(v.mayHaveWritten).toBe(false);
});

it("names the sale type when Claret does not know it", async () => {
  const e = await caught(() =>
    postSales(session, { sale_type_name: "Nope", create_missing_item_customer_group: 0 }, [row()])
  );

  expect(e).toBeInstanceOf(ClaretValidationError);
  expect(Object.keys((e as ClaretValidationError).fieldErrors)).toContain(
    "arguments.sale_type_name"
  );
  expect((e as ClaretValidationError).userMessage).toMatch(/Sale type: /);
});

it("refuses more than 1000 records before sending anything", async () => {
  const before = sim.requests.length;
  const e = await caught(() =>
    postSales(
      session,
      FORECAST,
      Array.from({ length: 1001 }, () => row())
    )
  );

  expect(e).toBeInstanceOf(ClaretInputError);
  expect((e as ClaretInputError).userMessage).toBe(
    "A push sends at most 1000 rows at a time; this batch has 1001. Split it into batches of 1000."
  );
  expect(sim.requests.length).toBe(before);
});

it("sends a batch of exactly 1000 records", async () => {
  const rows = Array.from({ length: 1000 }, (_, i) =>
    row({ sell_date: `${2040 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}-01` })
  );
  const r = await postSales(session, FORECAST, rows);

  expect(r.successCount).toBe(1000);
});

it("retries after a 429 and writes the batch once", async () => {
  sim.faults.add({
    route: "POST /sales",
    onRequests: [1],
    fault: { kind: "status", status: 429, retryAfter: "0" },
  });
  const before = posts().length;
  const r = await postSales(session, FORECAST, [row({ sell_date: "2032-05-01" })], {
    retry: FAST_RETRY,
  });

  expect(r).toMatchObject({ successCount: 1, createdCount: 1 });
  expect(posts().length - before).toBe(2);
});

it("does not retry a 503 and says the outcome is unknown", async () => {
  sim.faults.add({ route: "POST /sales", onRequests: [1], fault: { kind: "status", status: 503 } });
  const before = posts().length;
  const e = await caught(() => postSales(session, FORECAST, [row()], { retry: FAST_RETRY }));

  expect(e).toBeInstanceOf(ClaretServerError);
  expect((e as ClaretServerError).mayHaveWritten).toBe(true);
  expect((e as ClaretServerError).userMessage).toMatch(
    /HTTP 503.*It is not known whether Claret saved these rows/
  );
  expect(posts().length - before).toBe(1);
});

it("does not retry after a timeout and says the outcome is unknown", async () => {
  sim.faults.add({ route: "POST /sales", onRequests: [1], fault: { kind: "hang" } });
  const before = posts().length;
  const e = await caught(() =>
    postSales(session, FORECAST, [row()], { retry: FAST_RETRY, timeoutMs: 200 })
  );

  expect(e).toBeInstanceOf(ClaretTimeoutError);
  expect((e as ClaretTimeoutError).mayHaveWritten).toBe(true);
  expect(posts().length - before).toBe(1);
});

it("stops when the caller aborts while Claret has not answered, and says the outcome is unknown", async () => {
  sim.faults.add({ route: "POST /sales", onRequests: [1], fault: { kind: "hang" } });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const e = await caught(() =>
    postSales(session, FORECAST, [row()], { signal: controller.signal, retry: FAST_RETRY })
  );

  expect(e).toBeInstanceOf(ClaretAbortedError);
  expect((e as ClaretAbortedError).mayHaveWritten).toBe(true); // settled although Claret never answers
});

it("reports rate limiting when every attempt gets 429", async () => {
  sim.faults.add({ route: "POST /sales", fault: { kind: "status", status: 429, retryAfter: "0" } });
  const e = await caught(() => postSales(session, FORECAST, [row()], { retry: FAST_RETRY }));

  expect(e).toBeInstanceOf(ClaretRateLimitedError);
  expect((e as ClaretRateLimitedError).mayHaveWritten).toBe(false);
});

it("writes the posted record where a pull of Forecast finds it", async () => {
  await postSales(session, FORECAST, [row({ sell_date: "2033-01-01", quantity: 77.25 })]);
  const stored = sim
    .salesOf("Forecast")
    .filter(
      (r: SaleRecord) =>
        r.sell_date === "2033-01-01" &&
        r.item_name === known.item_name &&
        r.customer_group_name === known.customer_group_name
    );

  expect(stored.map((r: SaleRecord) => r.quantity)).toEqual([77.25]);
});
