// How a ribbon command reaches the planner when it needs them: the pane is asked to show the request, and
// Office to show the pane. When the pane is not in view shortly after — Office ignores showAsTaskpane() for
// add-ins installed from the Marketplace (since 2026-02-23), or the host has no shared runtime — the message
// goes to the add-in's own dialog (Office dialog API) as well, so it is never lost. Nothing here waits for
// the planner: the dialog is opened and left to them.
import type { UserMessage } from "./api";
import { paneShownWithin, showDialog, showTaskpane } from "./paneHost";
import { requestPane, type PaneRequest } from "./paneRequests";

/** How long the pane may take to come into view after showAsTaskpane() before the dialog is used. */
export const PANE_SHOWN_WAIT_MS = 1500;

const OPEN_PANE =
  "To open the Claret pane, choose Show task pane in the Claret group on the Home tab";

/** What the dialog adds to the message: how to get to the pane, and what waits there. */
function hintFor(request: PaneRequest): string {
  if (request.view === "push")
    return `${OPEN_PANE}: the preview of your selection is waiting there, and nothing is sent until you confirm it.`;
  if (request.view === "pushChanges")
    return `${OPEN_PANE}: your changes are listed there, and nothing is sent until you confirm them.`;
  if (request.view === "signIn" || request.message?.needsSignIn)
    return `${OPEN_PANE} and sign in there.`;
  return `${OPEN_PANE}.`;
}

/** The dialog page's address (beside the pane's page) for a message. */
export function dialogPageFor(message: UserMessage, hint: string): string {
  return `dialog.html?${new URLSearchParams({ intent: message.intent, text: message.text, hint })}`;
}

export type Reached = "pane" | "dialog" | "waiting in the pane";

/**
 * Shows `request` in the pane, and the message in a dialog when the pane does not come into view.
 * `dialogMessage` is what the dialog says when the request carries no message of its own.
 */
export async function tellPlanner(
  request: PaneRequest,
  dialogMessage?: UserMessage
): Promise<Reached> {
  requestPane(request);
  await showTaskpane();
  if (await paneShownWithin(PANE_SHOWN_WAIT_MS)) return "pane";
  const message = request.message ?? dialogMessage;
  if (!message) return "waiting in the pane";
  return (await showDialog(dialogPageFor(message, hintFor(request))))
    ? "dialog"
    : "waiting in the pane";
}
