// The proxyLoad figures made of an autocannon result: errors split by kind, rates per 2xx answer.
import type autocannon from "autocannon";
import { loadFigures } from "../../bench/lib/load";

function result(over: Partial<autocannon.Result>): autocannon.Result {
  const hist = (p50: number, p99: number, max: number, total = 0) =>
    ({ p50, p99, max, total }) as autocannon.Histogram;
  return {
    duration: 20,
    "2xx": 2000,
    non2xx: 0,
    timeouts: 0,
    errors: 0,
    statusCodeStats: { "200": { count: 2000 } },
    latency: hist(90, 400, 900),
    throughput: hist(0, 0, 0, 2000 * 16_700),
    ...over,
  } as autocannon.Result;
}

test("a clean run: answers per second, latency, bytes per answer, no errors", () => {
  const f = loadFigures({ result: result({}), socketErrors: {} });
  expect(f).toMatchObject({ reqPerSec: 100, p50Ms: 90, p99Ms: 400, maxMs: 900, answers: 2000 });
  expect(f.bytesPerAnswer).toBe(16_700);
  expect(f.errors).toEqual({
    total: 0,
    timeouts: 0,
    non2xx: 0,
    resets: 0,
    other: 0,
    byCode: {},
    statuses: {},
  });
});

test("errors are split into timeouts, non-2xx statuses, resets and other socket errors", () => {
  const f = loadFigures({
    result: result({
      "2xx": 1900,
      non2xx: 7,
      timeouts: 3,
      errors: 3 + 5 + 2 + 1,
      statusCodeStats: { "200": { count: 1900 }, "502": { count: 4 }, "504": { count: 3 } },
    }),
    socketErrors: { ECONNRESET: 5, EPIPE: 2, ECONNREFUSED: 1 },
  });
  expect(f.reqPerSec).toBe(95); // only 2xx answers count
  expect(f.errors).toEqual({
    total: 3 + 7 + 7 + 1,
    timeouts: 3,
    non2xx: 7,
    resets: 7,
    other: 1,
    byCode: { ECONNRESET: 5, EPIPE: 2, ECONNREFUSED: 1 },
    statuses: { "502": 4, "504": 3 },
  });
});

test("a run without a single 2xx answer reports 0 bytes per answer, not NaN", () => {
  const f = loadFigures({
    result: result({ "2xx": 0, non2xx: 10, statusCodeStats: { "503": { count: 10 } } }),
    socketErrors: {},
  });
  expect(f).toMatchObject({ reqPerSec: 0, bytesPerAnswer: 0 });
  expect(f.errors).toMatchObject({ total: 10, non2xx: 10, statuses: { "503": 10 } });
});
