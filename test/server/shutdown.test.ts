// SIGTERM under load: the host stops taking connections, tells every keep-alive client to go away on its next
// answer, lets every request in flight finish, and exits by itself (exit code 0: not killed by the grace timer),
// without a reset and without a request that reached Claret losing its answer.
import { Agent, request as httpRequest, type ServerResponse } from "node:http";
import { connect } from "node:net";
import { spawnHost, type HostProcess } from "./hostProcess";
import { claretLikeAnswer, startUpstream, type StandIn } from "./upstream";

// starting tsx on a loaded two-core machine takes seconds
jest.setTimeout(90_000);

const CLIENTS = 200;
/** each client stops by itself after this many requests, so the test ends even if the host never says close */
const MAX_PER_CLIENT = 400;
/**
 * The host gets SIGTERM once every client has had this many answers (so every connection is established and
 * looping; a connection still waiting in the kernel's accept queue when the host stops listening is reset by the
 * kernel, whatever the host does) and Claret has received BEFORE_SIGTERM requests in all.
 */
const ANSWERS_BEFORE_SIGTERM = 3;
const BEFORE_SIGTERM = 1000;

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

function get(url: string, path: string, agent: Agent): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body })
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const idOf = (url: string) => new URL(url, "http://x").searchParams.get("id") ?? "";

describe("SIGTERM with 200 keep-alive clients looping", () => {
  let upstream: StandIn;
  let host: HostProcess;
  const answered = new Set<string>();
  const errors: string[] = [];
  const endings: string[] = [];
  let exitCode: number | null;

  beforeAll(async () => {
    upstream = await startUpstream((req, res) =>
      claretLikeAnswer(res, JSON.stringify({ id: idOf(req.url ?? "") }))
    );
    host = await spawnHost({ CLARET_UPSTREAM: upstream.url });

    let looping = 0;
    let allLooping!: () => void;
    const everyClientLooping = new Promise<void>((r) => (allLooping = r));
    const client = async (c: number): Promise<string> => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      let counted = false;
      // a client that ends early (an error) counts too, so that the test goes on to report it
      const arrive = () => {
        if (counted) return;
        counted = true;
        if (++looping === CLIENTS) allLooping();
      };
      try {
        for (let n = 0; n < MAX_PER_CLIENT; n++) {
          const id = `${c}-${n}`;
          let answer: Answer;
          try {
            answer = await get(host.url, `/claret/demo/api/v1/sales?id=${id}`, agent);
          } catch (e) {
            errors.push(`${id}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
            return "error";
          }
          if (answer.status === 200 && (JSON.parse(answer.body) as { id: string }).id === id)
            answered.add(id);
          else errors.push(`${id}: answered ${answer.status} ${answer.body}`);
          if (n + 1 === ANSWERS_BEFORE_SIGTERM) arrive();
          if (answer.connection === "close") return "told to close";
        }
        return "stopped after its last request";
      } finally {
        arrive();
        agent.destroy();
      }
    };
    const clients = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    await everyClientLooping;
    await upstream.receivedCount(BEFORE_SIGTERM);
    host.child.kill("SIGTERM");
    endings.push(...(await clients));
    exitCode = await host.exited;
  });
  afterAll(async () => {
    host?.kill();
    await upstream?.close();
  });

  it("resets no request and answers every one with its own answer", () => {
    expect(errors).toEqual([]);
  });

  it("tells every client to close its connection", () => {
    expect(endings.filter((e) => e !== "told to close")).toEqual([]);
  });

  it("answers every request that reached Claret", () => {
    const reached = upstream.received.map((r) => idOf(r.url));
    expect(reached.length).toBeGreaterThan(BEFORE_SIGTERM);
    expect(reached.filter((id) => !answered.has(id))).toEqual([]);
    expect(answered.size).toBe(reached.length);
  });

  it("logs one line per request", () => {
    const lines = host.logLines.filter((l) => /"msg":"request"/.test(l));
    expect(lines).toHaveLength(answered.size);
  });

  it("exits by itself with 0, not killed by the grace timer", () => {
    expect(exitCode).toBe(0);
  });
});

describe("SIGTERM with a request in flight", () => {
  let upstream: StandIn;
  let host: HostProcess;
  let held: ServerResponse | undefined;
  let arrived!: () => void;
  const arrival = new Promise<void>((r) => (arrived = r));

  beforeAll(async () => {
    upstream = await startUpstream((_req, res) => {
      held = res;
      arrived();
    });
    host = await spawnHost({ CLARET_UPSTREAM: upstream.url });
  });
  afterAll(async () => {
    host?.kill();
    await upstream?.close();
  });

  it("takes no new connection, finishes the request in flight with Connection: close, then exits 0", async () => {
    const agent = new Agent({ keepAlive: true });
    const inFlight = get(host.url, "/claret/demo/api/v1/sales", agent);
    await arrival;
    host.child.kill("SIGTERM");
    await host.logLine((e) => e.signal === "SIGTERM");

    // a new connection is refused once the host has stopped listening (one accepted before is still answered)
    const { port } = new URL(host.url);
    for (;;) {
      const refused = await new Promise<boolean>((resolve) => {
        const s = connect(Number(port), "127.0.0.1");
        s.once("connect", () => {
          s.destroy();
          resolve(false);
        });
        s.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED"));
      });
      if (refused) break;
    }
    expect(host.child.exitCode).toBeNull();

    held!.writeHead(200, { "Content-Type": "application/json", Connection: "keep-alive" });
    held!.end('{"answered":"after SIGTERM"}');
    const answer = await inFlight;
    agent.destroy();
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ answered: "after SIGTERM" });
    expect(answer.connection).toBe("close");
    expect(await host.exited).toBe(0);
  });
});

describe("SIGTERM with an idle keep-alive connection", () => {
  it("closes the connection and exits 0", async () => {
    const upstream = await startUpstream((_req, res) => claretLikeAnswer(res));
    const host = await spawnHost({ CLARET_UPSTREAM: upstream.url });
    try {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const first = await get(host.url, "/claret/demo/api/v1/sales", agent);
      expect(first.connection).toBe("keep-alive");
      const socket = (agent.freeSockets[Object.keys(agent.freeSockets)[0]] ?? [])[0];
      expect(socket).toBeDefined();
      const closed = new Promise((r) => socket!.once("close", r));
      host.child.kill("SIGTERM");
      await closed;
      expect(await host.exited).toBe(0);
      agent.destroy();
    } finally {
      host.kill();
      await upstream.close();
    }
  });
});
