import { startSimulator, type Simulator } from "../../dev/claret-sim";
import { ALL_HISTORY, apiUrl, getSales, XHR } from "./http";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ records: 10 });
});
afterAll(() => sim.close());

const signIn = (email: string, password: string, tenant = "demo") =>
  fetch(
    `${sim.url}/${tenant}/api/v1/tokens/create?email=${encodeURIComponent(email)}&password=${encodeURIComponent(password)}`,
    { method: "POST", headers: XHR }
  );

test("the demo login gets a token of the form <id>|<40 letters or digits> that reads sales", async () => {
  const res = await signIn("planner@demo.test", "demo");
  expect(res.status).toBe(200);
  const { token } = await res.json();
  expect(token).toMatch(/^\d+\|[A-Za-z0-9]{40}$/);
  expect((await getSales(sim, token, ALL_HISTORY)).status).toBe(200);
});

test("a second user of the tenant (the colleague) signs in too, and reads and writes the same records", async () => {
  const res = await signIn(sim.colleague.email, sim.colleague.password);
  expect(res.status).toBe(200);
  const { token } = await res.json();
  expect((await getSales(sim, token, ALL_HISTORY)).body.total).toBe(10);
});

test("a wrong password gets 422 with the credentials message on email", async () => {
  const res = await signIn("planner@demo.test", "wrong");
  expect(res.status).toBe(422);
  expect(await res.json()).toEqual({
    message: "These credentials do not match our records.",
    errors: { email: ["These credentials do not match our records."] },
  });
});

test("a sign-in without email and password names both fields in a 422", async () => {
  const res = await fetch(apiUrl(sim, "tokens/create"), { method: "POST", headers: XHR });
  expect(res.status).toBe(422);
  const body = await res.json();
  expect(body.errors).toEqual({
    email: ["The email field is required."],
    password: ["The password field is required."],
  });
  expect(body.message).toBe("The email field is required. (and 1 more error)");
});

test('a GET without a token but with X-Requested-With gets 401 {"message":"Unauthenticated."}', async () => {
  const res = await fetch(apiUrl(sim, "sales", ALL_HISTORY), { headers: XHR });
  expect(res.status).toBe(401);
  expect(await res.json()).toEqual({ message: "Unauthenticated." });
});

test("without X-Requested-With an auth failure is a 302 to /demo/login with an HTML body", async () => {
  const res = await fetch(apiUrl(sim, "sales", ALL_HISTORY), {
    headers: { Authorization: "Bearer 1|nope" },
    redirect: "manual",
  });
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toBe("/demo/login");
  expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  expect(await res.text()).toContain("Redirecting to");
});

test("a client that follows the redirect lands on an HTML login page, not JSON", async () => {
  const res = await fetch(apiUrl(sim, "sales", ALL_HISTORY));
  expect(res.redirected).toBe(true);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/html/);
});

test("revokeTokens makes every token issued so far fail with 401, and a new one works", async () => {
  const old = sim.issueToken();
  sim.revokeTokens();
  expect((await getSales(sim, old, ALL_HISTORY)).status).toBe(401);
  expect((await getSales(sim, sim.issueToken(), ALL_HISTORY)).status).toBe(200);
});

test("an unknown tenant gets 404, for sign-in and for sales", async () => {
  expect((await signIn("planner@demo.test", "demo", "nosuch")).status).toBe(404);
  const res = await fetch(`${sim.url}/nosuch/api/v1/sales?sale_type_name=History`, {
    headers: { Authorization: `Bearer ${sim.issueToken()}`, ...XHR },
  });
  expect(res.status).toBe(404);
  expect((await res.json()).message).toContain("nosuch");
});

test("tokens/create answers only POST", async () => {
  const res = await fetch(
    apiUrl(sim, "tokens/create", { email: sim.email, password: sim.password }),
    { headers: XHR }
  );
  expect(res.status).toBe(405);
});

test("the request log keeps the path and status but never the password", async () => {
  await signIn("planner@demo.test", "demo");
  const entry = sim.requests.filter((r) => r.path === "/demo/api/v1/tokens/create").at(-1)!;
  expect(entry).toMatchObject({
    method: "POST",
    status: 200,
    query: { email: "planner@demo.test", password: "***" },
  });
});

test("a simulator started for another tenant serves that tenant alone, with the same logins", async () => {
  const other = await startSimulator({ records: 10, tenant: "acme" });
  try {
    expect(other.tenant).toBe("acme");
    const res = await fetch(
      `${other.url}/acme/api/v1/tokens/create?email=planner%40demo.test&password=demo`,
      { method: "POST", headers: XHR }
    );
    expect(res.status).toBe(200);
    const { token } = await res.json();
    expect((await getSales(other, token, ALL_HISTORY)).body.total).toBe(10);
    const demo = await fetch(`${other.url}/demo/api/v1/tokens/create`, {
      method: "POST",
      headers: XHR,
    });
    expect(demo.status).toBe(404);
  } finally {
    await other.close();
  }
});
