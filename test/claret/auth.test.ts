// Signing in, sessions that end, and redirects: over real HTTP to the simulator.

import {
  ClaretAbortedError,
  ClaretAuthError,
  ClaretBadCredentialsError,
  ClaretInputError,
  ClaretRateLimitedError,
  ClaretServerError,
  ClaretUnknownTenantError,
  createToken,
  salesPages,
  type SaleRecord,
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
  strictlyIncreasingIds,
  type Drained,
  type Sim,
} from "../helpers/claretClient";

let sim: Sim;
beforeAll(async () => {
  sim = await startSim(2222);
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => sim.faults.clear());

const tokenPosts = () =>
  sim.requests.filter(
    (r: { method: string; path: string }) =>
      r.method === "POST" && r.path.endsWith("/tokens/create")
  );

describe("signing in", () => {
  it("returns a session with a token of the documented form for the demo login", async () => {
    const session = await signIn(sim);

    expect(session.token).toMatch(/^\d+\|[A-Za-z0-9]{40}$/);
    expect(session.tenant).toBe(sim.tenant);
    expect(session.baseUrl).toBe(sim.url);
  });

  it("tolerates a trailing slash on the base URL", async () => {
    const session = await createToken(
      { baseUrl: `${sim.url}/`, tenant: sim.tenant },
      sim.email,
      sim.password
    );

    expect(session.baseUrl).toBe(sim.url);
  });

  it("says the credentials do not match when the password is wrong", async () => {
    const e = await caught(() =>
      createToken({ baseUrl: sim.url, tenant: sim.tenant }, sim.email, "not-the-password")
    );

    expect(e).toBeInstanceOf(ClaretBadCredentialsError);
    expect((e as ClaretBadCredentialsError).userMessage).toBe(
      "These credentials do not match our records. Check your email and password."
    );
    expect((e as ClaretBadCredentialsError).fieldErrors.email).toEqual([
      "These credentials do not match our records.",
    ]);
  });

  it("names the tenant and the base URL when the tenant does not exist", async () => {
    const e = await caught(() =>
      createToken({ baseUrl: sim.url, tenant: "no-such-tenant" }, sim.email, sim.password)
    );

    expect(e).toBeInstanceOf(ClaretUnknownTenantError);
    expect((e as ClaretUnknownTenantError).userMessage).toBe(
      `Claret has no tenant "no-such-tenant" at ${sim.url}. Check the tenant name and the API base URL.`
    );
  });

  it("retries a sign-in refused with 429", async () => {
    sim.faults.add({
      route: "POST /tokens",
      onRequests: [1],
      fault: { kind: "status", status: 429, retryAfter: "0" },
    });
    const before = tokenPosts().length;
    const session = await createToken(
      { baseUrl: sim.url, tenant: sim.tenant },
      sim.email,
      sim.password,
      { retry: FAST_RETRY }
    );

    expect(session.token).toMatch(/\|/);
    expect(tokenPosts().length - before).toBe(2);
  });

  it("does not retry a sign-in that failed with 503", async () => {
    sim.faults.add({
      route: "POST /tokens",
      onRequests: [1],
      fault: { kind: "status", status: 503 },
    });
    const before = tokenPosts().length;
    const e = await caught(() =>
      createToken({ baseUrl: sim.url, tenant: sim.tenant }, sim.email, sim.password, {
        retry: FAST_RETRY,
      })
    );

    expect(e).toBeInstanceOf(ClaretServerError);
    expect(tokenPosts().length - before).toBe(1);
  });

  it("reports rate limiting when every sign-in attempt gets 429", async () => {
    sim.faults.add({
      route: "POST /tokens",
      fault: { kind: "status", status: 429, retryAfter: "0" },
    });
    const e = await caught(() =>
      createToken({ baseUrl: sim.url, tenant: sim.tenant }, sim.email, sim.password, {
        retry: FAST_RETRY,
      })
    );

    expect(e).toBeInstanceOf(ClaretRateLimitedError);
  });

  it("stops when the caller aborts a sign-in Claret does not answer", async () => {
    sim.faults.add({ route: "POST /tokens", onRequests: [1], fault: { kind: "hang" } });
    const e = await caught(() =>
      createToken({ baseUrl: sim.url, tenant: sim.tenant }, sim.email, sim.password, {
        signal: AbortSignal.timeout(100),
      })
    );

    // settled at all proves it: Claret never answers this request
    expect(e).toBeInstanceOf(ClaretAbortedError);
  });

  it("asks for the email before sending anything", async () => {
    const before = sim.requests.length;
    const e = await caught(() =>
      createToken({ baseUrl: sim.url, tenant: sim.tenant }, "  ", sim.password)
    );

    expect(e).toBeInstanceOf(ClaretInputError);
    expect((e as ClaretInputError).field).toBe("email");
    expect(sim.requests.length).toBe(before);
  });
});

describe("a session that ends", () => {
  it("reports a revoked token as an auth error that asks to sign in again", async () => {
    const session = await signIn(sim);
    sim.revokeTokens();
    const e = await caught(() => drain(session));

    expect(e).toBeInstanceOf(ClaretAuthError);
    expect((e as ClaretAuthError).status).toBe(401);
    expect((e as ClaretAuthError).userMessage).toBe(
      "Your Claret session has expired or was signed out. Sign in again to continue."
    );
  });

  it("resumes from the cursor with a new token after a 401 on page 2 and yields every record exactly once", async () => {
    const session = await signIn(sim);
    sim.faults.add({ route: "GET /sales", fromRequest: 2, fault: { kind: "token-expired" } });
    const first: Drained = { pages: [], records: [] };
    const e = await caught(() => drain(session, ALL_HISTORY, { retry: FAST_RETRY }, first));
    expect(e).toBeInstanceOf(ClaretAuthError);
    expect(first.records).toHaveLength(1000);

    const fresh = await signIn(sim);
    const before = salesGets(sim).length;
    const rest = await drain(fresh, ALL_HISTORY, { resume: (e as ClaretAuthError).resume });
    const all: SaleRecord[] = [...first.records, ...rest.records];

    expect(all).toHaveLength(2222);
    expect(strictlyIncreasingIds(all)).toBe(true);
    expectEveryRecordOnce(sim, all);
    expect(rest.pages.map((p) => p.recordsSoFar)).toEqual([2000, 2222]);
    // page 1 is not fetched again
    expect(salesGets(sim).length - before).toBe(2);
  });
});

describe("the headers of every call", () => {
  it("are the contract’s: bearer token, X-Requested-With and JSON, on a page of sales", async () => {
    const session = await signIn(sim);
    await drain(session);

    expect(salesGets(sim).at(-1)!.headers).toMatchObject({
      authorization: `Bearer ${session.token}`,
      "x-requested-with": "XMLHttpRequest",
      "content-type": "application/json",
      accept: "application/json",
    });
  });

  it("carry X-Requested-With and no Authorization on sign-in, with email and password in the query", async () => {
    await signIn(sim);
    const entry = tokenPosts().at(-1)!;

    expect(entry.headers["x-requested-with"]).toBe("XMLHttpRequest");
    expect(entry.headers).not.toHaveProperty("authorization");
    expect(entry.query).toEqual({ email: sim.email, password: "***" });
  });
});

describe("a redirect or an HTML answer", () => {
  // A same-origin proxy or a wrong base URL can answer with a redirect or a login page; the
  // simulator's 302 comes only without X-Requested-With (which the client always sends), so a tiny
  // real loopback server stands in here.
  let server: import("node:http").Server;
  let base: string;
  const hits: string[] = [];
  beforeAll(async () => {
    const http = await import("node:http");
    server = http.createServer((req, res) => {
      hits.push(req.url ?? "");
      if (req.url?.includes("/html/")) {
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        res.end("<!DOCTYPE html><html><body>Login</body></html>");
        return;
      }
      if (req.url?.endsWith("/login")) {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end('{"token":"1|followed"}');
        return;
      }
      res.writeHead(302, { Location: "/redirect/login", "Content-Type": "text/html" });
      res.end("<html>Redirecting</html>");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const addr = server.address() as import("node:net").AddressInfo;
    base = `http://127.0.0.1:${addr.port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it("checks the simulator answers a request without X-Requested-With with a 302 to its login page", async () => {
    const res = await fetch(
      `${sim.url}/${sim.tenant}/api/v1/sales?sale_type_name=History&start_date=2020-01-01&duration=1826`,
      { redirect: "manual" }
    );

    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/${sim.tenant}/login`);
  });

  it("treats a 302 as an auth error and never requests the redirect target", async () => {
    hits.length = 0;
    const e = await caught(() =>
      createToken({ baseUrl: `${base}/redirect`, tenant: "demo" }, "a@b.c", "pw")
    );

    expect(e).toBeInstanceOf(ClaretAuthError);
    expect((e as ClaretAuthError).status).toBe(302);
    expect((e as ClaretAuthError).userMessage).toMatch(
      /login page instead of a token\. Check the API base URL/
    );
    expect(hits).toHaveLength(1);
  });

  it("treats a 302 on a page of sales as an ended session", async () => {
    hits.length = 0;
    const e = await caught(() =>
      drain({ baseUrl: `${base}/redirect`, tenant: "demo", token: "1|x" })
    );

    expect(e).toBeInstanceOf(ClaretAuthError);
    expect((e as ClaretAuthError).userMessage).toMatch(/Sign in again/);
    expect(hits).toHaveLength(1);
  });

  it("treats an HTML 200 answer as an auth error", async () => {
    const e = await caught(async () => {
      for await (const _ of salesPages(
        { baseUrl: `${base}/html`, tenant: "demo", token: "1|x" },
        ALL_HISTORY
      ))
        void _;
    });

    expect(e).toBeInstanceOf(ClaretAuthError);
    expect((e as ClaretAuthError).status).toBe(200);
  });
});
