// Refresh: re-run the stored query of the active sheet's Claret table. The old rows stay exactly as they were until the
// new data are complete; then the same table object is resized and filled, keeping the user's columns and every
// formula that refers to the table.
import {
  readActiveTableQuery,
  readTablePlacement,
  swapIntoExistingTable,
  TableSwapError,
} from "../excel";
import { countOf } from "../sales";
import type {
  ClaretEndpoint,
  ClaretSession,
  SalesQuery,
  TableResult,
  UserMessage,
  WorkOptions,
} from "./api";
import { drainToStaging } from "./drain";
import { asWorkflowFailure, withLeftoverStagingSheet } from "./failure";
import { WorkflowError } from "./messages";

/** Said by the pane and the ribbon alike when the active sheet has nothing to refresh. */
export const NO_TABLE_TO_REFRESH =
  "The active sheet has no table pulled from Claret, so there is nothing to refresh. Go to the sheet of a pulled table, or pull sales first.";

/**
 * What the planner is told after a refresh, from the pane or the ribbon. Zero rows is a warning,
 * not a success: the table was emptied, which a planner should notice.
 */
export function refreshedMessage(r: TableResult): UserMessage {
  return {
    intent: r.rowCount > 0 ? "success" : "warning",
    text: `Refreshed table ${r.tableName} on sheet "${r.sheetName}": ${countOf(r.rowCount, "record")}.`,
  };
}

/** The stored query of the active sheet's Claret table, or null when it has none. */
export async function activeSheetQuery(): Promise<{
  endpoint: ClaretEndpoint;
  query: SalesQuery;
  tableName: string;
} | null> {
  const active = await readActiveTableQuery();
  return active
    ? { endpoint: active.stored.endpoint, query: active.stored.query, tableName: active.tableName }
    : null;
}

/** The same Claret: base URL without trailing slashes, tenant ignoring case. */
export function sameEndpoint(a: ClaretEndpoint, b: ClaretEndpoint): boolean {
  return (
    a.baseUrl.replace(/\/+$/, "") === b.baseUrl.replace(/\/+$/, "") &&
    a.tenant.toLowerCase() === b.tenant.toLowerCase()
  );
}

export async function refreshActiveSheet(
  session: ClaretSession,
  opts: WorkOptions = {}
): Promise<TableResult> {
  try {
    const active = await readActiveTableQuery();
    if (!active) throw new WorkflowError(NO_TABLE_TO_REFRESH);
    const { endpoint, query } = active.stored;
    if (!sameEndpoint(endpoint, session)) {
      throw new WorkflowError(
        `The table "${active.tableName}" was pulled from tenant "${endpoint.tenant}" at ${endpoint.baseUrl}, but you are signed in to "${session.tenant}" at ${session.baseUrl}. Sign in to "${endpoint.tenant}" to refresh it. Nothing was changed.`,
        { needsSignIn: true }
      );
    }
    const placement = await readTablePlacement(active.sheetName, active.tableId);
    const staging = await drainToStaging(
      session,
      query,
      { existingColumns: active.stored.claretColumns, headerRow: placement.headerRow },
      opts
    );
    try {
      return await swapIntoExistingTable(
        staging,
        { sheetName: active.sheetName, tableId: active.tableId, stored: active.stored },
        placement
      );
    } catch (error) {
      // A swap that could not restore the table keeps the staging sheet: it holds the backup the message points to.
      if (error instanceof TableSwapError && error.state !== "unchanged") throw error;
      if (!(await staging.discard())) throw withLeftoverStagingSheet(error, staging.name);
      throw error;
    }
  } catch (error) {
    throw asWorkflowFailure(error, "The table was not changed.");
  }
}
