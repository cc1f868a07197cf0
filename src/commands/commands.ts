// Ribbon commands, associated in the shared runtime (manifest: SharedRuntime 1.1, lifetime long),
// so they share the task pane's session and are not cut off like plain function commands.
// event.completed() is called once the work is done, whatever happened — or as soon as the work waits for
// the planner (a refresh paused for a sign-in), never across that wait. A command that needs the planner
// tells them (tellPlanner: the pane, or the add-in's dialog when Office does not open the pane).
// The workflows are imported on first use: they are not needed to register the buttons, and keeping
// them out of the start-up chunk keeps the task pane's first paint fast.
import type { ClaretSession, UserMessage } from "../workflows/api";
import { onCellEditWait } from "../workflows/cellEditWait";
import { loadsAtOpen, trackPaneVisibility } from "../workflows/paneHost";
import { refreshOutcome, requestPane, type PaneRequest } from "../workflows/paneRequests";
import { tellPlanner } from "../workflows/reachPlanner";
import { newWorkId, signInGate } from "../workflows/signIn/signInGate";

/** A ribbon refresh that takes longer than this opens the pane to show its progress. */
const REVEAL_PROGRESS_AFTER_MS = 1500;
/** A ribbon refresh paused for a sign-in gives up (table unchanged) after this long: it never waits forever. */
export const PAUSED_REFRESH_LIMIT_MS = 15 * 60_000;

/** Shows the request in the pane; where Office does not open the pane, its message goes to the dialog. */
async function showPane(request: PaneRequest): Promise<void> {
  await tellPlanner(request, {
    intent: "info",
    text:
      request.view === "push"
        ? "Push selection shows its preview in the Claret pane."
        : request.view === "pushChanges"
          ? "Push changes shows what it will send in the Claret pane."
          : "Claret has something to show you in its pane.",
  });
}

/**
 * While Excel holds the ribbon's work until the planner leaves the cell they are editing, the pane says so (App.tsx):
 * it is brought into view as for the work's progress (a request without a message: the pane where Office allows it,
 * never a dialog). Returns the function that stops watching.
 */
function revealWhileCellEditWaits(): () => void {
  return onCellEditWait((waiting) => {
    if (waiting) void tellPlanner({});
  });
}

/** Re-runs the stored query of the table on the active sheet; asks for the pane only when the user is needed. */
export async function refreshSheetFromRibbon(release: () => void = () => undefined): Promise<void> {
  const [
    { activeSheetQuery, refreshActiveSheet, refreshedMessage, NO_TABLE_TO_REFRESH },
    { sessionFor },
    { tablesWaitingForSignIn },
    { stillWaitingMessage },
  ] = await Promise.all([
    import("../workflows/pullRefresh/refresh"),
    import("../workflows/signIn/session"),
    import("../workflows/pullRefresh/refreshAll"),
    import("../workflows/pullRefresh/refreshAllMessages"),
  ]);
  const target = await activeSheetQuery();
  if (!target) {
    // a refresh's outcome like any other (refreshOutcome): the next refresh's result replaces it
    await showPane({
      view: "pull",
      message: refreshOutcome({ intent: "warning", text: NO_TABLE_TO_REFRESH }),
    });
    return;
  }
  const session = await sessionFor(target.endpoint);
  if (!session) {
    await showPane({
      view: "signIn",
      endpoint: target.endpoint,
      message: refreshOutcome({
        intent: "warning",
        needsSignIn: true,
        text: `Sign in to ${target.endpoint.tenant} to refresh ${target.tableName}, then choose Refresh sheet again.`,
      }),
    });
    return;
  }
  const controller = new AbortController();
  const id = newWorkId("ribbon");
  const label = `Refreshing ${target.tableName}`;
  const cancel = () => controller.abort();
  requestPane({ activity: { id, label, progress: { recordsSoFar: 0, total: null }, cancel } });
  // A refresh runs with the pane closed, but a planner must not wait without being told why: if it is still
  // running after a moment, open the pane so the progress bar and Cancel are in view.
  // (a request without a message: it opens the pane where Office allows, never a dialog)
  const reveal = setTimeout(() => void tellPlanner({}), REVEAL_PROGRESS_AFTER_MS);
  const stopWatchingCellEdit = revealWhileCellEditWaits();
  try {
    const result = await refreshActiveSheet(session, {
      signal: controller.signal,
      onProgress: (progress) => requestPane({ activity: { id, label, progress, cancel } }),
      // A 401 mid-refresh: the pane asks to sign in; the refresh waits, with its staged rows, in the shared
      // runtime — but the command completes now, so Excel is not kept waiting on the planner.
      reauthenticate: (reason: UserMessage): Promise<ClaretSession | null> => {
        release();
        void tellPlanner(
          {},
          {
            intent: "warning",
            needsSignIn: true,
            text: `${reason.text} The refresh of ${target.tableName} is paused and carries on where it stopped once you sign in again; Cancel in the pane stops it and changes nothing.`,
          }
        );
        const endpoint = { baseUrl: session.baseUrl, tenant: session.tenant };
        const limit = setTimeout(() => signInGate.cancel(id), PAUSED_REFRESH_LIMIT_MS);
        return signInGate
          .waitForSignIn({ id, label, endpoint, reason })
          .finally(() => clearTimeout(limit));
      },
    });
    // the tables a Refresh all (or the workbook's open) left waiting are named on this result too
    const waiting = stillWaitingMessage(tablesWaitingForSignIn());
    requestPane({
      activityEnded: id,
      message: refreshOutcome(refreshedMessage(result)),
      ...(waiting ? { more: [refreshOutcome(waiting)] } : {}),
    });
  } catch (error) {
    requestPane({ activityEnded: id });
    throw error;
  } finally {
    clearTimeout(reveal);
    stopWatchingCellEdit();
  }
}

/**
 * Refreshes every Claret table of the workbook, one after another, with the progress in the pane (opened after a
 * moment, as for Refresh sheet). A table whose tenant needs a sign-in waits in the pane, named, while the others go
 * on; the command completes once only such tables remain (never across the planner's sign-in).
 */
export async function refreshAllFromRibbon(release: () => void = () => undefined): Promise<void> {
  const [{ refreshAll }, { refreshAllMessage, pausedTableMessage }] = await Promise.all([
    import("../workflows/pullRefresh/refreshAll"),
    import("../workflows/pullRefresh/refreshAllMessages"),
  ]);
  const controller = new AbortController();
  const id = newWorkId("ribbon");
  const label = "Refresh all";
  const cancel = () => controller.abort();
  requestPane({ activity: { id, label, progress: { recordsSoFar: 0, total: null }, cancel } });
  const reveal = setTimeout(() => void tellPlanner({}), REVEAL_PROGRESS_AFTER_MS);
  const stopWatchingCellEdit = revealWhileCellEditWaits();
  try {
    const result = await refreshAll({
      signal: controller.signal,
      workId: id,
      onProgress: (progress, step) =>
        requestPane({ activity: { id, label, progress, step, cancel } }),
      onPaused: (table, reason) => void tellPlanner({}, pausedTableMessage(table, reason)),
      onWaiting: (soFar) => {
        release();
        requestPane({ activityEnded: id, message: outcomeOf(refreshAllMessage(soFar)) });
      },
    });
    const message = outcomeOf(refreshAllMessage(result));
    if (result.tables.length === 0) {
      requestPane({ activityEnded: id });
      await showPane({ view: "pull", message });
      return;
    }
    requestPane({ activityEnded: id, message });
  } catch (error) {
    requestPane({ activityEnded: id });
    throw error;
  } finally {
    clearTimeout(reveal);
    stopWatchingCellEdit();
  }
}

/** Opens the pane on the push preview of the selection; nothing is written until the user confirms there. */
export async function pushSelectionFromRibbon(): Promise<void> {
  await showPane({ view: "push" });
}

/**
 * Opens the pane on the Push changes preview of the active sheet's table: the comparison runs there,
 * with its progress in view, and nothing is written until the planner confirms.
 */
export async function pushChangesFromRibbon(): Promise<void> {
  await showPane({ view: "pushChanges" });
}

const outcomeOf = (m: UserMessage | null) => (m ? refreshOutcome(m) : undefined);

async function runCommand(
  event: Office.AddinCommands.Event | undefined,
  work: (release: () => void) => Promise<void>,
  /** what a failure's message is made into (a refresh's: refreshOutcome) */
  outcome: (m: UserMessage) => UserMessage = (m) => m
): Promise<void> {
  let completed = false;
  const complete = () => {
    if (completed) return;
    completed = true;
    event?.completed();
  };
  try {
    await work(complete);
  } catch (error) {
    // The pane may be closed: open it (or the dialog) so the failure is seen, never swallowed.
    const { toUserMessage } = await import("../workflows/messages");
    const message = outcome(toUserMessage(error));
    await showPane(message.needsSignIn ? { view: "signIn", message } : { message });
  } finally {
    complete();
  }
}

/**
 * The shared runtime has started. When the document loads the add-in as it opens (startup behaviour Load: a table
 * asks to be refreshed when the workbook opens), the tables that ask for it are refreshed
 * as Refresh all does, with no pop-up: the pane is not shown and no dialog opens; the progress and the result wait in
 * the pane, and a table whose Claret session has ended waits in the sign-in gate, named, until the planner signs in.
 * Once no table asks any more, the document stops loading the add-in at open.
 */
export async function refreshAtOpen(): Promise<void> {
  // Asked first, of Office alone: a start without it (the planner opened the add-in) loads none of the workflows.
  if ((await loadsAtOpen()) !== true) return;
  const [{ claretTables, refreshAll }, { refreshAllMessage }, { matchStartupBehavior }] =
    await Promise.all([
      import("../workflows/pullRefresh/refreshAll"),
      import("../workflows/pullRefresh/refreshAllMessages"),
      import("../workflows/pullRefresh/refreshOnOpen"),
    ]);
  const asking = await claretTables(true);
  await matchStartupBehavior(asking.length > 0);
  if (asking.length === 0) return;
  const controller = new AbortController();
  const id = newWorkId("ribbon");
  const label = "Refresh at open";
  const cancel = () => controller.abort();
  requestPane({ activity: { id, label, progress: { recordsSoFar: 0, total: null }, cancel } });
  let message: UserMessage | undefined;
  try {
    message =
      refreshAllMessage(
        await refreshAll({
          atOpen: true,
          signal: controller.signal,
          workId: id,
          onProgress: (progress, step) =>
            requestPane({ activity: { id, label, progress, step, cancel } }),
          onWaiting: (soFar) =>
            requestPane({ activityEnded: id, message: outcomeOf(refreshAllMessage(soFar)) }),
        })
      ) ?? undefined;
  } catch (error) {
    const { toUserMessage } = await import("../workflows/messages");
    message = toUserMessage(error);
  }
  message = message && refreshOutcome(message);
  requestPane({ activityEnded: id, message });
}

/**
 * Associates the ribbon's functions. Call it first, synchronously, before anything heavy loads: the shared
 * runtime's start. Resolves once the start-up work (refreshAtOpen) is done.
 */
export function registerCommands(): Promise<void> {
  const ready = Office.onReady();
  void ready.then(trackPaneVisibility);
  Office.actions.associate("refreshSheet", (event?: Office.AddinCommands.Event) =>
    runCommand(event, refreshSheetFromRibbon, refreshOutcome)
  );
  Office.actions.associate("refreshAll", (event?: Office.AddinCommands.Event) =>
    runCommand(event, refreshAllFromRibbon, refreshOutcome)
  );
  Office.actions.associate("pushSelection", (event?: Office.AddinCommands.Event) =>
    runCommand(event, pushSelectionFromRibbon)
  );
  Office.actions.associate("pushChanges", (event?: Office.AddinCommands.Event) =>
    runCommand(event, pushChangesFromRibbon)
  );
  // never a pop-up, never an unhandled rejection: a failure to read the tables is only told in the pane
  return ready.then(refreshAtOpen).catch(async (error: unknown) => {
    const { toUserMessage } = await import("../workflows/messages");
    requestPane({ message: refreshOutcome(toUserMessage(error)) });
  });
}
