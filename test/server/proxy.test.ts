// The /claret proxy over real HTTP in front of the Claret simulator: what it forwards, what it
// refuses without Claret ever seeing the request, which headers cross, and what it logs.
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startSimBehindHost, startHost, raw, type SimBehindHost } from "./helpers";

let t: SimBehindHost;
beforeAll(async () => {
  t = await startSimBehindHost({ records: 30 });
});
afterAll(() => t.close());
afterEach(() => t.sim.faults.clear());

const SALES =
  "/claret/demo/api/v1/sales?sale_type_name=History&start_date=2020-01-01&duration=1826";

/** Runs `send` and returns how many requests reached the simulator meanwhile. */
async function reachedClaret(send: () => Promise<unknown>): Promise<number> {
  const before = t.sim.requests.length;
  await send();
  return t.sim.requests.length - before;
}

describe("forwards the two Claret routes", () => {
  it("passes a GET /sales to the same path on Claret with Authorization and X-Requested-With", async () => {
    const token = t.sim.issueToken();
    const res = await fetch(`${t.host.url}${SALES}`, {
      headers: {
        Authorization: `Bearer ${token}`,
        "X-Requested-With": "XMLHttpRequest",
        Accept: "application/json",
      },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { total: number };
    expect(body.total).toBe(30);
    const seen = t.sim.requests.at(-1)!;
    expect(seen.path).toBe("/demo/api/v1/sales");
    expect(seen.query.sale_type_name).toBe("History");
    expect(seen.headers.authorization).toBe(`Bearer ${token}`);
    expect(seen.headers["x-requested-with"]).toBe("XMLHttpRequest");
  });

  it("passes a POST body and its Content-Type through byte for byte", async () => {
    const token = t.sim.issueToken();
    const record = t.sim.salesOf("History")[0];
    const body = JSON.stringify({
      arguments: { sale_type_name: "Forecast", create_missing_item_customer_group: 1 },
      content: [
        {
          item_name: record.item_name,
          customer_group_name: record.customer_group_name,
          sell_date: "2031-03-01",
          timing_interval_name: "month",
          quantity: 4.25,
        },
      ],
    });
    const res = await fetch(`${t.host.url}/claret/demo/api/v1/sales`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${token}`,
        "X-Requested-With": "XMLHttpRequest",
        "Content-Type": "application/json",
      },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ success_count: 1 });
    expect(t.sim.requests.at(-1)!.headers["content-type"]).toBe("application/json");
  });

  it("forwards an OPTIONS request", async () => {
    const res = await raw(t.host.url, "OPTIONS", "/claret/demo/api/v1/sales", {
      Origin: "http://127.0.0.1:9",
      "Access-Control-Request-Method": "GET",
    });
    expect(t.sim.requests.at(-1)!.method).toBe("OPTIONS");
    // the simulator answers the preflight; the proxy hands back no CORS grant of its own
    expect(res.status).toBe(403);
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("passes Claret's redirect back unchanged and does not follow it", async () => {
    // without X-Requested-With, Claret (Laravel) redirects an unauthenticated call to its login page
    const before = t.sim.requests.length;
    const res = await raw(t.host.url, "GET", SALES);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("/demo/login");
    const reached = t.sim.requests.slice(before).map((r) => r.path);
    expect(reached).toEqual(["/demo/api/v1/sales"]);
  });
});

describe("refuses everything else without reaching Claret", () => {
  it.each([
    ["another Claret route", "/claret/demo/api/v1/users"],
    ["Claret's login page", "/claret/demo/login"],
    ["the bare prefix", "/claret/"],
    ["a route with a trailing slash", "/claret/demo/api/v1/sales/"],
    ["a path not under /claret", "/demo/api/v1/sales"],
    ["a tenant outside the client's rule", "/claret/de.mo/api/v1/sales"],
    ["a .. segment", "/claret/demo/api/v1/../v1/sales"],
    ["a .. segment before the tenant", "/claret/x/../demo/api/v1/sales"],
    ["an encoded slash in the tenant", "/claret/de%2Fmo/api/v1/sales"],
    ["an encoded slash after the route", "/claret/demo/api/v1/sales%2F..%2F..%2Fadmin"],
    ["encoded dots", "/claret/%2e%2e/demo/api/v1/sales"],
    ["a doubled slash", "/claret//demo/api/v1/sales"],
    ["a backslash", "/claret/demo\\..\\api/v1/sales"],
  ])("%s: 404", async (_name, target) => {
    let status = 0;
    const reached = await reachedClaret(async () => {
      status = (await raw(t.host.url, "GET", target)).status;
    });
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(reached).toBe(0);
  });

  it("refuses an absolute-form request line naming another host", async () => {
    let res = { status: 0, body: "" };
    const reached = await reachedClaret(async () => {
      res = await raw(t.host.url, "GET", `http://evil.example${SALES}`);
    });
    expect(res.status).toBe(400);
    expect(reached).toBe(0);
  });

  it("refuses an absolute-form request line naming Claret itself", async () => {
    let status = 0;
    const reached = await reachedClaret(async () => {
      status = (await raw(t.host.url, "GET", `${t.sim.url}/demo/api/v1/sales`)).status;
    });
    expect(status).toBe(400);
    expect(reached).toBe(0);
  });

  it("refuses a Host header naming another host", async () => {
    let status = 0;
    const reached = await reachedClaret(async () => {
      status = (await raw(t.host.url, "GET", SALES, { Host: "evil.example" })).status;
    });
    expect(status).toBe(421);
    expect(reached).toBe(0);
  });

  it.each(["PUT", "DELETE", "PATCH", "HEAD"])(
    "answers %s on a proxied route with 405",
    async (method) => {
      let res = { status: 0, headers: {} as Record<string, unknown> };
      const reached = await reachedClaret(async () => {
        res = await raw(t.host.url, method, "/claret/demo/api/v1/sales");
      });
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe("GET, POST, OPTIONS");
      expect(reached).toBe(0);
    }
  );

  it("refuses a body far larger than a 1000-record push with 413", async () => {
    // The head announces 12 MB; the host answers from the head alone, before any of the body is sent.
    const { hostname, port } = new URL(t.host.url);
    let status = 0;
    const reached = await reachedClaret(
      () =>
        new Promise<void>((resolve, reject) => {
          const req = httpRequest(
            {
              hostname,
              port,
              method: "POST",
              path: "/claret/demo/api/v1/sales",
              headers: {
                "Content-Type": "application/json",
                "Content-Length": String(12 * 1024 * 1024),
              },
            },
            (res) => {
              status = res.statusCode ?? 0;
              res.resume();
              req.destroy();
              resolve();
            }
          );
          req.on("error", (e: NodeJS.ErrnoException) => (status ? resolve() : reject(e)));
          req.flushHeaders();
        })
    );
    expect(status).toBe(413);
    expect(reached).toBe(0);
  });
});

describe("when Claret is slow or unreachable", () => {
  it("answers 504 with a JSON message when Claret does not answer in time", async () => {
    const slow = await startHost(t.sim.url, { upstreamTimeoutMs: 200 });
    try {
      t.sim.faults.add({ route: "GET /sales", fault: { kind: "hang" } });
      const res = await fetch(`${slow.url}${SALES}`, {
        headers: {
          Authorization: `Bearer ${t.sim.issueToken()}`,
          "X-Requested-With": "XMLHttpRequest",
        },
      });
      expect(res.status).toBe(504);
      expect(res.headers.get("content-type")).toMatch(/json/);
      expect(((await res.json()) as { message: string }).message).toMatch(
        /did not answer within 0.2 seconds/
      );
    } finally {
      await slow.close();
    }
  });

  it("answers 502 with a JSON message when Claret cannot be reached", async () => {
    const closed: Server = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const orphan = await startHost(`http://127.0.0.1:${port}`);
    try {
      const res = await fetch(`${orphan.url}${SALES}`);
      expect(res.status).toBe(502);
      expect(((await res.json()) as { message: string }).message).toMatch(/could not be reached/);
    } finally {
      await orphan.close();
    }
  });
});

describe("cookies", () => {
  it("drops cookies in both directions", async () => {
    const seenCookies: (string | undefined)[] = [];
    const upstream = createServer((req, res) => {
      seenCookies.push(req.headers.cookie);
      res.writeHead(200, {
        "Content-Type": "application/json",
        "Set-Cookie": "laravel_session=abc; HttpOnly",
      });
      res.end("{}");
    });
    await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
    const host = await startHost(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
    try {
      const res = await raw(host.url, "GET", "/claret/demo/api/v1/sales", {
        Cookie: "session=secret",
      });
      expect(res.status).toBe(200);
      expect(res.headers["set-cookie"]).toBeUndefined();
      expect(seenCookies).toEqual([undefined]);
    } finally {
      await host.close();
      await new Promise<void>((r) => upstream.close(() => r()));
    }
  });
});

describe("the log", () => {
  it("has one JSON line per request and neither the token nor the password", async () => {
    const password = "Wr0ng-Pa55word-Zx";
    const linesBefore = t.host.logLines.length;
    const tokenRes = await fetch(
      `${t.host.url}/claret/demo/api/v1/tokens/create?email=planner%40demo.test&password=demo`,
      {
        method: "POST",
        headers: { "X-Requested-With": "XMLHttpRequest", "Content-Type": "application/json" },
      }
    );
    const { token } = (await tokenRes.json()) as { token: string };
    expect(token.length).toBeGreaterThan(10);
    const bad = await fetch(
      `${t.host.url}/claret/demo/api/v1/tokens/create?email=planner%40demo.test&password=${password}`,
      { method: "POST", headers: { "X-Requested-With": "XMLHttpRequest" } }
    );
    expect(bad.status).toBe(422);
    await fetch(`${t.host.url}${SALES}`, {
      headers: { Authorization: `Bearer ${token}`, "X-Requested-With": "XMLHttpRequest" },
    });

    const lines = t.host.logLines.slice(linesBefore);
    const entries = lines.map((l) => JSON.parse(l) as { msg: string; req?: { url: string } });
    const requestLines = entries.filter((e) => e.msg === "request");
    expect(requestLines).toHaveLength(3);
    expect(entries).toHaveLength(3);
    const text = lines.join("\n");
    expect(text).not.toContain(token);
    expect(text).not.toContain(password);
    expect(text).not.toMatch(/password=demo/);
    expect(requestLines[0].req!.url).toBe(
      "/claret/demo/api/v1/tokens/create?email=[REDACTED]&password=[REDACTED]"
    );
  });
});
