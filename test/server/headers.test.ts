// Which headers of Claret's answers reach the browser: none about Claret's connection with the host (RFC 9110
// §7.6.1) nor about Claret's software; the host's own connection handling decides how the browser's connection
// lives. And the Host header check.
import { Agent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { Socket } from "node:net";
import { rawExchange, startHost, type Host } from "./helpers";
import { claretLikeAnswer, startUpstream, type StandIn } from "./upstream";

const SALES = "/claret/demo/api/v1/sales";

let upstream: StandIn;
let host: Host;
beforeAll(async () => {
  upstream = await startUpstream((req, res) => {
    if (req.url?.startsWith("/demo/api/v1/sales?hop")) {
      res.writeHead(200, {
        "Content-Type": "application/json",
        Connection: "keep-alive, X-Claret-Hop",
        "X-Claret-Hop": "only for the host",
        "Keep-Alive": "timeout=5, max=1000",
        "Proxy-Authenticate": 'Basic realm="claret"',
        "Proxy-Status": "nginx",
        Upgrade: "h2c",
        Trailer: "Expires",
        TE: "trailers",
        "X-Request-Id": "end-to-end",
      });
      res.end('{"ok":true}');
    } else claretLikeAnswer(res);
  });
  host = await startHost(upstream.url);
});
afterAll(async () => {
  await host.close();
  await upstream.close();
});

/** One GET through the host on a connection of its own; resolves with the answer and that connection. */
function get(
  path: string,
  headers: Record<string, string> = {},
  agent: Agent | false = false
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string; socket: Socket }> {
  const { hostname, port } = new URL(host.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, headers, agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, socket: req.socket! })
      );
    });
    req.on("error", reject);
    req.end();
  });
}

describe("Claret's answers as relayed", () => {
  let answer: Awaited<ReturnType<typeof get>>;
  beforeAll(async () => {
    answer = await get(`${SALES}?hop=1`);
    answer.socket.destroy();
  });

  it("arrive whole", () => {
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ ok: true });
    expect(answer.headers["x-request-id"]).toBe("end-to-end");
  });

  it("carry no header that Claret's Connection header names", () => {
    expect(answer.headers["x-claret-hop"]).toBeUndefined();
    expect(answer.headers.connection ?? "").not.toMatch(/x-claret-hop/i);
  });

  it("carry no Keep-Alive, Proxy-*, Upgrade, Trailer or TE of Claret's", () => {
    expect(answer.headers["keep-alive"] ?? "").not.toMatch(/max=1000/);
    expect(answer.headers["proxy-authenticate"]).toBeUndefined();
    expect(answer.headers["proxy-status"]).toBeUndefined();
    expect(answer.headers.upgrade).toBeUndefined();
    expect(answer.headers.trailer).toBeUndefined();
    expect(answer.headers.te).toBeUndefined();
  });

  it("name no software: neither Claret's Server nor its X-Powered-By", async () => {
    const plain = await get(SALES);
    plain.socket.destroy();
    expect(plain.status).toBe(200);
    expect(plain.headers.server).toBeUndefined();
    expect(plain.headers["x-powered-by"]).toBeUndefined();
  });
});

it("a client's Connection: close gets Connection: close and the socket is closed after the answer", async () => {
  // Claret itself answers with Connection: keep-alive
  const answer = await get(SALES, { Connection: "close" });
  expect(answer.status).toBe(200);
  expect(answer.headers.connection).toBe("close");
  if (!answer.socket.closed) await new Promise((r) => answer.socket.once("close", r));
  expect(answer.socket.closed).toBe(true);
});

it("a keep-alive client's next request goes on the same connection", async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const first = await get(SALES, {}, agent);
    const second = await get(SALES, {}, agent);
    expect(first.headers.connection).toBe("keep-alive");
    expect(second.status).toBe(200);
    expect(second.socket).toBe(first.socket);
  } finally {
    agent.destroy();
  }
});

describe("the Host header", () => {
  const request = (hostLines: string[]) =>
    rawExchange(
      host.url,
      [
        `GET ${SALES} HTTP/1.1`,
        ...hostLines.map((h) => `Host: ${h}`),
        "Connection: close",
        "",
        "",
      ].join("\r\n")
    );

  it.each([
    ["a user-info part", "localhost:80@evil.com"],
    ["a port that is not a number", "localhost:evil"],
    ["an IPv4 address out of range", "127.999.999.999"],
    ["a port out of range", "localhost:65536"],
    ["a path", "localhost/claret"],
    ["an empty name", ":3000"],
    ["a bracketed name that is not IPv6", "[localhost]"],
  ])("with %s (%s) is refused with 400, without reaching Claret", async (_what, value) => {
    const before = upstream.received.length;
    const answer = await request([value]);
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/Host header/);
    expect(upstream.received.length).toBe(before);
  });

  it("given twice is refused with 400, without reaching Claret", async () => {
    const before = upstream.received.length;
    const answer = await request(["localhost", "evil.example"]);
    expect(answer.status).toBe(400);
    expect(upstream.received.length).toBe(before);
  });

  it.each(["localhost", "127.0.0.1:3000", "LOCALHOST:3000", "[::1]:3000"])(
    "%s is forwarded",
    async (value) => {
      const before = upstream.received.length;
      const answer = await request([value]);
      expect(answer.status).toBe(200);
      expect(upstream.received.length).toBe(before + 1);
    }
  );
});
