import { currentSession, sessionFor, signIn, signOut } from "../../src/workflows/signIn/session";
import { toUserMessage } from "../../src/workflows/messages";
import { startSimulatorHarness, type SimulatorHarness } from "../helpers/simulator";
import { installExcelHost } from "../helpers/excelHost";
import { MemoryWebStorage } from "../../dev/excel-emulator";

/** The page's own localStorage, as in a browser task pane: a plain key/value store we can inspect. */
function installLocalStorage(): Map<string, string> {
  const data = new Map<string, string>();
  (globalThis as { localStorage?: unknown }).localStorage = {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, String(v)),
    removeItem: (k: string) => void data.delete(k),
  };
  return data;
}

let h: SimulatorHarness;
let stored: Map<string, string>;
beforeAll(async () => {
  h = await startSimulatorHarness({ records: 10 });
});
afterAll(() => h.close());
beforeEach(() => {
  stored = installLocalStorage();
});
afterEach(() => {
  delete (globalThis as { localStorage?: unknown }).localStorage;
});

describe("signing in and out", () => {
  test("signing in returns a session and keeps its token for that tenant and base URL", async () => {
    const session = await signIn(
      { baseUrl: h.sim.url, tenant: "demo" },
      h.sim.email,
      h.sim.password
    );
    expect(session.token).toMatch(/^\d+\|[A-Za-z0-9]{40}$/);
    expect(await sessionFor({ baseUrl: `${h.sim.url}/`, tenant: "demo" })).toEqual(session);
    expect(await currentSession()).toEqual(session);
  });

  test("the password is never stored", async () => {
    await signIn({ baseUrl: h.sim.url, tenant: "demo" }, h.sim.email, h.sim.password);
    // Everything kept is the token itself, the email signed in with, or the endpoint they belong to.
    for (const value of stored.values()) {
      if (/^\d+\|[A-Za-z0-9]{40}$/.test(value) || value === h.sim.email) continue;
      expect(Object.keys(JSON.parse(value)).sort()).toEqual(["baseUrl", "tenant"]);
    }
    expect([...stored.keys()].join("\n")).not.toMatch(/password/i);
    expect([...stored.values()]).not.toContain(h.sim.password);
  });

  test("the session remembers who signed in, for the push log", async () => {
    const endpoint = { baseUrl: h.sim.url, tenant: "demo" };
    await signIn(endpoint, h.sim.email, h.sim.password);
    expect(await sessionFor(endpoint)).toMatchObject({ email: h.sim.email });
  });

  test("signing out forgets the token", async () => {
    const endpoint = { baseUrl: h.sim.url, tenant: "demo" };
    await signIn(endpoint, h.sim.email, h.sim.password);
    await signOut(endpoint);
    expect(await sessionFor(endpoint)).toBeNull();
    expect(await currentSession()).toBeNull();
  });

  test("a wrong password gives a plain sentence and stores nothing", async () => {
    const failure = await signIn(
      { baseUrl: h.sim.url, tenant: "demo" },
      h.sim.email,
      "wrong"
    ).catch((e: unknown) => e);
    expect(toUserMessage(failure)).toMatchObject({
      intent: "error",
      text: expect.stringMatching(/credentials|password/i),
    });
    expect(stored.size).toBe(0);
  });
});

describe("token storage keyed with Office.context.partitionKey (Microsoft's guidance for partitioned browsers)", () => {
  const endpoint = () => ({ baseUrl: h.sim.url, tenant: "demo" });

  afterEach(() => {
    installExcelHost(); // a host without partitionKey for whatever runs next
  });

  test("a token stored under one partition key is not found under another, and its key carries the partition", async () => {
    const shared = new MemoryWebStorage(); // one origin's localStorage, seen from two partitions
    installExcelHost({ partitionKey: "partition-A", localStorage: shared });
    const session = await signIn(endpoint(), h.sim.email, h.sim.password);

    const keys = Array.from({ length: shared.length }, (_, i) => shared.key(i)!);
    const tokenKeys = keys.filter((k) => shared.getItem(k) === session.token);
    expect(tokenKeys).toHaveLength(1);
    expect(tokenKeys[0]).toMatch(/^_OfficeRuntime_Storage_partition-A/);

    installExcelHost({ partitionKey: "partition-B", localStorage: shared });
    expect(await currentSession()).toBeNull();
    expect(await sessionFor(endpoint())).toBeNull();

    installExcelHost({ partitionKey: "partition-A", localStorage: shared });
    expect(await currentSession()).toEqual(session);
    await signOut(endpoint());
    expect(
      Array.from({ length: shared.length }, (_, i) => shared.getItem(shared.key(i)!))
    ).not.toContain(session.token);
  });

  test("where storage is not partitioned (partitionKey undefined, Windows desktop) keys have no partition part", async () => {
    const shared = new MemoryWebStorage();
    installExcelHost({ localStorage: shared });
    const session = await signIn(endpoint(), h.sim.email, h.sim.password);
    const keys = Array.from({ length: shared.length }, (_, i) => shared.key(i)!);
    expect(keys.find((k) => shared.getItem(k) === session.token)).toMatch(
      /^_OfficeRuntime_Storage_claret\.token\.v1:/
    );
  });
});
