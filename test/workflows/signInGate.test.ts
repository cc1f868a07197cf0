// Works paused by a 401 wait at one sign-in gate: one sign-in resumes every work of that tenant, Cancel
// releases only its own, a work for another tenant keeps waiting. The story: a pull (pane) and a refresh
// (ribbon), each with a page in flight, meet one token expiry; one sign-in; both finish with every record
// once — real HTTP to the simulator, the real adapters through the emulator.
import type { ClaretSession, PausedWork, UserMessage } from "../../src/workflows/api";
import { CANCELLED_NOTHING_CHANGED, toUserMessage } from "../../src/workflows/messages";
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { refreshActiveSheet } from "../../src/workflows/pullRefresh/refresh";
import { SignInGate } from "../../src/workflows/signIn/signInGate";
import { installExcelHost } from "../helpers/excelHost";
import { ALL_HISTORY, startSimulatorHarness, type SimulatorHarness } from "../helpers/simulator";
import { readTable } from "../helpers/workbook";

const reason: UserMessage = { intent: "error", text: "Your Claret session has expired." };
const demo = { baseUrl: "http://127.0.0.1:1", tenant: "demo" };
const work = (id: string, endpoint = demo): PausedWork => ({
  id,
  label: `Work ${id}`,
  endpoint,
  reason,
});
const session = (endpoint = demo): ClaretSession => ({ ...endpoint, token: "1|x" });

describe("the gate", () => {
  test("one sign-in resumes every work paused for that tenant, with that session", async () => {
    const gate = new SignInGate();
    const a = gate.waitForSignIn(work("pane-1"));
    const b = gate.waitForSignIn(work("ribbon-2"));
    expect(gate.paused().map((w) => w.id)).toEqual(["pane-1", "ribbon-2"]);
    const s = session({ ...demo, tenant: "DEMO" }); // tenants compare without case
    const { resumed, stillPaused } = gate.resume(s);
    expect(resumed.map((w) => w.id)).toEqual(["pane-1", "ribbon-2"]);
    expect(stillPaused).toEqual([]);
    expect(await a).toBe(s);
    expect(await b).toBe(s);
    expect(gate.paused()).toEqual([]);
  });

  test("Cancel releases only its own work, without a session; the other keeps waiting", async () => {
    const gate = new SignInGate();
    const a = gate.waitForSignIn(work("pane-1"));
    const b = gate.waitForSignIn(work("ribbon-2"));
    gate.cancel("pane-1");
    expect(await a).toBeNull();
    expect(gate.paused().map((w) => w.id)).toEqual(["ribbon-2"]);
    const s = session();
    gate.resume(s);
    expect(await b).toBe(s);
  });

  test("a sign-in to another tenant or base URL resumes nothing of this one", async () => {
    const gate = new SignInGate();
    const other = { baseUrl: "https://plan.claret.app", tenant: "acme" };
    void gate.waitForSignIn(work("pane-1"));
    const { resumed, stillPaused } = gate.resume(session(other));
    expect(resumed).toEqual([]);
    expect(stillPaused.map((w) => w.id)).toEqual(["pane-1"]);
    expect(gate.resume(session({ ...demo, baseUrl: "http://127.0.0.1:2" })).resumed).toEqual([]);
  });

  test("listeners hear every change, starting with the list as it is", () => {
    const gate = new SignInGate();
    void gate.waitForSignIn(work("pane-1"));
    const heard: string[][] = [];
    const stop = gate.subscribe((paused) => heard.push(paused.map((w) => w.id)));
    void gate.waitForSignIn(work("ribbon-2"));
    gate.cancel("pane-1");
    gate.resume(session());
    stop();
    void gate.waitForSignIn(work("pane-3"));
    expect(heard).toEqual([["pane-1"], ["pane-1", "ribbon-2"], ["ribbon-2"], []]);
  });
});

describe("a pull and a refresh, both paused by one token expiry", () => {
  let h: SimulatorHarness;
  beforeEach(async () => {
    h = await startSimulatorHarness({ records: 2500 }); // three pages of History
    installExcelHost();
  });
  afterEach(() => h.close());

  /** Starts a refresh of the active sheet's table and a new pull, each with its second page in flight when every token is revoked. */
  async function bothPausedByOneExpiry(gate: SignInGate) {
    const { tableName } = await pullSales(h.session, ALL_HISTORY); // the table the refresh re-runs
    const reauth = (id: string, label: string) => (r: UserMessage) =>
      gate.waitForSignIn({ id, label, endpoint: h.session, reason: r });
    const hold = h.sim.hold("GET /sales");
    const refresh = new AbortController();
    const refreshing = refreshActiveSheet(h.session, {
      signal: refresh.signal,
      reauthenticate: reauth("ribbon-1", `Refreshing ${tableName}`),
    });
    await hold.untilWaiting(1); // the refresh has read its stored query and asks for page 1
    const pull = new AbortController();
    const pulling = pullSales(h.session, ALL_HISTORY, {
      signal: pull.signal,
      reauthenticate: reauth("pane-2", "Pulling History"),
    });
    await hold.untilWaiting(2);
    hold.releaseWaiting(); // both get page 1 …
    await hold.untilWaiting(2); // … and ask for page 2
    h.sim.revokeTokens(); // one token expiry for both
    hold.end();
    await new Promise<void>((resolve) => {
      const stop = gate.subscribe((paused) => {
        if (paused.length === 2) {
          queueMicrotask(() => stop());
          resolve();
        }
      });
    });
    return { tableName, refreshing, pulling, refresh, pull };
  }

  test("one sign-in resumes both from where they stopped, and each table has every record once", async () => {
    const gate = new SignInGate();
    const { tableName, refreshing, pulling } = await bothPausedByOneExpiry(gate);
    // both 401s come back at once, in either order: the gate lists the works in the order they paused
    expect(
      gate
        .paused()
        .map((w) => w.id)
        .sort()
    ).toEqual(["pane-2", "ribbon-1"]);
    const before = h.sim.requests.length;
    const { resumed } = gate.resume(h.freshSession());
    expect(resumed.map((w) => w.id).sort()).toEqual(["pane-2", "ribbon-1"]);
    const [refreshed, pulled] = await Promise.all([refreshing, pulling]);

    const expected = h.sim
      .salesOf("History")
      .map((r) => r.id)
      .sort((a, b) => a - b);
    for (const name of [tableName, pulled.tableName]) {
      const table = await readTable(name);
      const idColumn = table.headers.indexOf("id");
      const ids = table.values.map((row) => Number(row[idColumn])).sort((a, b) => a - b);
      expect(ids).toEqual(expected); // every record, once
    }
    expect(refreshed.rowCount).toBe(2500);
    expect(pulled.rowCount).toBe(2500);
    // each resumed from its cursor: the pages after the sign-in are pages 2 and 3, never page 1 again
    const after = h.sim.requests
      .slice(before)
      .filter((r) => r.method === "GET" && r.path.endsWith("/sales"));
    expect(after).toHaveLength(4);
    expect(after.every((r) => r.query.current_index !== undefined)).toBe(true);
  });

  test("Cancel of the paused pull stops only the pull; the sign-in then finishes the refresh", async () => {
    const gate = new SignInGate();
    const { tableName, refreshing, pulling, pull } = await bothPausedByOneExpiry(gate);
    pull.abort();
    gate.cancel("pane-2");
    expect(toUserMessage(await pulling.catch((e: unknown) => e))).toEqual({
      intent: "info",
      text: CANCELLED_NOTHING_CHANGED,
    });
    expect(gate.paused().map((w) => w.id)).toEqual(["ribbon-1"]);
    gate.resume(h.freshSession());
    const refreshed = await refreshing;
    expect(refreshed).toMatchObject({ tableName, rowCount: 2500 });
  });
});
