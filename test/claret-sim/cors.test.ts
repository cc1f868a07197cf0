import { startSimulator, type Simulator } from "../../dev/claret-sim";
import { ALL_HISTORY, apiUrl, authHeaders, XHR } from "./http";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ records: 5 });
});
afterAll(() => sim.close());

const preflight = (origin: string) =>
  fetch(apiUrl(sim, "sales"), {
    method: "OPTIONS",
    headers: {
      Origin: origin,
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "authorization,content-type,x-requested-with",
    },
  });

test.each([
  "https://localhost:3000",
  "http://localhost:3000",
  "http://127.0.0.1:8080",
  "https://127.0.0.1",
])("a preflight from the loopback origin %s is allowed", async (origin) => {
  const res = await preflight(origin);
  expect(res.status).toBe(204);
  expect(res.headers.get("access-control-allow-origin")).toBe(origin);
  expect(res.headers.get("access-control-allow-methods")).toEqual(expect.stringContaining("GET"));
  expect(res.headers.get("access-control-allow-methods")).toEqual(expect.stringContaining("POST"));
  const allowed = res.headers.get("access-control-allow-headers")!.toLowerCase();
  for (const h of ["authorization", "content-type", "x-requested-with"])
    expect(allowed).toContain(h);
});

test("a preflight from a non-loopback origin gets no CORS permission", async () => {
  const res = await preflight("https://evil.example");
  expect(res.status).toBe(403);
  expect(res.headers.get("access-control-allow-origin")).toBeNull();
});

test("every answer to a loopback origin carries Access-Control-Allow-Origin and exposes Retry-After, errors included", async () => {
  const origin = "https://localhost:3000";
  sim.faults.add({
    route: "GET /sales",
    onRequests: [3],
    fault: { kind: "status", status: 429, retryAfter: "2" },
  });
  const answers = [
    await fetch(apiUrl(sim, "sales", ALL_HISTORY), {
      headers: { ...authHeaders(sim.issueToken()), Origin: origin },
    }), // 200
    await fetch(apiUrl(sim, "sales", ALL_HISTORY), { headers: { ...XHR, Origin: origin } }), // 401
    await fetch(apiUrl(sim, "sales", ALL_HISTORY), {
      headers: { ...authHeaders(sim.issueToken()), Origin: origin },
    }), // 429
    await fetch(apiUrl(sim, "sales", {}), {
      headers: { ...authHeaders(sim.issueToken()), Origin: origin },
    }), // 422
  ];
  expect(answers.map((r) => r.status)).toEqual([200, 401, 429, 422]);
  for (const res of answers) {
    expect(res.headers.get("access-control-allow-origin")).toBe(origin);
    expect(res.headers.get("access-control-expose-headers")).toBe("Retry-After");
  }
  sim.faults.clear();
});

describe("with CORS off (a Claret that does not allow the add-in's origin)", () => {
  beforeAll(() => sim.setCors(false));
  afterAll(() => sim.setCors(true));

  test("a preflight is answered like Laravel's router does, without any CORS permission", async () => {
    const res = await preflight("https://localhost:3000");
    expect(res.status).toBe(200);
    expect(res.headers.get("allow")).toBe("GET, HEAD, POST");
    expect([...res.headers.keys()].filter((k) => k.startsWith("access-control-"))).toEqual([]);
  });

  test("answers carry no Access-Control-Allow-Origin, though the request was served", async () => {
    const res = await fetch(apiUrl(sim, "sales", ALL_HISTORY), {
      headers: { ...authHeaders(sim.issueToken()), Origin: "https://localhost:3000" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("can be chosen at start", async () => {
    const off = await startSimulator({ records: 1, cors: false });
    try {
      const res = await fetch(apiUrl(off, "sales"), {
        method: "OPTIONS",
        headers: { Origin: "http://127.0.0.1:8080", "Access-Control-Request-Method": "GET" },
      });
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await off.close();
    }
  });
});
