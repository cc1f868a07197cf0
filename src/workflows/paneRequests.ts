// A tiny pub/sub between the ribbon commands and the task pane, which share one runtime.
// A command that needs the user (not signed in, no Claret table, a push to preview) opens the pane and
// publishes a request; the pane shows the view with the reason. A request sent before the pane has
// mounted is kept and delivered to the first subscriber. (A 401 mid-refresh waits in signInGate.ts.)
import type { ClaretEndpoint, DrainProgress, RefreshAllStep, UserMessage } from "./api";

export type PaneView = "signIn" | "pull" | "push" | "pushChanges" | "undo";

export interface PaneActivity {
  /** the work's id (newWorkId("ribbon")), the same on every progress report */
  id: string;
  /** what runs, e.g. "Refreshing Sales_History" */
  label: string;
  progress: DrainProgress;
  /** Refresh all: the table draining now */
  step?: RefreshAllStep;
  cancel: () => void;
}

export interface PaneRequest {
  /** the view to show; absent = stay where the pane is */
  view?: PaneView;
  /** the reason or result, shown in the pane's status/alert region */
  message?: UserMessage;
  /** further results shown after it (e.g. the tables still waiting for a sign-in) */
  more?: UserMessage[];
  /** work started from the ribbon that the pane should show, with its latest progress */
  activity?: PaneActivity;
  /** the id of ribbon work that ended (its result is `message`) */
  activityEnded?: string;
  /** the tenant and base URL to prefill when the pane asks to sign in */
  endpoint?: ClaretEndpoint;
}

/**
 * A refresh's outcome, its result or its failure (Refresh sheet, Refresh all, the refresh at open, from the pane or
 * the ribbon): in the pane it replaces the outcome of an earlier refresh (UserMessage.about).
 */
export function refreshOutcome(message: UserMessage): UserMessage {
  return { ...message, about: "refresh" };
}

type Listener = (request: PaneRequest) => void;

const listeners = new Set<Listener>();
let pending: PaneRequest[] = [];

/** Publishes a request to the pane; kept until a pane subscribes when none listens yet. */
export function requestPane(request: PaneRequest): void {
  if (listeners.size === 0) {
    // Progress of ribbon work nobody watches: keep only the latest, not every page's.
    const progressOf = (r: PaneRequest) =>
      Object.keys(r).length === 1 ? r.activity?.id : undefined;
    const id = progressOf(request);
    if (id !== undefined) pending = pending.filter((r) => progressOf(r) !== id);
    pending.push(request);
    return;
  }
  for (const listener of listeners) listener(request);
}

/** Subscribes the pane; delivers requests that arrived before it mounted. Returns the unsubscribe function. */
export function onPaneRequest(listener: Listener): () => void {
  listeners.add(listener);
  const queued = pending;
  pending = [];
  for (const request of queued) listener(request);
  return () => {
    listeners.delete(listener);
  };
}
