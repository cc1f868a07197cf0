// "Refresh when this workbook opens": a table's own choice, stored with its query. While any table of the workbook
// asks for it, the add-in loads with the document (Office.addin.setStartupBehavior(load), SharedRuntime 1.1; none
// again once no table asks), and the start of its shared runtime refreshes those tables as Refresh all does
// (refreshAll({ atOpen: true }), src/commands), with no pop-up.
import { loadsAtOpen, setLoadAtOpen } from "../../excel/officeHost";
import { readActiveTableQuery, readClaretTables, storeRefreshOnOpen } from "../../excel/queryStore";
import type { OpenChoice, OpenChoiceResult } from "../api";
import { WorkflowError } from "../messages";
import { TABLE_GONE } from "./refreshAllMessages";
import { tableLabel } from "./refreshAll";

export type { OpenChoice, OpenChoiceResult };

/** The choice of the active sheet's Claret table; null when the sheet has none. */
export async function activeTableChoice(): Promise<OpenChoice | null> {
  const active = await readActiveTableQuery();
  return active
    ? {
        sheetName: active.sheetName,
        tableId: active.tableId,
        tableName: active.tableName,
        label: tableLabel(active),
        refreshOnOpen: active.stored.refreshOnOpen === true,
      }
    : null;
}

/** Stores the table's choice and makes the workbook load the add-in at open exactly while some table asks. */
export async function chooseRefreshOnOpen(
  table: Pick<OpenChoice, "sheetName" | "tableId">,
  refreshOnOpen: boolean
): Promise<OpenChoiceResult> {
  const stored = await storeRefreshOnOpen(table, refreshOnOpen);
  if (!stored) throw new WorkflowError(TABLE_GONE);
  const tables = await readClaretTables();
  const anyAsks = tables.some((t) => t.stored.refreshOnOpen === true);
  const startupSet = await setLoadAtOpen(anyAsks);
  const now = tables.find((t) => t.tableId === table.tableId);
  return {
    table: {
      sheetName: now?.sheetName ?? table.sheetName,
      tableId: table.tableId,
      tableName: stored.tableName,
      label: tableLabel({ stored }),
      refreshOnOpen,
    },
    anyAsks,
    startupSet,
  };
}

/** The document loads the add-in at open only while a table asks for it (a table deleted since still asked). */
export async function matchStartupBehavior(anyAsks: boolean): Promise<void> {
  if ((await loadsAtOpen()) === true && !anyAsks) await setLoadAtOpen(false);
}
