// The set-up of the workflow tests that start from a pulled table (push, undo, refresh): a fresh
// emulated Excel, a Claret simulator on loopback, the planner's session, and a table pulled through
// the real adapters; and what those tests ask of the pair (the Claret record behind a row, a row
// added for a new key).
import type { SaleRecord, SalesQuery } from "../../src/claret";
import type { ChangesOptions, TableResult } from "../../src/workflows/api";
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { installExcelHost, type ExcelHost } from "./excelHost";
import { ALL_HISTORY, startSimulatorHarness, type SimulatorHarness } from "./simulator";
import { readTable, tableCell } from "./workbook";

export interface Planner {
  host: ExcelHost;
  h: SimulatorHarness;
  /** signed in with the simulator's planner email (the push log records it) */
  session: SimulatorHarness["session"];
}

/** A fresh Excel host and a simulator seeded with `records` History records; the planner signed in. */
export async function startPlanner(records: number): Promise<Planner> {
  const host = installExcelHost();
  const h = await startSimulatorHarness({ records });
  return { host, h, session: { ...h.session, email: h.sim.email } };
}

export type PulledTable = Planner & TableResult;

/** startPlanner, then the planner pulls `query` (every History record by default) into a new table. */
export async function pullTable(
  records: number,
  query: SalesQuery = ALL_HISTORY
): Promise<PulledTable> {
  const planner = await startPlanner(records);
  return { ...planner, ...(await pullSales(planner.session, query)) };
}

/** Push changes' options: no conflict choices, no key changes sent. */
export const changesOptions = (opts: { createMissingLinks: boolean }): ChangesOptions => ({
  createMissingLinks: opts.createMissingLinks,
  conflictChoices: {},
  sendKeyChanges: false,
});

/** The simulator's History record behind data row `row` of the table (by its id). */
export async function recordOfRow(
  h: SimulatorHarness,
  tableName: string,
  row: number
): Promise<SaleRecord> {
  const id = await tableCell(tableName, row, "id");
  return h.sim.salesOf("History").find((r) => r.id === id)!;
}

/** Adds a History row (no id) for `pair` at `sellDate`, monthly, at the table's end; returns its data row. */
export async function addRowForPair(
  tableName: string,
  pair: { item_name: string; customer_group_name: string },
  sellDate: string,
  quantity: number
): Promise<number> {
  const t = await readTable(tableName);
  const values: Record<string, string | number> = {
    sell_date: sellDate,
    item_name: pair.item_name,
    customer_group_name: pair.customer_group_name,
    quantity,
    timing_interval_span: "month",
    sale_type_name: "History",
  };
  await Excel.run(async (context) => {
    const row = t.headers.map((header) => values[header] ?? "");
    context.workbook.tables.getItem(tableName).rows.add(undefined, [row]);
    await context.sync();
  });
  return t.values.length;
}
