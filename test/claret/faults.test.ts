// Every fault knob of the simulator against a drain of 2,222 records (three pages): either the
// drain completes with every record exactly once, or it stops with the right typed error.

import {
  ClaretAbortedError,
  ClaretAuthError,
  ClaretNetworkError,
  ClaretProtocolError,
  ClaretRateLimitedError,
  ClaretServerError,
  ClaretTimeoutError,
  type ClaretSession,
  type RetryNotice,
} from "../../src/claret";
import {
  ALL_HISTORY,
  FAST_RETRY,
  caught,
  drain,
  expectEveryRecordOnce,
  salesGets,
  signIn,
  startSim,
  type Drained,
  type Sim,
} from "../helpers/claretClient";

let sim: Sim;
let session: ClaretSession;
beforeAll(async () => {
  sim = await startSim(2222);
});
// a fresh token per test: the token-expired fault ends the one it meets
beforeEach(async () => {
  session = await signIn(sim);
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  sim.faults.clear();
  sim.setLatency(0);
});

/** current_index of each GET /sales since `from` ('' when omitted). */
function cursorsSince(from: number): string[] {
  return salesGets(sim)
    .slice(from)
    .map((r) => r.query.current_index ?? "");
}

describe("faults that a drain recovers from", () => {
  it("completes despite 150 ms of latency on every page", async () => {
    sim.faults.add({ route: "GET /sales", fault: { kind: "latency", ms: 150 } });
    const started = Date.now();
    const { records } = await drain(session, ALL_HISTORY, { retry: FAST_RETRY });

    expectEveryRecordOnce(sim, records);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 150);
  });

  it.each([500, 502, 503, 504, 408] as const)(
    "retries a %i on page 2 from the same cursor and gets every record once",
    async (status) => {
      const from = salesGets(sim).length;
      sim.faults.add({ route: "GET /sales", onRequests: [2], fault: { kind: "status", status } });
      const notices: RetryNotice[] = [];
      const { records } = await drain(session, ALL_HISTORY, {
        retry: FAST_RETRY,
        onRetry: (n) => notices.push(n),
      });

      expectEveryRecordOnce(sim, records);
      const cursors = cursorsSince(from);
      expect(cursors).toHaveLength(4);
      expect(cursors[2]).toBe(cursors[1]);
      expect(notices.map((n) => n.error.status)).toEqual([status]);
    }
  );

  it("waits the seconds a 429 asks for in Retry-After, then continues from the same cursor", async () => {
    const from = salesGets(sim).length;
    sim.faults.add({
      route: "GET /sales",
      onRequests: [2],
      fault: { kind: "status", status: 429, retryAfter: "1" },
    });
    const notices: RetryNotice[] = [];
    const started = Date.now();
    const { records } = await drain(session, ALL_HISTORY, {
      retry: FAST_RETRY,
      onRetry: (n) => notices.push(n),
    });

    expectEveryRecordOnce(sim, records);
    expect(notices).toHaveLength(1);
    expect(notices[0].error).toBeInstanceOf(ClaretRateLimitedError);
    expect(notices[0].delayMs).toBe(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const cursors = cursorsSince(from);
    expect(cursors[2]).toBe(cursors[1]);
  });

  it("waits the seconds a 503 asks for in Retry-After (a server in maintenance), then continues", async () => {
    sim.faults.add({
      route: "GET /sales",
      onRequests: [2],
      fault: { kind: "status", status: 503, retryAfter: "1" },
    });
    const notices: RetryNotice[] = [];
    const { records } = await drain(session, ALL_HISTORY, {
      retry: FAST_RETRY,
      onRetry: (n) => notices.push(n),
    });

    expectEveryRecordOnce(sim, records);
    expect(notices.map((n) => [n.error.status, n.delayMs])).toEqual([[503, 1000]]);
  });

  it("waits until the HTTP date a 429 gives in Retry-After", async () => {
    const retryAfter = new Date(Date.now() + 2000).toUTCString();
    sim.faults.add({
      route: "GET /sales",
      onRequests: [1],
      fault: { kind: "status", status: 429, retryAfter },
    });
    const notices: RetryNotice[] = [];
    const { records } = await drain(session, ALL_HISTORY, {
      retry: FAST_RETRY,
      onRetry: (n) => notices.push(n),
    });

    expectEveryRecordOnce(sim, records);
    // the date has whole seconds, so 1–2 s remain when the 429 arrives
    expect(notices[0].delayMs).toBeGreaterThan(900);
    expect(notices[0].delayMs).toBeLessThanOrEqual(2000);
  });

  it("caps a Retry-After longer than the policy allows", async () => {
    sim.faults.add({
      route: "GET /sales",
      onRequests: [1],
      fault: { kind: "status", status: 429, retryAfter: "3600" },
    });
    const notices: RetryNotice[] = [];
    const { records } = await drain(session, ALL_HISTORY, {
      retry: { ...FAST_RETRY, maxRetryAfterMs: 50 },
      onRetry: (n) => notices.push(n),
    });

    expectEveryRecordOnce(sim, records);
    expect(notices[0].delayMs).toBe(50);
  });

  it("retries a connection reset in the middle of page 2 and gets every record once", async () => {
    const from = salesGets(sim).length;
    sim.faults.add({ route: "GET /sales", onRequests: [2], fault: { kind: "reset-mid-body" } });
    const notices: RetryNotice[] = [];
    const { records } = await drain(session, ALL_HISTORY, {
      retry: FAST_RETRY,
      onRetry: (n) => notices.push(n),
    });

    expectEveryRecordOnce(sim, records);
    expect(notices.map((n) => n.error)).toEqual([expect.any(ClaretNetworkError)]);
    expect(cursorsSince(from)[2]).toBe(cursorsSince(from)[1]);
  });

  it("retries one malformed JSON answer (a truncated transfer) and gets every record once", async () => {
    const from = salesGets(sim).length;
    sim.faults.add({ route: "GET /sales", onRequests: [3], fault: { kind: "malformed-json" } });
    const notices: RetryNotice[] = [];
    const { records } = await drain(session, ALL_HISTORY, {
      retry: FAST_RETRY,
      onRetry: (n) => notices.push(n),
    });

    expectEveryRecordOnce(sim, records);
    expect(notices.map((n) => n.error)).toEqual([expect.any(ClaretProtocolError)]);
    expect(cursorsSince(from)[3]).toBe(cursorsSince(from)[2]);
  });

  it("recovers from a hang on page 2 by timing out and asking again", async () => {
    const from = salesGets(sim).length;
    sim.faults.add({ route: "GET /sales", onRequests: [2], fault: { kind: "hang" } });
    const notices: RetryNotice[] = [];
    const { records } = await drain(session, ALL_HISTORY, {
      retry: FAST_RETRY,
      timeoutMs: 300,
      onRetry: (n) => notices.push(n),
    });

    expectEveryRecordOnce(sim, records);
    expect(notices.map((n) => n.error)).toEqual([expect.any(ClaretTimeoutError)]);
    expect(cursorsSince(from)[2]).toBe(cursorsSince(from)[1]);
  });
});

describe("faults that stop a drain with a typed error", () => {
  it("reports a server error when 503s outlast the retries, with the cursor to resume from", async () => {
    const from = salesGets(sim).length;
    sim.faults.add({ route: "GET /sales", fromRequest: 2, fault: { kind: "status", status: 503 } });
    const got: Drained = { pages: [], records: [] };
    const e = await caught(() => drain(session, ALL_HISTORY, { retry: FAST_RETRY }, got));

    expect(e).toBeInstanceOf(ClaretServerError);
    expect((e as ClaretServerError).status).toBe(503);
    expect((e as ClaretServerError).userMessage).toMatch(/server problem \(HTTP 503\).*try again/i);
    expect((e as ClaretServerError).resume).toEqual({
      cursor: got.pages[0].nextIndex,
      recordsSoFar: 1000,
      total: 2222,
    });
    expect(salesGets(sim).length - from).toBe(1 + FAST_RETRY.maxAttempts);
  });

  it("reports rate limiting when 429s outlast the retries", async () => {
    sim.faults.add({
      route: "GET /sales",
      fault: { kind: "status", status: 429, retryAfter: "0" },
    });
    const e = await caught(() => drain(session, ALL_HISTORY, { retry: FAST_RETRY }));

    expect(e).toBeInstanceOf(ClaretRateLimitedError);
    expect((e as ClaretRateLimitedError).userMessage).toMatch(/too many requests/i);
  });

  it("says how long to wait when Claret’s Retry-After asks for minutes", async () => {
    sim.faults.add({
      route: "GET /sales",
      fault: { kind: "status", status: 429, retryAfter: "600" },
    });
    const e = await caught(() =>
      drain(session, ALL_HISTORY, { retry: { ...FAST_RETRY, maxAttempts: 2, maxRetryAfterMs: 1 } })
    );

    expect((e as ClaretRateLimitedError).userMessage).toBe(
      "Claret is receiving too many requests right now and asks to wait about 10 minutes. Try again then."
    );
  });

  it("reports malformed JSON as a protocol error when it persists", async () => {
    sim.faults.add({ route: "GET /sales", fault: { kind: "malformed-json" } });
    const e = await caught(() => drain(session, ALL_HISTORY, { retry: FAST_RETRY }));

    expect(e).toBeInstanceOf(ClaretProtocolError);
    expect((e as ClaretProtocolError).userMessage).toMatch(/could not be read \(not valid JSON\)/);
  });

  it("reports a timeout when every attempt hangs", async () => {
    sim.faults.add({ route: "GET /sales", fault: { kind: "hang" } });
    const from = salesGets(sim).length;
    const e = await caught(() =>
      drain(session, ALL_HISTORY, { retry: { ...FAST_RETRY, maxAttempts: 2 }, timeoutMs: 200 })
    );

    expect(e).toBeInstanceOf(ClaretTimeoutError);
    expect((e as ClaretTimeoutError).userMessage).toMatch(/did not answer within 0.2 seconds/);
    expect(salesGets(sim).length - from).toBe(2); // each attempt timed out, then it gave up
  });

  it("stops with an auth error carrying the resume cursor when the token expires on page 2", async () => {
    const from = salesGets(sim).length;
    sim.faults.add({ route: "GET /sales", fromRequest: 2, fault: { kind: "token-expired" } });
    const got: Drained = { pages: [], records: [] };
    const e = await caught(() => drain(session, ALL_HISTORY, { retry: FAST_RETRY }, got));

    expect(e).toBeInstanceOf(ClaretAuthError);
    expect((e as ClaretAuthError).userMessage).toMatch(/session has expired.*Sign in again/);
    expect((e as ClaretAuthError).resume).toEqual({
      cursor: got.pages[0].nextIndex,
      recordsSoFar: 1000,
      total: 2222,
    });
    // an auth error is not retried
    expect(salesGets(sim).length - from).toBe(2);
  });

  it("stops with a protocol error when the cursor repeats, before any duplicate is yielded", async () => {
    sim.faults.add({ route: "GET /sales", onRequests: [2], fault: { kind: "repeat-cursor" } });
    const got: Drained = { pages: [], records: [] };
    const e = await caught(() => drain(session, ALL_HISTORY, { retry: FAST_RETRY }, got));

    expect(e).toBeInstanceOf(ClaretProtocolError);
    expect((e as ClaretProtocolError).userMessage).toMatch(
      /cursor (repeated itself|went backwards)/
    );
    expect(new Set(got.records.map((r) => r.id)).size).toBe(got.records.length);
  });

  it("stops with a protocol error when the cursor goes backwards, before any duplicate is yielded", async () => {
    sim.faults.add({ route: "GET /sales", onRequests: [2], fault: { kind: "cursor-backwards" } });
    const got: Drained = { pages: [], records: [] };
    const e = await caught(() => drain(session, ALL_HISTORY, { retry: FAST_RETRY }, got));
    const cursor = got.pages[0].nextIndex!;

    expect(e).toBeInstanceOf(ClaretProtocolError);
    expect((e as ClaretProtocolError).userMessage).toBe(
      `Claret's page cursor went backwards (${cursor} then ${cursor - 1}) after 1000 records; following it would duplicate records. Pull again; if it keeps happening, contact Claret support.`
    );
    expect(got.records).toHaveLength(1000);
  });

  it("stops with a protocol error on an empty page that says more records follow, without asking again", async () => {
    const from = salesGets(sim).length;
    sim.faults.add({
      route: "GET /sales",
      onRequests: [2],
      fault: { kind: "empty-page-with-next" },
    });
    const got: Drained = { pages: [], records: [] };
    const e = await caught(() => drain(session, ALL_HISTORY, { retry: FAST_RETRY }, got));

    expect(e).toBeInstanceOf(ClaretProtocolError);
    expect((e as ClaretProtocolError).userMessage).toMatch(
      /^Claret sent an empty page that says more records follow, after 1000 of 2222 records\. Pull again/
    );
    expect(got.records).toHaveLength(1000);
    expect(salesGets(sim).length - from).toBe(2);
  });

  it("stops with a protocol error when a record arrives twice, and never yields the page holding the copy", async () => {
    sim.faults.add({ route: "GET /sales", fromRequest: 2, fault: { kind: "duplicate-record" } });
    const got: Drained = { pages: [], records: [] };
    const e = await caught(() => drain(session, ALL_HISTORY, { retry: FAST_RETRY }, got));

    expect(e).toBeInstanceOf(ClaretProtocolError);
    expect((e as ClaretProtocolError).userMessage).toMatch(
      new RegExp(
        `^Claret sent the sales record with id ${got.records[999].id} twice during one pull\\.`
      )
    );
    expect(got.records).toHaveLength(1000);
  });

  it("stops with a protocol error when the total lies (fewer than the records sent)", async () => {
    sim.faults.add({
      route: "GET /sales",
      onRequests: [1],
      fault: { kind: "lying-total", total: 1500 },
    });
    const e = await caught(() => drain(session, ALL_HISTORY, { retry: FAST_RETRY }));

    expect(e).toBeInstanceOf(ClaretProtocolError);
    expect((e as ClaretProtocolError).userMessage).toMatch(/record count changed|more records/);
  });

  it("stops with a protocol error when the total lies on every page (fewer than are sent)", async () => {
    sim.faults.add({ route: "GET /sales", fault: { kind: "lying-total", total: 1500 } });
    const got: Drained = { pages: [], records: [] };
    const e = await caught(() => drain(session, ALL_HISTORY, { retry: FAST_RETRY }, got));

    expect(e).toBeInstanceOf(ClaretProtocolError);
    expect((e as ClaretProtocolError).userMessage).toMatch(
      /more records \(2000\) than the total it announced \(1500\)/
    );
    expect(got.records).toHaveLength(1000);
  });

  it("stops with a protocol error when the total lies on every page (more than are sent)", async () => {
    sim.faults.add({ route: "GET /sales", fault: { kind: "lying-total", total: 3000 } });
    const e = await caught(() => drain(session, ALL_HISTORY, { retry: FAST_RETRY }));

    expect(e).toBeInstanceOf(ClaretProtocolError);
    expect((e as ClaretProtocolError).userMessage).toMatch(
      /ended the pull after 2222 records although it announced 3000/
    );
  });
});

describe("cancelling a drain", () => {
  it("stops within one request when the caller aborts mid-drain", async () => {
    // Claret's door holds each page request, so the abort lands while page 2 is surely in flight
    const door = sim.hold("GET /sales");
    try {
      const from = salesGets(sim).length;
      const controller = new AbortController();
      const got: Drained = { pages: [], records: [] };
      const drained = drain(
        session,
        ALL_HISTORY,
        { signal: controller.signal, retry: FAST_RETRY },
        got
      );
      await door.untilWaiting(1);
      door.releaseWaiting(); // page 1 is answered
      await door.untilWaiting(1); // page 2 has reached Claret and waits
      controller.abort();
      const e = await caught(() => drained);

      expect(e).toBeInstanceOf(ClaretAbortedError);
      expect((e as ClaretAbortedError).name).toBe("AbortError");
      expect(salesGets(sim).length - from).toBe(2);
      expect(got.records).toHaveLength(1000);
    } finally {
      door.end();
    }
  });

  it("stops during a retry wait without sending another request", async () => {
    const from = salesGets(sim).length;
    sim.faults.add({
      route: "GET /sales",
      fault: { kind: "status", status: 429, retryAfter: "30" },
    });
    const controller = new AbortController();
    const e = await caught(() =>
      drain(session, ALL_HISTORY, {
        signal: controller.signal,
        retry: { ...FAST_RETRY, maxRetryAfterMs: 30_000 },
        // the planner cancels once the add-in has begun to wait out the Retry-After
        onRetry: () => queueMicrotask(() => controller.abort()),
      })
    );

    // settled at all proves it: otherwise it would wait out the 30 s Retry-After (jest's timeout)
    expect(e).toBeInstanceOf(ClaretAbortedError);
    expect(salesGets(sim).length - from).toBe(1);
  });

  it("sends nothing when the signal is already aborted", async () => {
    const from = sim.requests.length;
    const e = await caught(() => drain(session, ALL_HISTORY, { signal: AbortSignal.abort() }));

    expect(e).toBeInstanceOf(ClaretAbortedError);
    expect(sim.requests.length).toBe(from);
  });
});
