// Refresh all: three Claret tables on three sheets — the first another tenant's (acme) — each refreshed with the keyed
// refresh, one after another, each whole or unchanged on its own. Real HTTP to two simulators (tenants demo and acme),
// the real adapters through the emulator, sessions stored by a real sign-in.
import { startSimulator, type Simulator } from "../../dev/claret-sim";
import type { SalesQuery } from "../../src/claret";
import type { ClaretSession, PausedWork } from "../../src/workflows/api";
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import {
  refreshAll,
  tablesWaitingForSignIn,
  type RefreshAllResult,
  type RefreshAllStep,
} from "../../src/workflows/pullRefresh/refreshAll";
import {
  NO_CLARET_TABLES,
  REFRESH_ALL_RUNNING,
  refreshAllMessage,
} from "../../src/workflows/pullRefresh/refreshAllMessages";
import { toUserMessage } from "../../src/workflows/messages";
import { signIn, signOut } from "../../src/workflows/signIn/session";
import { SignInGate } from "../../src/workflows/signIn/signInGate";
import { installExcelHost, type ExcelHost } from "../helpers/excelHost";
import { ALL_HISTORY } from "../helpers/simulator";
import { readTable } from "../helpers/workbook";

jest.setTimeout(60_000);

/** Table 2: two pages of the demo tenant's 3,000 History records (24 months of 60). */
const HISTORY_2021: SalesQuery = {
  saleTypeName: "History",
  startDate: "2021-01-01",
  durationDays: 730,
  includeHierarchy: false,
};

let host: ExcelHost;
let demo: Simulator;
let acme: Simulator;
const tables: Array<{
  tableName: string;
  sheetName: string;
  sim: () => Simulator;
  query: SalesQuery;
}> = [];

const login = (sim: Simulator) =>
  signIn({ baseUrl: sim.url, tenant: sim.tenant }, sim.email, sim.password);

/** A new record in each tenant's History inside every table's window: each refresh has one record to add. */
function claretAddsOneRecordEach(): void {
  for (const sim of [demo, acme])
    sim.insertRecords("History", [
      {
        item_name: "Refresh All",
        customer_group_name: "Every Table",
        sell_date: "2021-06-01",
        quantity: 3,
      },
    ]);
}

const kinds = (r: RefreshAllResult) => r.tables.map((t) => t.outcome.kind);
const rowsOf = async (i: number) => (await readTable(tables[i].tableName)).values.length;
const ids = async (i: number) => (await readTable(tables[i].tableName)).values.map((r) => r[7]);
const claretIds = (i: number) => {
  const { startDate, durationDays } = tables[i].query;
  const end = new Date(Date.parse(startDate) + durationDays * 86_400_000)
    .toISOString()
    .slice(0, 10);
  return tables[i]
    .sim()
    .salesOf("History")
    .filter((r) => r.sell_date >= startDate && r.sell_date <= end)
    .map((r) => r.id);
};

beforeEach(async () => {
  host = installExcelHost();
  [demo, acme] = await Promise.all([
    startSimulator({ records: 3000 }),
    startSimulator({ records: 2222, tenant: "acme" }),
  ]);
  tables.length = 0;
  const acmeSession = await login(acme);
  const demoSession = await login(demo);
  for (const [session, sim, query] of [
    [acmeSession, () => acme, ALL_HISTORY],
    [demoSession, () => demo, HISTORY_2021],
    [demoSession, () => demo, ALL_HISTORY],
  ] as const) {
    const pulled = await pullSales(session, query);
    tables.push({ ...pulled, sim, query });
  }
});
afterEach(async () => {
  await Promise.all([demo.close(), acme.close()]);
});

test("every table of the workbook is refreshed in sheet order, whichever sheet is active, one drain at a time", async () => {
  claretAddsOneRecordEach();
  host.activate(tables[1].sheetName);
  const steps: RefreshAllStep[] = [];
  const result = await refreshAll({ onProgress: (_, step) => steps.push(step) });

  expect(kinds(result)).toEqual(["refreshed", "refreshed", "refreshed"]);
  expect(result.tables.map((t) => [t.index, t.label, t.endpoint.tenant])).toEqual([
    [1, "History 2020-01-01 1826d", "acme"],
    [2, "History 2021-01-01 730d", "demo"],
    [3, "History 2020-01-01 1826d", "demo"],
  ]);
  for (let i = 0; i < 3; i++) expect(await ids(i)).toEqual(claretIds(i));
  // progress names each table in turn, never going back to an earlier one
  expect([...new Set(steps.map((s) => `${s.index} of ${s.of}: ${s.label}`))]).toEqual([
    "1 of 3: History 2020-01-01 1826d",
    "2 of 3: History 2021-01-01 730d",
    "3 of 3: History 2020-01-01 1826d",
  ]);
  // one drain in flight: the tables' page requests, in arrival order over both tenants, never interleave
  const pages = [
    ...acme.requests.map((r) => ({ ...r, tenant: "acme" })),
    ...demo.requests.map((r) => ({ ...r, tenant: "demo" })),
  ]
    .filter((r) => r.method === "GET" && r.path.endsWith("/sales") && r.at > 0)
    .sort((a, b) => a.at - b.at)
    .map((r) => `${r.tenant} ${r.query.start_date} ${r.query.duration}`);
  const runs = pages.filter((p, i) => i === 0 || p !== pages[i - 1]);
  // the pulls' requests first (acme, demo 2021, demo 2020), then the refreshes' in the same order
  const order = ["acme 2020-01-01 1826", "demo 2021-01-01 730", "demo 2020-01-01 1826"];
  expect(runs).toEqual([...order, ...order]);

  expect(refreshAllMessage(result)).toEqual({
    intent: "success",
    polite: true, // in the status region, however each table ended
    text: [
      "Refresh all: all 3 tables refreshed.",
      "History 2020-01-01 1826d: 0 updated, 1 added, 0 removed.",
      "History 2021-01-01 730d: 0 updated, 1 added, 0 removed.",
      'History 2020-01-01 1826d (sheet "History 2020-01-01 1826d (2)"): 0 updated, 1 added, 0 removed.',
    ].join("\n"),
  });
});

test("another tenant's table whose session has ended waits for its sign-in, named, while the others go on; after the sign-in it carries on", async () => {
  claretAddsOneRecordEach();
  acme.revokeTokens(); // acme's stored session has ended: its first page answers 401
  const acmeBefore = await readTable(tables[0].tableName);
  const gate = new SignInGate();
  const paused: PausedWork[][] = [];
  gate.subscribe((p) => paused.push([...p]));
  let soFar: RefreshAllResult | undefined;
  let fresh: ClaretSession | undefined;
  let meanwhile: Promise<unknown> = Promise.resolve();
  const result = await refreshAll({
    gate,
    workId: "pane-9",
    onWaiting: (r) => {
      soFar = r;
      meanwhile = (async () => {
        try {
          // while it waits, table 1 is exactly as it was
          return await readTable(tables[0].tableName);
        } finally {
          fresh = await login(acme); // the planner signs in to acme in the pane
          gate.resume(fresh);
        }
      })();
    },
  });
  expect(await meanwhile).toEqual(acmeBefore);
  expect(soFar && kinds(soFar)).toEqual(["waitingForSignIn", "refreshed", "refreshed"]);
  expect(paused.flat().map((w) => [w.id, w.label, w.endpoint.tenant])).toContainEqual([
    "pane-9/1",
    "Refreshing History 2020-01-01 1826d",
    "acme",
  ]);
  expect(refreshAllMessage(soFar!)).toMatchObject({
    intent: "warning",
    text: expect.stringMatching(
      /^Refresh all: 2 of 3 tables refreshed, 1 waiting for a sign-in\.\nHistory 2020-01-01 1826d waits for you to sign in to acme; it is refreshed once you do\.\n/
    ),
  });
  expect(kinds(result)).toEqual(["refreshed", "refreshed", "refreshed"]);
  expect(await ids(0)).toEqual(claretIds(0));
  expect(tablesWaitingForSignIn()).toEqual([]);
  // the table drained once: its pages after the sign-in came with the new token, none twice
  const acmePages = acme.requests.filter((r) => r.path.endsWith("/sales") && r.status === 200);
  expect(acmePages.at(-1)?.headers.authorization).toBe(`Bearer ${fresh!.token}`);
});

test("a tenant never signed in to waits for its sign-in too, and Cancel in its paused entry stops it alone", async () => {
  claretAddsOneRecordEach();
  await signOut({ baseUrl: acme.url, tenant: "acme" });
  const before = host.snapshot();
  const gate = new SignInGate();
  let reason = "";
  const result = await refreshAll({
    gate,
    workId: "ribbon-4",
    onPaused: (_, why) => (reason = why.text),
    onWaiting: () => gate.cancel("ribbon-4/1"),
  });
  expect(reason).toMatch(/not signed in to Claret tenant acme/);
  expect(kinds(result)).toEqual(["cancelled", "refreshed", "refreshed"]);
  const acmeSheet = (s: typeof before) => s.sheets.find((x) => x.name === tables[0].sheetName);
  expect(acmeSheet(host.snapshot())).toEqual(acmeSheet(before));
  expect(refreshAllMessage(result)?.text).toContain(
    "History 2020-01-01 1826d: cancelled — the table was not changed."
  );
});

test("a failure on the second table's page 2 leaves that table exactly as it was, and the others are refreshed", async () => {
  claretAddsOneRecordEach();
  const sheetOf = (s: ReturnType<ExcelHost["snapshot"]>) =>
    s.sheets.find((x) => x.name === tables[1].sheetName);
  const before = sheetOf(host.snapshot());
  // the demo tenant's second page request from now on is table 2's page 2
  demo.faults.add({ route: "GET /sales", onRequests: [2], fault: { kind: "repeat-cursor" } });
  const result = await refreshAll();
  expect(kinds(result)).toEqual(["refreshed", "failed", "refreshed"]);
  expect(sheetOf(host.snapshot())).toEqual(before);
  expect(await ids(0)).toEqual(claretIds(0));
  expect(await ids(2)).toEqual(claretIds(2));
  const message = refreshAllMessage(result)!;
  expect(message.intent).toBe("warning");
  expect(message.text.split("\n")).toEqual([
    "Refresh all: 2 of 3 tables refreshed, 1 failed.",
    "History 2020-01-01 1826d: 0 updated, 1 added, 0 removed.",
    expect.stringMatching(
      /^History 2021-01-01 730d failed: .*cursor.*The table was not changed\.$/
    ),
    'History 2020-01-01 1826d (sheet "History 2020-01-01 1826d (2)"): 0 updated, 1 added, 0 removed.',
  ]);
});

test("Cancel during the third table stops it unchanged; the tables already refreshed stay refreshed, and the result says which are which", async () => {
  claretAddsOneRecordEach();
  const sheetOf = (s: ReturnType<ExcelHost["snapshot"]>) =>
    s.sheets.find((x) => x.name === tables[2].sheetName);
  const before = sheetOf(host.snapshot());
  const cancel = new AbortController();
  const result = await refreshAll({
    signal: cancel.signal,
    onProgress: (p, step) => step.index === 3 && p.recordsSoFar >= 1000 && cancel.abort(),
  });
  expect(result.cancelled).toBe(true);
  expect(kinds(result)).toEqual(["refreshed", "refreshed", "cancelled"]);
  expect(sheetOf(host.snapshot())).toEqual(before);
  expect(await rowsOf(1)).toBe(claretIds(1).length);
  expect(refreshAllMessage(result)).toEqual({
    intent: "info",
    polite: true,
    text: [
      "Refresh all: 2 of 3 tables refreshed, 1 cancelled.",
      "History 2020-01-01 1826d: 0 updated, 1 added, 0 removed.",
      "History 2021-01-01 730d: 0 updated, 1 added, 0 removed.",
      'History 2020-01-01 1826d (sheet "History 2020-01-01 1826d (2)"): cancelled — the table was not changed.',
    ].join("\n"),
  });
});

test("a Cancel before a table's turn leaves it not refreshed, and says so", async () => {
  const cancel = new AbortController();
  const result = await refreshAll({
    signal: cancel.signal,
    onProgress: (p, step) => step.index === 1 && p.total !== null && cancel.abort(),
  });
  expect(kinds(result)).toEqual(["cancelled", "notRefreshed", "notRefreshed"]);
  expect(refreshAllMessage(result)?.text.split("\n")[2]).toBe(
    "History 2021-01-01 730d: not refreshed (cancelled before its turn) — the table was not changed."
  );
});

test("a workbook without Claret tables says there is nothing to refresh", async () => {
  installExcelHost();
  const result = await refreshAll();
  expect(result.tables).toEqual([]);
  expect(refreshAllMessage(result)).toEqual({ intent: "info", text: NO_CLARET_TABLES });
});

test("a Refresh all while an earlier one waits for a sign-in names that table as waiting, and refreshes the others", async () => {
  claretAddsOneRecordEach();
  acme.revokeTokens();
  const gate = new SignInGate();
  let second: Promise<RefreshAllResult> | undefined;
  const first = refreshAll({
    gate,
    workId: "pane-1",
    onWaiting: () => (second ??= refreshAll({ gate, workId: "ribbon-2" })),
  });
  await until(() => second !== undefined);
  const again = await second!;
  expect(kinds(again)).toEqual(["waitingForSignIn", "refreshed", "refreshed"]);
  expect(refreshAllMessage(again)?.text.split("\n")[1]).toBe(
    "History 2020-01-01 1826d waits for you to sign in to acme; it is refreshed once you do (it was paused by an earlier refresh)."
  );
  expect(gate.paused().map((w) => w.id)).toEqual(["pane-1/1"]); // paused once, not twice
  gate.resume(await login(acme));
  expect(kinds(await first)).toEqual(["refreshed", "refreshed", "refreshed"]);
  expect(await ids(0)).toEqual(claretIds(0));
});

test("a second Refresh all while the first goes through its tables is refused, and the first goes on", async () => {
  const first = refreshAll();
  const refused = await refreshAll().catch((e: unknown) => e);
  expect(toUserMessage(refused)).toEqual({ intent: "info", text: REFRESH_ALL_RUNNING });
  expect(kinds(await first)).toEqual(["refreshed", "refreshed", "refreshed"]);
});

/** Polls a condition set by a callback of the run (no fixed wait). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setImmediate(r));
}

test("the tables' removed rows that carried notes all reach 'Removed by refresh': one table's changes are applied at a time, while the next drains", async () => {
  const removed: number[] = [];
  for (const [i, t] of tables.entries()) {
    const id = (await ids(i))[4] as number;
    host.setValues(t.sheetName, "L6", [[`note of table ${i + 1}`]]); // beside the row of record `id`
    t.sim().deleteRecords("History", [id]);
    removed.push(id);
  }
  const result = await refreshAll();
  expect(kinds(result)).toEqual(["refreshed", "refreshed", "refreshed"]);
  expect(
    result.tables.map((t) => t.outcome.kind === "refreshed" && t.outcome.result.keptOnRemovedSheet)
  ).toEqual([1, 1, 1]);
  // each refresh keeps its rows in a table of its own on that sheet, one below the other
  const keptTables = host.tables().filter((t) => t.sheet === "Removed by refresh");
  const kept: unknown[][] = [];
  for (const t of keptTables) kept.push(...(await readTable(t.name)).values);
  expect(
    kept.map((r) => [r[1], r[2 + 7], r.includes(`note of table ${kept.indexOf(r) + 1}`)])
  ).toEqual(tables.map((t, i) => [t.tableName, removed[i], true]));
});
