// "Refresh when this workbook opens": a table's choice, stored with its query, makes the workbook load the add-in
// as it opens (Office.addin.setStartupBehavior); the shared runtime's start (registerCommands, as taskpane.html
// runs it) then refreshes those tables as Refresh all does, with no pop-up. With and without a Claret session. Real
// HTTP to the simulators, the real adapters through the emulator, a document open modelled by the emulator.
import { startSimulator, type Simulator } from "../../dev/claret-sim";
import { refreshSheetFromRibbon, registerCommands } from "../../src/commands/commands";
import type { SalesQuery } from "../../src/claret";
import type { TableResult } from "../../src/workflows/api";
import { onPaneRequest, type PaneRequest } from "../../src/workflows/paneRequests";
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { refreshAll } from "../../src/workflows/pullRefresh/refreshAll";
import {
  openChoiceMessage,
  refreshAllMessage,
} from "../../src/workflows/pullRefresh/refreshAllMessages";
import {
  activeTableChoice,
  chooseRefreshOnOpen,
} from "../../src/workflows/pullRefresh/refreshOnOpen";
import { signIn } from "../../src/workflows/signIn/session";
import { signInGate } from "../../src/workflows/signIn/signInGate";
import { installExcelHost, type ExcelHost } from "../helpers/excelHost";
import { ALL_HISTORY } from "../helpers/simulator";
import { readTable } from "../helpers/workbook";

jest.setTimeout(60_000);

const BUDGET_2025: SalesQuery = {
  saleTypeName: "Budget",
  startDate: "2025-01-01",
  durationDays: 364,
  includeHierarchy: false,
};

let host: ExcelHost;
let demo: Simulator;
let acme: Simulator;
let history: TableResult; // acme's, asks to be refreshed at open
let budget: TableResult; // demo's, does not
let requests: PaneRequest[];
let stopListening: () => void;

const login = (sim: Simulator) =>
  signIn({ baseUrl: sim.url, tenant: sim.tenant }, sim.email, sim.password);
const choiceOf = async (t: TableResult) => {
  host.activate(t.sheetName);
  return (await activeTableChoice())!;
};
const messages = () => requests.flatMap((r) => (r.message ? [r.message.text] : []));

beforeEach(async () => {
  host = installExcelHost();
  [demo, acme] = await Promise.all([
    startSimulator({ records: 300 }),
    startSimulator({ records: 2222, tenant: "acme" }),
  ]);
  history = await pullSales(await login(acme), ALL_HISTORY);
  budget = await pullSales(await login(demo), BUDGET_2025);
  requests = [];
  stopListening = onPaneRequest((r) => requests.push(r));
});
afterEach(async () => {
  stopListening();
  await Promise.all([demo.close(), acme.close()]);
});

describe("the choice, on the table's sheet", () => {
  test("is off for a pulled table; on makes the workbook load the add-in at open, and off again (the last table) stops it", async () => {
    expect(await choiceOf(history)).toMatchObject({
      label: "History 2020-01-01 1826d",
      refreshOnOpen: false,
    });
    const on = await chooseRefreshOnOpen(await choiceOf(history), true);
    expect(on).toMatchObject({ anyAsks: true, startupSet: true });
    expect(host.startupBehavior).toBe("Load");
    expect(openChoiceMessage(on)).toEqual({
      intent: "success",
      text: "History 2020-01-01 1826d will be refreshed each time this workbook opens, with no pop-up; a table whose Claret sign-in has ended then waits for you in the Claret pane. Save the workbook to keep this choice.",
    });
    expect((await choiceOf(history)).refreshOnOpen).toBe(true);
    expect((await choiceOf(budget)).refreshOnOpen).toBe(false);

    await chooseRefreshOnOpen(await choiceOf(budget), true);
    await chooseRefreshOnOpen(await choiceOf(history), false);
    expect(host.startupBehavior).toBe("Load"); // Budget still asks
    const off = await chooseRefreshOnOpen(await choiceOf(budget), false);
    expect(off).toMatchObject({ anyAsks: false });
    expect(host.startupBehavior).toBe("None");
    expect(openChoiceMessage(off).text).toBe(
      "Budget 2025-01-01 364d will no longer be refreshed when this workbook opens."
    );
  });

  test("a sheet without a Claret table has no choice to show", async () => {
    host.addSheet("Notes");
    host.activate("Notes");
    expect(await activeTableChoice()).toBeNull();
  });

  test("survives a refresh of the table, and save and reopen", async () => {
    await chooseRefreshOnOpen(await choiceOf(history), true);
    host.activate(history.sheetName);
    await refreshAll();
    expect(host.saveAndReopen()).toEqual({ addinLoaded: true });
    expect((await choiceOf(history)).refreshOnOpen).toBe(true);
  });
});

describe("when the workbook opens", () => {
  test("with a session: the add-in loads, refreshes the table that asks (only it), and tells the pane — no pane shown, no dialog", async () => {
    await chooseRefreshOnOpen(await choiceOf(history), true);
    acme.insertRecords("History", [
      { item_name: "At Open", customer_group_name: "Opened", sell_date: "2022-02-01", quantity: 1 },
    ]);
    demo.insertRecords("Budget", [
      { item_name: "At Open", customer_group_name: "Opened", sell_date: "2025-02-01", quantity: 1 },
    ]);
    const budgetBefore = await readTable(budget.tableName);
    expect(host.saveAndReopen()).toEqual({ addinLoaded: true });

    await registerCommands(); // the shared runtime starts, as Excel loads it with the document

    expect((await readTable(history.tableName)).values).toHaveLength(2223);
    expect(await readTable(budget.tableName)).toEqual(budgetBefore);
    expect(host.taskpane.visible).toBe(false);
    expect(host.dialog.history).toEqual([]);
    expect(messages()).toEqual([
      "Refreshed as the workbook opened: the table refreshed.\nHistory 2020-01-01 1826d: 0 updated, 1 added, 0 removed.",
    ]);
    // its progress went to the pane (shown there once the planner opens it), as "Table 1 of 1"
    expect(requests.find((r) => r.activity?.step)?.activity?.step).toEqual({
      index: 1,
      of: 1,
      label: "History 2020-01-01 1826d",
    });
  });

  test("without a session: the table waits for a sign-in, named in the pane and in the ribbon's next results, until the planner signs in", async () => {
    await chooseRefreshOnOpen(await choiceOf(history), true);
    acme.insertRecords("History", [
      { item_name: "At Open", customer_group_name: "Opened", sell_date: "2022-02-01", quantity: 1 },
    ]);
    acme.revokeTokens(); // acme's session has ended since the workbook was last open
    const before = await readTable(history.tableName);
    expect(host.saveAndReopen()).toEqual({ addinLoaded: true });

    let started = false;
    const opened = registerCommands().then(() => (started = true));
    await until(() => signInGate.paused().length > 0);
    expect(signInGate.paused().map((w) => [w.label, w.endpoint.tenant])).toEqual([
      ["Refreshing History 2020-01-01 1826d", "acme"],
    ]);
    expect(messages()).toEqual([
      expect.stringMatching(
        /^Refreshed as the workbook opened: 0 of 1 table refreshed, 1 waiting for a sign-in\.\nHistory 2020-01-01 1826d waits for you to sign in to acme/
      ),
    ]);
    expect(host.taskpane.visible).toBe(false); // no pop-up at open
    expect(host.dialog.history).toEqual([]);
    expect(started).toBe(false);
    expect(await readTable(history.tableName)).toEqual(before);

    // the next Refresh all (the ribbon's) names it as waiting and refreshes the others
    const next = await refreshAll();
    expect(refreshAllMessage(next)?.text).toContain(
      "History 2020-01-01 1826d waits for you to sign in to acme; it is refreshed once you do (it was paused by an earlier refresh)."
    );

    // and so does the ribbon's next Refresh sheet, of another table
    host.activate(budget.sheetName);
    await refreshSheetFromRibbon();
    const last = requests.at(-1)!;
    expect(last.message?.text).toMatch(/^Refreshed table Claret_Budget/);
    expect(last.more?.map((m) => m.text)).toEqual([
      "Still waiting for you to sign in: History 2020-01-01 1826d (acme); refreshed once you sign in to acme in the Claret pane.",
    ]);

    signInGate.resume(await login(acme)); // the planner signs in, in the pane
    await opened;
    expect((await readTable(history.tableName)).values).toHaveLength(2223);
    expect(messages().at(-1)).toBe(
      "Refreshed as the workbook opened: the table refreshed.\nHistory 2020-01-01 1826d: 0 updated, 1 added, 0 removed."
    );
  });

  test("a workbook whose tables no longer ask (the one that did was deleted) stops loading the add-in", async () => {
    await chooseRefreshOnOpen(await choiceOf(history), true);
    await Excel.run(async (context) => {
      context.workbook.tables.getItem(history.tableName).delete();
      await context.sync();
    });
    expect(host.saveAndReopen()).toEqual({ addinLoaded: true });
    await registerCommands();
    expect(requests).toEqual([]); // nothing to refresh, nothing to tell
    expect(host.saveAndReopen()).toEqual({ addinLoaded: false });
  });

  test("a workbook whose startup behaviour is None loads no workflow when the add-in starts, and refreshes nothing", async () => {
    await chooseRefreshOnOpen(await choiceOf(history), true);
    await host.Office.addin.setStartupBehavior(host.Office.StartupBehavior.none);
    expect(host.saveAndReopen()).toEqual({ addinLoaded: false });
    host.resetSyncLog();
    await registerCommands(); // the planner opened the add-in
    expect(host.syncLog).toEqual([]);
    expect(requests).toEqual([]);
  });
});

/** Polls a condition the add-in's own work makes true (no fixed wait). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setImmediate(r));
}
