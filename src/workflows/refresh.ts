// Refresh: re-run the stored query of the active sheet's Claret table and bring the table up to date in place. Rows
// are matched by Claret's record id, so a record still in Claret keeps its row — what the planner typed in it or
// beside it, its formatting, where they sorted it — and only the Claret cells that changed are written. Nothing in
// the workbook changes until every page is in; applying the changes completes or is rolled back.
import { ClaretAbortedError } from "../claret";
import {
  applyRefresh,
  readActiveTableQuery,
  readOwnValues,
  readTableState,
  RefreshApplyError,
  REMOVED_SHEET,
  TableChangedError,
  type RemovedRowInfo,
} from "../excel";
import { columnSpec, planRefresh, RefreshPlanError, type CellValue } from "../sales";
import type { ClaretEndpoint, ClaretSession, RefreshResult, SalesQuery, WorkOptions } from "./api";
import { drainInto, RowsInMemory } from "./drain";
import { asWorkflowFailure } from "./failure";
import {
  planProblemMessage,
  refreshApplyFailure,
  tableChangedMessage,
  WorkflowError,
} from "./messages";

export { refreshedMessage } from "./messages";

/** Said by the pane and the ribbon alike when the active sheet has nothing to refresh. */
export const NO_TABLE_TO_REFRESH =
  "The active sheet has no table pulled from Claret, so there is nothing to refresh. Go to the sheet of a pulled table, or pull sales first.";

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
): Promise<RefreshResult> {
  try {
    const active = await readActiveTableQuery();
    if (!active) throw new WorkflowError(NO_TABLE_TO_REFRESH);
    const { endpoint, query, claretColumns } = active.stored;
    if (!sameEndpoint(endpoint, session)) {
      throw new WorkflowError(
        `The table "${active.tableName}" was pulled from tenant "${endpoint.tenant}" at ${endpoint.baseUrl}, but you are signed in to "${session.tenant}" at ${session.baseUrl}. Sign in to "${endpoint.tenant}" to refresh it. Nothing was changed.`,
        { needsSignIn: true }
      );
    }
    const state = await readTableState(active.sheetName, active.tableId, claretColumns);
    const current = {
      headers: state.headers,
      claretKeys: claretColumns,
      claretCells: state.claretCells,
      sort: state.sort,
      otherSortCells: state.otherSortCells,
    };
    const plan = (records: { keys: string[]; rows: CellValue[][] }) => {
      try {
        return planRefresh(current, records);
      } catch (error) {
        if (error instanceof RefreshPlanError)
          throw new WorkflowError(planProblemMessage(error.problem, state), { cause: error });
        throw error;
      }
    };
    // The table's ids are checked before anything is fetched: a table that cannot be matched is refused at once.
    plan({ keys: [...claretColumns], rows: [] });

    const drained = await drainInto(
      new RowsInMemory(),
      session,
      query,
      { existingColumns: claretColumns, headerRow: state.headerRow },
      opts
    );
    const keys = drained.columns.map((c) => c.key);
    const refresh = plan({ keys, rows: drained.rows as CellValue[][] });
    if (opts.signal?.aborted) throw new ClaretAbortedError();

    const gone = [
      ...refresh.removals,
      ...(refresh.placeholder?.removed ? [refresh.placeholder.row] : []),
    ];
    const own = await readOwnValues(state, gone);
    const removed = new Map<number, RemovedRowInfo>(
      gone.map((row, i) => [row, { hasOwn: own.hasOwn[i], hidden: own.hidden[i] }])
    );
    if (opts.signal?.aborted) throw new ClaretAbortedError();
    let applied;
    try {
      applied = await applyRefresh({
        // how far the sheet reaches beside the table now (the planner may have typed there during the drain)
        state: {
          ...state,
          usedFirstColumn: own.usedFirstColumn,
          usedLastColumn: own.usedLastColumn,
        },
        plan: refresh,
        removed,
        stored: active.stored,
        numberFormats: keys.map((k) => columnSpec(k).numberFormat),
        now: new Date(),
      });
    } catch (error) {
      if (error instanceof TableChangedError)
        throw new WorkflowError(tableChangedMessage(error.change, state), { cause: error });
      if (error instanceof RefreshApplyError)
        throw new WorkflowError(refreshApplyFailure(error, state.tableName), { cause: error });
      throw error;
    }
    return {
      sheetName: state.sheetName,
      tableName: state.tableName,
      rowCount: refresh.keptRows + refresh.counts.added,
      columns: refresh.headersAfter,
      updated: refresh.counts.updated,
      added: refresh.counts.added,
      removed: refresh.counts.removed,
      keptOnRemovedSheet: applied.keptOnRemovedSheet,
      removedSheet: REMOVED_SHEET,
      columnsAdded: applied.columnsAdded,
      sortReapplied: applied.sortReapplied,
      leftoverSheet: applied.leftoverSheet,
    };
  } catch (error) {
    throw asWorkflowFailure(error, "The table was not changed.");
  }
}
