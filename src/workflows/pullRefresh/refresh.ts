// Refresh: re-run the stored query of the active sheet's Claret table and bring the table up to date in place. Rows
// are matched by Claret's record id, so a record still in Claret keeps its row — what the planner typed in it or
// beside it, its formatting, where they sorted it — and only the Claret cells that changed are written. Nothing in
// the workbook changes until every page is in; applying the changes completes or is rolled back.
import { ClaretAbortedError, linkedController, sameClaret } from "../../claret";
import {
  applyRefresh,
  readActiveTableQuery,
  type ClaretTableRef,
  readOwnValues,
  readStructure,
  sheetsNeeded,
  readTableCells,
  readTableShape,
  RefreshApplyError,
  REMOVED_SHEET,
  TableChangedError,
  type RemovedRowInfo,
  type TableState,
} from "../../excel";
import {
  ColumnLayout,
  columnSpec,
  planRefresh,
  recordsToRows,
  RefreshPlanError,
  rowsToLookUp,
  type CellValue,
} from "../../sales";
import type { ClaretEndpoint, ClaretSession, RefreshResult, SalesQuery, WorkOptions } from "../api";
import { fetchRecordsOfRows } from "../claretRecords";
import { drainInto, RowsInMemory } from "./drain";
import { asWorkflowFailure } from "../failure";
import {
  planProblemMessage,
  refreshApplyFailure,
  structureProtectedMessage,
  tableChangedMessage,
  WorkflowError,
} from "../messages";
import { renewingSession } from "../signIn/signInAgain";

export { refreshedMessage } from "../messages";

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

/** Refreshes the Claret table of the active sheet (see refreshTable). */
export async function refreshActiveSheet(
  session: ClaretSession,
  opts: WorkOptions = {}
): Promise<RefreshResult> {
  let active;
  try {
    active = await readActiveTableQuery();
  } catch (error) {
    throw asWorkflowFailure(error, "The table was not changed.");
  }
  if (!active) throw new WorkflowError(NO_TABLE_TO_REFRESH);
  return refreshTable(session, active, opts);
}

/**
 * Re-runs the stored query of one Claret table (found by readActiveTableQuery or readClaretTables) and brings the
 * table up to date in place, whole or not at all.
 */
export async function refreshTable(
  session: ClaretSession,
  active: ClaretTableRef,
  opts: WorkOptions = {}
): Promise<RefreshResult> {
  try {
    const { endpoint, query, claretColumns } = active.stored;
    if (!sameClaret(endpoint, session)) {
      throw new WorkflowError(
        `The table "${active.tableName}" was pulled from tenant "${endpoint.tenant}" at ${endpoint.baseUrl}, but you are signed in to "${session.tenant}" at ${session.baseUrl}. Sign in to "${endpoint.tenant}" to refresh it. Nothing was changed.`,
        { needsSignIn: true }
      );
    }
    const shape = await readTableShape(active.sheetName, active.tableId, claretColumns);
    const planOn = (
      table: Pick<TableState, "headers" | "claretCells" | "sort" | "otherSortCells">,
      records: { keys: string[]; rows: CellValue[][] }
    ) => {
      try {
        return planRefresh({ ...table, claretKeys: claretColumns }, records);
      } catch (error) {
        if (error instanceof RefreshPlanError)
          throw new WorkflowError(planProblemMessage(error.problem, shape), { cause: error });
        throw error;
      }
    };
    const noRecords = { keys: [...claretColumns], rows: [] };
    // A table without an id column is refused before anything is fetched.
    planOn({ ...shape, claretCells: [], otherSortCells: new Map() }, noRecords);

    await opts.beforeDrain?.();
    if (opts.signal?.aborted) throw new ClaretAbortedError();

    // A 401 asks for a sign-in; every later step (the lookup outside the window) uses the session signed in with last.
    const live = renewingSession(session, opts);
    // The table's cells are read while Claret's pages come in (nothing is written before both are in). Blank or
    // duplicate ids refuse the refresh as soon as the cells are read, and stop the drain.
    const stopDrain = linkedController(opts.signal);
    let state: TableState;
    let drained: RowsInMemory;
    try {
      const draining = drainInto(
        new RowsInMemory(active.stored.dateSystem),
        session,
        query,
        { existingColumns: claretColumns, headerRow: shape.headerRow },
        { ...opts, reauthenticate: live.reauthenticate, signal: stopDrain.signal }
      );
      draining.catch(() => undefined); // awaited below, once the cells are in
      try {
        state = await readTableCells(shape);
        planOn(state, noRecords);
      } catch (error) {
        stopDrain.abort(); // (a drain into memory leaves nothing in the workbook to wait for)
        throw error;
      }
      drained = await draining;
    } finally {
      stopDrain.release();
    }
    const plan = (records: { keys: string[]; rows: CellValue[][] }) => planOn(state, records);
    let keys = drained.columns.map((c) => c.key);
    const rows = drained.rows as CellValue[][];
    let refresh = plan({ keys, rows });
    // Rows the query did not return are gone only if Claret has no record of theirs at their own sell dates
    // either (a row Push changes created outside the window): those found are kept and updated like any other.
    const table = { claretKeys: claretColumns, claretCells: state.claretCells };
    const unmatched = rowsToLookUp(table, refresh, drained.dateSystem);
    if (unmatched.length > 0) {
      const outside = await live.run((s) => fetchRecordsOfRows(s, query, unmatched, opts.signal));
      if (outside.length > 0) {
        const layout = new ColumnLayout(keys);
        layout.observe(outside);
        for (const row of recordsToRows(outside, layout, drained.dateSystem)) rows.push(row);
        keys = [...layout.keys];
        refresh = plan({ keys, rows });
      }
    }
    if (opts.signal?.aborted) throw new ClaretAbortedError();
    await opts.afterDrain?.();

    const gone = [
      ...refresh.removals,
      ...(refresh.placeholder?.removed ? [refresh.placeholder.row] : []),
    ];
    const own = await readOwnValues(state, gone);
    const removed = new Map<number, RemovedRowInfo>(
      gone.map((row, i) => [row, { hasOwn: own.hasOwn[i], hidden: own.hidden[i] }])
    );
    if (opts.signal?.aborted) throw new ClaretAbortedError();
    await refuseSheetsOfProtectedWorkbook(sheetsNeeded(refresh, removed), state.tableName);
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
        // a query stored before the date system was kept gets it now (detected once, by this drain)
        stored: { ...active.stored, dateSystem: drained.dateSystem },
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
      undoGroupRefused: applied.undoGroupRefused,
    };
  } catch (error) {
    throw asWorkflowFailure(error, "The table was not changed.");
  }
}

/**
 * Applying the plan adds a sheet (the hidden backup, "Removed by refresh"): on a structure-protected workbook Excel
 * would refuse it, so the refresh stops here, before anything is written, naming what needed the sheet.
 */
async function refuseSheetsOfProtectedWorkbook(
  needs: ReturnType<typeof sheetsNeeded>,
  tableName: string
): Promise<void> {
  if (!needs.backup && needs.keptRows === 0) return;
  const structure = await readStructure(needs.keptRows > 0 ? [REMOVED_SHEET] : []);
  if (!structure.protected) return;
  throw new WorkflowError(
    structureProtectedMessage(
      structure.missing.length > 0
        ? { kind: "removedSheet", tableName, rows: needs.keptRows, sheetName: REMOVED_SHEET }
        : { kind: "refreshBackup", tableName }
    )
  );
}
