// A tiny pub/sub between the ribbon commands and the task pane, which share one runtime.
// A command that needs the user (not signed in, no Claret table, a push to preview, a 401 mid-refresh)
// opens the pane and publishes a request; the pane shows the view with the reason. A request sent
// before the pane has mounted is kept and delivered to the first subscriber.
import type { ClaretEndpoint, ClaretSession, DrainProgress, UserMessage } from "./api";

export type PaneView = "signIn" | "pull" | "push";

export interface PaneActivity {
  /** what runs, e.g. "Refreshing Sales_History" */
  label: string;
  progress: DrainProgress;
  cancel: () => void;
}

export interface PaneRequest {
  /** the view to show; absent = stay where the pane is */
  view?: PaneView;
  /** the reason or result, shown in the pane's status/alert region */
  message?: UserMessage;
  /** work started from the ribbon that the pane should show (null = it ended) */
  activity?: PaneActivity | null;
  /** the tenant and base URL to prefill when the pane asks to sign in */
  endpoint?: ClaretEndpoint;
  /** set with view "signIn" when a running command waits for the user to sign in again */
  resolveSignIn?: (session: ClaretSession | null) => void;
}

type Listener = (request: PaneRequest) => void;

const listeners = new Set<Listener>();
let pending: PaneRequest[] = [];

/** Publishes a request to the pane; kept until a pane subscribes when none listens yet. */
export function requestPane(request: PaneRequest): void {
  if (listeners.size === 0) {
    // Progress of ribbon work nobody watches: keep only the latest, not every page's.
    const progressOnly = (r: PaneRequest) =>
      Object.keys(r).length === 1 && r.activity !== undefined;
    if (progressOnly(request)) pending = pending.filter((r) => !progressOnly(r));
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
