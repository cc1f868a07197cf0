// Refresh sheet from the ribbon while the planner types in a cell: the pane, where the waiting is said, comes into
// view as for the refresh's progress, and once the planner leaves the cell the refresh completes with its result.
import { startSimulator, type Simulator } from "../../dev/claret-sim";
import { refreshSheetFromRibbon } from "../../src/commands/commands";
import type { TableResult } from "../../src/workflows/api";
import { onCellEditWait } from "../../src/workflows/cellEditWait";
import { onPaneRequest, type PaneRequest } from "../../src/workflows/paneRequests";
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { signIn } from "../../src/workflows/signIn/session";
import { installExcelHost, type ExcelHost } from "../helpers/excelHost";
import { ALL_HISTORY } from "../helpers/simulator";
import { tableRows } from "../helpers/workbook";

jest.setTimeout(30_000);

let host: ExcelHost;
let sim: Simulator;
let table: TableResult;
let requests: PaneRequest[];
let stopListening: () => void;
beforeEach(async () => {
  host = installExcelHost();
  sim = await startSimulator({ records: 300 });
  table = await pullSales(
    await signIn({ baseUrl: sim.url, tenant: sim.tenant }, sim.email, sim.password),
    ALL_HISTORY
  );
  requests = [];
  stopListening = onPaneRequest((r) => requests.push(r));
});
afterEach(async () => {
  stopListening();
  if (host.editCell.active) host.editCell.end();
  await sim.close();
});

test("a ribbon refresh held by a cell edit shows the pane, then completes once the planner leaves the cell", async () => {
  const ids = (await tableRows(table.tableName)).map((r) => r.id as number);
  sim.setQuantities("History", [{ id: ids[4], quantity: 4321 }]);
  let toldWaiting!: () => void;
  const told = new Promise<void>((resolve) => (toldWaiting = resolve));
  const stopHearing = onCellEditWait((waiting) => waiting && toldWaiting());
  const stopWatching = host.onChange(() => {
    stopWatching(); // the refresh's first change is in: the planner starts typing in a cell
    host.editCell.start();
  });
  const refreshing = refreshSheetFromRibbon();
  await told;
  stopHearing();
  expect(host.editCell.waiting).toBeGreaterThan(0);
  await new Promise<void>((shown) =>
    host.taskpane.visible ? shown() : host.taskpane.onShow(shown)
  );
  // the table is not whole yet: the refresh waits, and its progress is in the pane
  expect(requests.some((r) => r.activity?.label === `Refreshing ${table.tableName}`)).toBe(true);

  host.editCell.end();
  await refreshing;
  expect(requests.at(-1)).toMatchObject({
    message: {
      intent: "success",
      text: expect.stringMatching(`^Refreshed table ${table.tableName}`),
    },
  });
  const quantities = new Map((await tableRows(table.tableName)).map((r) => [r.id, r.quantity]));
  expect(quantities).toEqual(new Map(sim.salesOf("History").map((r) => [r.id, r.quantity])));
});
