import { parseFaultSpec, startSimulator, type Simulator } from "../../dev/claret-sim";
import { ALL_HISTORY, apiUrl, authHeaders, drain, getSales, postSales, XHR } from "./http";

let sim: Simulator;
let token: string;
beforeEach(async () => {
  sim = await startSimulator({ records: 2222 });
  token = sim.issueToken();
});
afterEach(() => sim.close());

const get = (
  query: Record<string, string | number> = ALL_HISTORY,
  t = token,
  init: RequestInit = {}
) => fetch(apiUrl(sim, "sales", query), { headers: authHeaders(t), ...init });
const elapsed = async (f: () => Promise<unknown>) => {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
};

test("setLatency adds that delay to every request", async () => {
  sim.setLatency(200);
  const slow = await elapsed(() => get());
  // a lower bound only: the delay is the simulator's to add; how fast the rest goes is the machine's
  expect(slow).toBeGreaterThanOrEqual(195);
});

test("a latency fault delays only the requests it names", async () => {
  const rule = sim.faults.add({
    route: "GET /sales",
    onRequests: [2],
    fault: { kind: "latency", ms: 250 },
  });
  await get();
  expect([rule.seen, rule.fired]).toEqual([1, 0]);
  expect(await elapsed(() => get())).toBeGreaterThanOrEqual(245);
  expect([rule.seen, rule.fired]).toEqual([2, 1]);
  await get();
  // which requests were delayed is counted by the rule, not timed (a busy machine makes any request slow)
  expect([rule.seen, rule.fired]).toEqual([3, 1]);
});

test("a 429 fault answers 429 with the Retry-After given, in seconds or as an HTTP date", async () => {
  const date = "Wed, 21 Oct 2037 07:28:00 GMT";
  sim.faults.add({
    route: "GET /sales",
    onRequests: [1],
    fault: { kind: "status", status: 429, retryAfter: "2" },
  });
  sim.faults.add({
    route: "GET /sales",
    onRequests: [2],
    fault: { kind: "status", status: 429, retryAfter: date },
  });
  const first = await get();
  const second = await get();
  expect([first.status, first.headers.get("retry-after")]).toEqual([429, "2"]);
  expect([second.status, second.headers.get("retry-after")]).toEqual([429, date]);
  expect((await get()).status).toBe(200);
});

test.each([408, 500, 503] as const)(
  "a %i fault answers that status with a JSON message",
  async (status) => {
    sim.faults.add({ route: "GET /sales", onRequests: [1], fault: { kind: "status", status } });
    const res = await get();
    expect(res.status).toBe(status);
    expect(typeof (await res.json()).message).toBe("string");
  }
);

test.each([502, 504] as const)(
  "a %i fault answers as a gateway would, with an HTML body",
  async (status) => {
    sim.faults.add({ route: "GET /sales", onRequests: [1], fault: { kind: "status", status } });
    const res = await get();
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  }
);

test("fromRequest with times fires on that many requests from the K-th on, then stops", async () => {
  sim.faults.add({
    route: "GET /sales",
    fromRequest: 2,
    times: 2,
    fault: { kind: "status", status: 500 },
  });
  const statuses = [];
  for (let i = 0; i < 5; i++) statuses.push((await get()).status);
  expect(statuses).toEqual([200, 500, 500, 200, 200]);
});

test('a fault on one route leaves the others alone, and "*" counts every route', async () => {
  sim.faults.add({ route: "POST /sales", onRequests: [1], fault: { kind: "status", status: 503 } });
  const any = sim.faults.add({
    route: "*",
    onRequests: [3],
    fault: { kind: "status", status: 500 },
  });
  expect((await get()).status).toBe(200);
  const res = await fetch(
    apiUrl(sim, "tokens/create", { email: sim.email, password: sim.password }),
    { method: "POST", headers: XHR }
  );
  expect(res.status).toBe(200);
  expect((await get()).status).toBe(500);
  expect(any.fired).toBe(1);
});

test("a status fault on POST /sales writes nothing", async () => {
  sim.faults.add({ route: "POST /sales", onRequests: [1], fault: { kind: "status", status: 500 } });
  const content = [
    {
      item_name: "Claret Hill Merlot",
      customer_group_name: "Palm Tree Distribution",
      sell_date: "2030-01-01",
      timing_interval_name: "month",
      quantity: 1,
    },
  ];
  const res = await postSales(sim, token, {
    arguments: { sale_type_name: "History", create_missing_item_customer_group: 1 },
    content,
  });
  expect(res.status).toBe(500);
  expect(sim.salesOf("History").filter((r) => r.sell_date === "2030-01-01")).toHaveLength(0);
});

test("faults.clear() removes every rule", async () => {
  sim.faults.add({ route: "*", fault: { kind: "status", status: 503 } });
  expect((await get()).status).toBe(503);
  sim.faults.clear();
  expect((await get()).status).toBe(200);
});

test("reset-mid-body sends the head and part of the body, then cuts the connection", async () => {
  sim.faults.add({ route: "GET /sales", onRequests: [1], fault: { kind: "reset-mid-body" } });
  const res = await get();
  expect(res.status).toBe(200);
  // the connection ends before the body does: fetch's own error for a socket cut mid-body
  await expect(res.text()).rejects.toMatchObject({
    message: "terminated",
    cause: expect.objectContaining({ code: "UND_ERR_SOCKET" }),
  });
  expect((await get()).status).toBe(200);
});

test("malformed-json answers 200 with a JSON content type and a body that does not parse", async () => {
  sim.faults.add({ route: "GET /sales", onRequests: [1], fault: { kind: "malformed-json" } });
  const res = await get();
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/json");
  await expect(res.json()).rejects.toThrow(/JSON/);
});

test("token-expired from request K on fails that token with 401 until a new token is issued, which then works", async () => {
  sim.faults.add({ route: "GET /sales", fromRequest: 2, fault: { kind: "token-expired" } });
  const page1 = await getSales(sim, token, ALL_HISTORY);
  expect(page1.status).toBe(200);
  const page2 = { ...ALL_HISTORY, current_index: Number(page1.body.next_index) };
  expect(await getSales(sim, token, page2)).toEqual({
    status: 401,
    body: { message: "Unauthenticated." },
  });
  expect((await getSales(sim, token, page2)).status).toBe(401);
  const fresh = await fetch(
    apiUrl(sim, "tokens/create", { email: sim.email, password: sim.password }),
    { method: "POST", headers: XHR }
  );
  const resumed = await getSales(sim, (await fresh.json()).token, page2);
  expect(resumed.status).toBe(200);
  expect(resumed.body.from).toBe(1001);
});

test("token-expired answers 302 to the login page when the request lacks X-Requested-With", async () => {
  sim.faults.add({ route: "GET /sales", onRequests: [1], fault: { kind: "token-expired" } });
  const res = await fetch(apiUrl(sim, "sales", ALL_HISTORY), {
    headers: { Authorization: `Bearer ${token}` },
    redirect: "manual",
  });
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toBe("/demo/login");
});

test("repeat-cursor makes next_index repeat the current_index asked with", async () => {
  const first = await getSales(sim, token, ALL_HISTORY);
  sim.faults.add({ route: "GET /sales", onRequests: [1], fault: { kind: "repeat-cursor" } });
  const second = await getSales(sim, token, {
    ...ALL_HISTORY,
    current_index: Number(first.body.next_index),
  });
  expect(second.body.current_index).toBe(first.body.next_index);
  expect(second.body.next_index).toBe(first.body.next_index);
  expect(second.body.sales).toHaveLength(1000);
});

test("cursor-backwards makes next_index point behind the current_index asked with", async () => {
  const first = await getSales(sim, token, ALL_HISTORY);
  sim.faults.add({ route: "GET /sales", onRequests: [1], fault: { kind: "cursor-backwards" } });
  const cursor = Number(first.body.next_index);
  const second = await getSales(sim, token, { ...ALL_HISTORY, current_index: cursor });
  expect(second.body.next_index).toBe(cursor - 1);
  expect(second.body.sales).toHaveLength(1000);
});

test("empty-page-with-next answers a page without records whose next_index is not null", async () => {
  sim.faults.add({ route: "GET /sales", onRequests: [1], fault: { kind: "empty-page-with-next" } });
  const { status, body } = await getSales(sim, token, ALL_HISTORY);
  expect(status).toBe(200);
  expect(body).toMatchObject({ sales: [], success_count: 0, total: 2222 });
  expect(body.next_index).toEqual(expect.any(Number));
});

test("empty-page-with-next on the last page still names a next_index", async () => {
  const pages = await drain(sim, token, ALL_HISTORY);
  sim.faults.add({ route: "GET /sales", onRequests: [1], fault: { kind: "empty-page-with-next" } });
  const cursor = Number(pages[1].next_index);
  const { body } = await getSales(sim, token, { ...ALL_HISTORY, current_index: cursor });
  expect(body.sales).toEqual([]);
  expect(body.next_index).toBe(cursor + 1);
});

test("duplicate-record starts page 2 with the last record of page 1 again, and leaves page 1 alone", async () => {
  sim.faults.add({ route: "GET /sales", fault: { kind: "duplicate-record" } });
  const first = await getSales(sim, token, ALL_HISTORY);
  const second = await getSales(sim, token, {
    ...ALL_HISTORY,
    current_index: Number(first.body.next_index),
  });
  expect(first.body.sales[0].id).toBe(sim.salesOf("History")[0].id);
  expect(second.body.sales[0]).toEqual(first.body.sales.at(-1));
  expect(second.body.sales).toHaveLength(1000);
  expect(second.body.next_index).toBe(second.body.sales.at(-1)!.id);
});

test("the request log keeps the headers each request arrived with", async () => {
  await get();
  expect(sim.requests.at(-1)!.headers).toMatchObject({
    authorization: `Bearer ${token}`,
    "x-requested-with": "XMLHttpRequest",
    "content-type": "application/json",
  });
});

test("lying-total changes total and nothing else", async () => {
  sim.faults.add({
    route: "GET /sales",
    onRequests: [1],
    fault: { kind: "lying-total", total: 500 },
  });
  const { body } = await getSales(sim, token, ALL_HISTORY);
  expect(body.total).toBe(500);
  expect(body.sales).toHaveLength(1000);
  expect(body.data_count_remaining).toBe(1222);
});

test("hang never answers; a client timeout fires, and close() still ends", async () => {
  sim.faults.add({ route: "GET /sales", onRequests: [1], fault: { kind: "hang" } });
  await expect(get(ALL_HISTORY, token, { signal: AbortSignal.timeout(300) })).rejects.toThrow(
    /timeout|aborted/i
  );
  expect(sim.requests.at(-1)).toMatchObject({ path: "/demo/api/v1/sales", status: 0 });
  await sim.close(); // resolves although the hung request was never answered (jest's timeout would catch a hang)
  expect(sim.requests.at(-1)?.status).toBe(0);
});

test("the request log lists each request with its status", async () => {
  sim.faults.add({ route: "GET /sales", onRequests: [2], fault: { kind: "status", status: 503 } });
  await get();
  await get();
  expect(sim.requests.map((r) => [r.method, r.path, r.status])).toEqual([
    ["GET", "/demo/api/v1/sales", 200],
    ["GET", "/demo/api/v1/sales", 503],
  ]);
  expect(sim.requests[0].query).toMatchObject({
    sale_type_name: "History",
    start_date: "2020-01-01",
    duration: "1826",
  });
});

test.each([
  [
    "GET /sales@2=status:503,retry-after:1",
    {
      route: "GET /sales",
      onRequests: [2],
      fault: { kind: "status", status: 503, retryAfter: "1" },
    },
  ],
  [
    "GET /sales@2+=token-expired",
    { route: "GET /sales", fromRequest: 2, fault: { kind: "token-expired" } },
  ],
  [
    "POST /sales@1/3=status:429,retry-after:Wed, 21 Oct 2037 07:28:00 GMT",
    {
      route: "POST /sales",
      onRequests: [1, 3],
      fault: { kind: "status", status: 429, retryAfter: "Wed, 21 Oct 2037 07:28:00 GMT" },
    },
  ],
  ["*=latency:150", { route: "*", fault: { kind: "latency", ms: 150 } }],
  [
    "GET /sales@3+x2=reset",
    { route: "GET /sales", fromRequest: 3, times: 2, fault: { kind: "reset-mid-body" } },
  ],
  [
    "GET /sales@1=lying-total:10",
    { route: "GET /sales", onRequests: [1], fault: { kind: "lying-total", total: 10 } },
  ],
  ["POST /tokens=hang", { route: "POST /tokens", fault: { kind: "hang" } }],
  [
    "GET /sales@2=cursor-backwards",
    { route: "GET /sales", onRequests: [2], fault: { kind: "cursor-backwards" } },
  ],
  [
    "GET /sales@2=empty-page-with-next",
    { route: "GET /sales", onRequests: [2], fault: { kind: "empty-page-with-next" } },
  ],
  [
    "GET /sales@2+=duplicate-record",
    { route: "GET /sales", fromRequest: 2, fault: { kind: "duplicate-record" } },
  ],
])('the fault spec "%s" reads as its rule', (spec, rule) => {
  expect(parseFaultSpec(spec)).toEqual(rule);
});

test.each(["GET /nope=hang", "GET /sales=status:418", "GET /sales@x=hang", "GET /sales=explode"])(
  'the fault spec "%s" is refused with a message',
  (spec) => {
    expect(() => parseFaultSpec(spec)).toThrow(/fault|status|schedule/i);
  }
);
