// Slow clients and slow upstreams: a request body has a deadline (408), the host holds a bounded number of
// connections, a request never queues behind the pool of connections to Claret, and every request gets one log
// line whatever its end (its status, or that its answer was cut and after how many bytes).
import { Agent, request as httpRequest, type ServerResponse } from "node:http";
import { connect } from "node:net";
import { startHost, type Host, type LogEntry } from "./helpers";
import { claretLikeAnswer, startUpstream, type StandIn } from "./upstream";

const SALES = "/claret/demo/api/v1/sales";

let upstream: StandIn;
/** answers the upstream holds until a test releases them */
const held: { url: string; res: ServerResponse }[] = [];
beforeAll(async () => {
  upstream = await startUpstream((req, res) => {
    if (req.url?.includes("stall")) {
      // the head and 5 bytes of the body, then nothing
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write('{"a":');
      held.push({ url: req.url, res });
    } else if (req.url?.includes("hold")) held.push({ url: req.url, res });
    else claretLikeAnswer(res);
  });
});
afterAll(async () => {
  for (const { res } of held.splice(0)) res.destroy();
  await upstream.close();
});

const linesFor = (host: Host, url: string) =>
  host.logLines.map((l) => JSON.parse(l) as LogEntry).filter((e) => e.req?.url === url);

/** A connection of its own that writes `head` and `body` and collects what comes back until the host closes it. */
function openConnection(host: Host, head: string[], body = "") {
  const { port } = new URL(host.url);
  const socket = connect(Number(port), "127.0.0.1");
  let received = "";
  socket.setEncoding("latin1");
  socket.on("data", (d: string) => (received += d));
  socket.on("error", () => undefined);
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.write([...head, "", body].join("\r\n"));
  return {
    socket,
    closed,
    received: () => received,
    /** resolves once a whole answer head has come back */
    answered: new Promise<string>((resolve) => {
      const check = () => {
        if (/\r\n\r\n/.test(received)) resolve(received);
        else socket.once("data", check);
      };
      socket.once("data", check);
    }),
  };
}

describe("a request body that does not arrive in time", () => {
  let host: Host;
  beforeAll(async () => {
    host = await startHost(upstream.url, { bodyTimeoutMs: 200 });
  });
  afterAll(() => host.close());

  it("is answered 408, its connection closed, and never reaches Claret", async () => {
    const before = upstream.received.length;
    const c = openConnection(
      host,
      [
        `POST ${SALES}?slow=1 HTTP/1.1`,
        "Host: 127.0.0.1",
        "Content-Type: application/json",
        "Content-Length: 100",
      ],
      "{"
    );
    await c.closed;
    expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(c.received()).toMatch(/did not arrive within 0\.2 seconds/);
    expect(upstream.received.length).toBe(before);
    const lines = linesFor(host, `${SALES}?slow=1`);
    expect(lines.map((e) => e.res?.statusCode)).toEqual([408]);
  });

  it("to a path that is not forwarded is cut at the deadline after its 404", async () => {
    const c = openConnection(
      host,
      ["POST /nope HTTP/1.1", "Host: 127.0.0.1", "Content-Length: 100"],
      "x"
    );
    expect(await c.answered).toMatch(/^HTTP\/1\.1 404 /);
    // Node would otherwise keep the connection open to read the rest of the body, for as long as it trickles
    await c.closed;
    expect(linesFor(host, "/nope").map((e) => e.res?.statusCode)).toEqual([404]);
  });

  it("arriving in parts within the deadline is forwarded whole", async () => {
    const body = JSON.stringify({ arguments: {}, content: [] });
    const c = openConnection(
      host,
      [
        `POST ${SALES}?parts=1 HTTP/1.1`,
        "Host: 127.0.0.1",
        "Connection: close",
        "Content-Type: application/json",
        `Content-Length: ${body.length}`,
      ],
      body.slice(0, 5)
    );
    c.socket.write(body.slice(5));
    await c.closed;
    expect(c.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(upstream.received.at(-1)?.url).toBe("/demo/api/v1/sales?parts=1");
  });
});

describe("Claret stalling in the middle of its answer", () => {
  let host: Host;
  beforeAll(async () => {
    host = await startHost(upstream.url, { upstreamTimeoutMs: 200 });
  });
  afterAll(() => host.close());

  it("cuts the client's answer, and its one log line says 200, cut after 5 bytes by Claret", async () => {
    const res = await fetch(`${host.url}${SALES}?stall=1`);
    expect(res.status).toBe(200);
    // the connection ends before the body does: fetch's own error for a socket cut mid-body
    await expect(res.text()).rejects.toMatchObject({
      message: "terminated",
      cause: expect.objectContaining({ code: "UND_ERR_SOCKET" }),
    });
    const line = await host.logLine((e) => e.req?.url === `${SALES}?stall=1`);
    expect(line.res?.statusCode).toBe(200);
    expect(line.cut).toEqual({ afterBytes: 5, by: "Claret stopped sending" });
    expect(linesFor(host, `${SALES}?stall=1`)).toHaveLength(1);
  });

  it("a client that leaves in the middle of an answer gets one log line, cut by the client", async () => {
    const { hostname, port } = new URL(host.url);
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest({ hostname, port, path: `${SALES}?stall=2&leave=1` }, (res) => {
        res.once("data", () => {
          req.destroy();
          resolve();
        });
      });
      req.on("error", () => undefined);
      req.once("error", reject);
      req.end();
    });
    const line = await host.logLine((e) => e.req?.url === `${SALES}?stall=2&leave=1`);
    expect(line.cut).toEqual({ afterBytes: 5, by: "the client closed the connection" });
    expect(linesFor(host, `${SALES}?stall=2&leave=1`)).toHaveLength(1);
  });

  it("answers 504 when Claret sends nothing, in one log line that says why", async () => {
    const res = await fetch(`${host.url}${SALES}?hold=504`);
    expect(res.status).toBe(504);
    const lines = host.logLines.filter((l) => l.includes("hold=504"));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      res: { statusCode: 504 },
      failure: expect.stringMatching(/^Claret: /),
    });
    // nothing else was logged about it either (reply-from writes no warning of its own)
    expect(host.logLines.filter((l) => /response errored/.test(l))).toEqual([]);
  });
});

describe("MAX_CONNECTIONS", () => {
  let host: Host;
  beforeAll(async () => {
    host = await startHost(upstream.url, { maxConnections: 2 });
  });
  afterAll(() => host.close());

  const keepAliveRequest = (path: string) =>
    openConnection(host, [`GET ${path} HTTP/1.1`, "Host: 127.0.0.1"]);

  it("closes a connection over the limit at once and serves one again once a place is free", async () => {
    const first = keepAliveRequest("/healthz");
    const second = keepAliveRequest("/healthz");
    expect(await first.answered).toMatch(/^HTTP\/1\.1 200 /);
    expect(await second.answered).toMatch(/^HTTP\/1\.1 200 /);

    const third = keepAliveRequest("/healthz?third");
    await third.closed;
    expect(third.received()).toBe("");

    first.socket.destroy();
    // the host counts the place free once it has seen the close: until then a new connection is closed too
    let answer = "";
    while (!answer) {
      const next = openConnection(host, [
        "GET /healthz HTTP/1.1",
        "Host: 127.0.0.1",
        "Connection: close",
      ]);
      await next.closed;
      answer = next.received();
    }
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    second.socket.destroy();
  });
});

describe("with Claret hanging", () => {
  let host: Host;
  const HANGING = 150; // more than undici's default pool of 128 connections
  beforeAll(async () => {
    host = await startHost(upstream.url, { maxConnections: 200 });
  });
  afterAll(() => host.close());

  it("every request reaches Claret at once (none waits for a free connection) and gets its answer", async () => {
    const before = upstream.received.length;
    const agent = new Agent({ keepAlive: false, maxSockets: HANGING });
    const { hostname, port } = new URL(host.url);
    const answers = Array.from(
      { length: HANGING },
      (_, i) =>
        new Promise<number>((resolve, reject) => {
          const req = httpRequest({ hostname, port, path: `${SALES}?hold=${i}`, agent }, (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          });
          req.on("error", reject);
          req.end();
        })
    );
    await upstream.receivedCount(before + HANGING);
    for (const { url, res } of held)
      if (/hold=\d+$/.test(url) && !/hold=504/.test(url)) claretLikeAnswer(res);
    expect(await Promise.all(answers)).toEqual(Array(HANGING).fill(200));
    agent.destroy();
  });
});
