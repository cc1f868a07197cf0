// The pane's own works, Pull sales, Refresh sheet and Refresh all: each listed with its progress and a Cancel
// (useWorkCancels) while it runs, paused for a sign-in when Claret's session ends, its outcome put in the status.
import type { Dispatch, RefObject } from "react";
import {
  countOf,
  type ClaretSession,
  type SalesQuery,
  type TableResult,
  type UserMessage,
  type WorkOptions,
} from "../workflows/api";
import { refreshOutcome } from "../workflows/paneRequests";
import { newWorkId, signInGate } from "../workflows/signIn/signInGate";
import { loadWorkflows, type WorkflowCalls } from "./loadWorkflows";
import { loadFailedMessage } from "./loadFailure";
import { inclusiveEndDate } from "./formValidation";
import { isBusy, type PaneAction, type PaneState } from "./paneState";
import type { WorkCancels } from "./useWorkCancels";

/** What a pull did, as the status says it. */
function pulledMessage(query: SalesQuery, r: TableResult): UserMessage {
  return r.rowCount > 0
    ? {
        intent: "success",
        text: `Pulled ${countOf(r.rowCount, "record")} into table ${r.tableName} on sheet "${r.sheetName}".`,
      }
    : {
        // An empty table is still made (it can be refreshed later), but an empty result must not read as a plain success.
        intent: "warning",
        text:
          `Claret has no ${query.saleTypeName} records from ${query.startDate} through ${inclusiveEndDate(query.startDate, String(query.durationDays))}. ` +
          `Table ${r.tableName} on sheet "${r.sheetName}" has the columns but no rows; check the sale type and dates, or use Refresh sheet later.`,
      };
}

/** The pane's own works, each started by its button; a work is not started while another runs. */
export interface PaneWorks {
  pull(query: SalesQuery): Promise<void>;
  refresh(): Promise<void>;
  refreshAll(): Promise<void>;
}

export function usePaneWorks(
  state: PaneState,
  dispatch: Dispatch<PaneAction>,
  cancels: WorkCancels,
  sessionRef: RefObject<ClaretSession | null>
): PaneWorks {
  const runWork = async <R extends TableResult>(
    label: string,
    work: (calls: WorkflowCalls, s: ClaretSession, opts: WorkOptions) => Promise<R>,
    done: (calls: WorkflowCalls, r: R) => UserMessage,
    /** what the outcome, result or failure, is made into (a refresh's: refreshOutcome) */
    outcome: (m: UserMessage) => UserMessage = (m) => m
  ) => {
    const s = sessionRef.current;
    if (!s || isBusy(state)) return;
    const id = newWorkId("pane");
    const controller = new AbortController();
    cancels.add(id, () => controller.abort());
    dispatch({ type: "workStarted", work: { id, origin: "pane", label } });
    let message: UserMessage;
    let calls: WorkflowCalls | undefined;
    try {
      calls = await loadWorkflows(); // loading since the pull form was shown
      const result = await work(calls, s, {
        signal: controller.signal,
        onProgress: (progress) => dispatch({ type: "workProgress", id, progress }),
        reauthenticate: (reason) =>
          signInGate.waitForSignIn({
            id,
            label,
            endpoint: { baseUrl: s.baseUrl, tenant: s.tenant },
            reason,
          }),
      });
      message = done(calls, result);
    } catch (error) {
      message = calls ? calls.toUserMessage(error) : loadFailedMessage(error);
    } finally {
      cancels.remove(id);
    }
    dispatch({ type: "workEnded", id, message: outcome(message) });
  };

  const pull = (query: SalesQuery) =>
    runWork(
      `Pulling ${query.saleTypeName}`,
      (calls, s, opts) => calls.pullSales(s, query, opts),
      (_, r) => pulledMessage(query, r)
    );

  const refresh = () =>
    runWork(
      "Refreshing the sheet",
      (calls, s, opts) => calls.refreshActiveSheet(s, opts),
      (calls, r) => calls.refreshedMessage(r),
      refreshOutcome
    );

  // Every Claret table of the workbook, one after another. While only tables waiting for a sign-in remain, the
  // result so far is shown and the pane is free again; each waiting table has its own Cancel in the paused list.
  const refreshAllTables = async () => {
    if (isBusy(state)) return;
    const id = newWorkId("pane");
    const controller = new AbortController();
    cancels.add(id, () => controller.abort());
    dispatch({ type: "workStarted", work: { id, origin: "pane", label: "Refresh all" } });
    const outcomeOf = (m: UserMessage | null) => (m ? refreshOutcome(m) : undefined);
    let message: UserMessage | null;
    let calls: WorkflowCalls | undefined;
    try {
      calls = await loadWorkflows();
      const { refreshAll, refreshAllMessage } = calls;
      message = refreshAllMessage(
        await refreshAll({
          signal: controller.signal,
          workId: id,
          onProgress: (progress, step) => dispatch({ type: "workProgress", id, progress, step }),
          onWaiting: (soFar) =>
            dispatch({ type: "workEnded", id, message: outcomeOf(refreshAllMessage(soFar)) }),
        })
      );
    } catch (error) {
      message = calls ? calls.toUserMessage(error) : loadFailedMessage(error);
    } finally {
      cancels.remove(id);
    }
    dispatch({ type: "workEnded", id, message: outcomeOf(message) });
  };

  return { pull, refresh, refreshAll: refreshAllTables };
}
