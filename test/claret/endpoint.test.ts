// Bad tenant, base URL or query: refused with a message saying what to fix, before any request.

import {
  ClaretInputError,
  createToken,
  salesPages,
  validateBaseUrl,
  parseRetryAfter,
} from "../../src/claret";
import { ALL_HISTORY, caught, signIn, startSim, type Sim } from "../helpers/claretClient";

let sim: Sim;
beforeAll(async () => {
  sim = await startSim(10);
});
afterAll(async () => {
  await sim.close();
});

async function refusedBeforeSending(fn: () => Promise<unknown>): Promise<ClaretInputError> {
  const before = sim.requests.length;
  const e = await caught(fn);
  expect(e).toBeInstanceOf(ClaretInputError);
  expect(sim.requests.length).toBe(before);
  return e as ClaretInputError;
}

describe("the tenant", () => {
  it.each(["demo/../admin", "de mo", "demo?x=1", "plan.claret.app/demo", "démo"])(
    '"%s" is refused before any request',
    async (tenant) => {
      const e = await refusedBeforeSending(() =>
        createToken({ baseUrl: sim.url, tenant }, sim.email, sim.password)
      );

      expect(e.field).toBe("tenant");
      expect(e.userMessage).toMatch(/can only contain letters, digits, "-" and "_"/);
    }
  );

  it("that is empty is asked for", async () => {
    const e = await refusedBeforeSending(() =>
      createToken({ baseUrl: sim.url, tenant: " " }, sim.email, sim.password)
    );

    expect(e.userMessage).toMatch(/^Enter your Claret tenant name/);
  });

  it('with "-" and "_" is accepted and reaches the server as typed', async () => {
    const before = sim.requests.length;
    await caught(() =>
      createToken({ baseUrl: sim.url, tenant: "my_wine-co" }, sim.email, sim.password)
    );

    expect(sim.requests.slice(before).map((r: { path: string }) => r.path)).toEqual([
      "/my_wine-co/api/v1/tokens/create",
    ]);
  });
});

describe("the API base URL", () => {
  it.each([
    ["http://plan.claret.app", /must use https:\/\/.*Change it to https:\/\/plan\.claret\.app/],
    ["ftp://plan.claret.app", /must start with https:\/\//],
    ["plan.claret.app", /is not a web address/],
    ["https://user:pw@plan.claret.app", /must not contain a user name or password/],
    ["https://plan.claret.app/?tenant=demo", /must not contain "\?" or "#"/],
  ])('"%s" is refused with a message saying what to fix', async (baseUrl, message) => {
    const e = await refusedBeforeSending(() =>
      createToken({ baseUrl, tenant: "demo" }, sim.email, sim.password)
    );

    expect(e.field).toBe("baseUrl");
    expect(e.userMessage).toMatch(message);
  });

  it.each([
    "http://127.0.0.1:8080",
    "http://127.9.8.7",
    "http://localhost:3000/",
    "http://[::1]:9000",
    "https://plan.claret.app/",
    "https://addin.example.com/claret/",
  ])('"%s" is accepted (https anywhere, http only on loopback)', (baseUrl) => {
    expect(validateBaseUrl(baseUrl)).toBe(baseUrl.replace(/\/$/, ""));
  });

  it("is refused on a drain before any request", async () => {
    const session = { ...(await signIn(sim)), baseUrl: "http://10.0.0.5" };
    await refusedBeforeSending(async () => {
      for await (const _ of salesPages(session, ALL_HISTORY)) void _;
    });
  });
});

describe("the query", () => {
  it.each([
    [{ startDate: "2022-02-30" }, "startDate", /"2022-02-30" is not a date in the form YYYY-MM-DD/],
    [{ startDate: "01/06/2022" }, "startDate", /not a date in the form YYYY-MM-DD/],
    [{ durationDays: -1 }, "durationDays", /whole number of days, 0 or more \(got -1\)/],
    [{ durationDays: 1.5 }, "durationDays", /whole number of days/],
    [{ saleTypeName: "  " }, "saleTypeName", /Enter a sale type/],
  ])("%j is refused before any request", async (change, field, message) => {
    const session = await signIn(sim);
    const e = await refusedBeforeSending(async () => {
      for await (const _ of salesPages(session, { ...ALL_HISTORY, ...change })) void _;
    });

    expect(e.field).toBe(field);
    expect(e.userMessage).toMatch(message);
  });
});

describe("Retry-After", () => {
  it("reads delta-seconds, an HTTP date, a past date and nonsense", () => {
    const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");

    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:05 GMT", now)).toBe(5_000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:27:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
