// What the pane shows after ribbon refreshes: a result replaces the message of the same work, so an earlier
// refresh's error or warning never sits beside a newer outcome. The ribbon's buttons are clicked through the
// emulator (Office.actions), the pane's requests go through the pane's own reducer (requestActions, as App.tsx
// dispatches them). Real HTTP to the simulator, the real adapters through the emulator.
import { registerCommands } from "../../src/commands/commands";
import type { TableResult } from "../../src/workflows/api";
import { onPaneRequest } from "../../src/workflows/paneRequests";
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { signIn } from "../../src/workflows/signIn/session";
import {
  initialPaneState,
  paneReducer,
  requestActions,
  type PaneState,
} from "../../src/taskpane/paneState";
import { installExcelHost, type ExcelHost } from "../helpers/excelHost";
import { ALL_HISTORY, startSimulatorHarness, type SimulatorHarness } from "../helpers/simulator";

jest.setTimeout(60_000);

let host: ExcelHost;
let h: SimulatorHarness;
let table: TableResult;
let pane: PaneState;
let stopListening: () => void;

beforeEach(async () => {
  host = installExcelHost();
  h = await startSimulatorHarness({ records: 200 });
  const session = await signIn(
    { baseUrl: h.sim.url, tenant: h.sim.tenant },
    h.sim.email,
    h.sim.password
  );
  table = await pullSales(session, ALL_HISTORY);
  pane = paneReducer(initialPaneState(), { type: "loaded", session, defaultBaseUrl: "" });
  stopListening = onPaneRequest((request) => {
    for (const action of requestActions(request)) pane = paneReducer(pane, action);
  });
  await registerCommands();
});
afterEach(async () => {
  stopListening();
  await h.close();
});

const shown = () => pane.messages.map((m) => `${m.intent}: ${m.text}`);
const refreshed = () =>
  expect.stringMatching(new RegExp(`^success: Refreshed table ${table.tableName} .*: no changes`));
const click = async (id: string) =>
  expect(await host.actions.invoke(id)).toEqual({ completed: true });

test("a ribbon refresh that failed (HTTP 500), then a good one: only the good one's summary is shown", async () => {
  const fault = h.sim.faults.add({
    route: "GET /sales",
    fault: { kind: "status", status: 500, retryAfter: "0" },
  });
  await click("refreshSheet");
  expect(shown()).toEqual([
    expect.stringMatching(/^error: .*HTTP 500.*The table was not changed\.$/),
  ]);
  fault.remove();
  await click("refreshSheet");
  expect(shown()).toEqual([refreshed()]);
});

test("Refresh sheet on a sheet without a Claret table, then on the table's sheet: the warning goes with the result", async () => {
  host.addSheet("Notes");
  host.activate("Notes");
  await click("refreshSheet");
  expect(shown()).toEqual([
    expect.stringMatching(/^warning: The active sheet has no table pulled from Claret/),
  ]);
  host.activate(table.sheetName);
  await click("refreshSheet");
  expect(shown()).toEqual([refreshed()]);
});
