// The open push view (Push selection, Push changes or Undo last push), in its boundary. It stays mounted, hidden,
// while a sign-in is asked for: a comparison or push paused by a 401 carries on in it once the planner has signed
// in again. A new request (requestKey) or another view starts its boundary afresh.
import { Suspense } from "react";
import { Spinner } from "@fluentui/react-components";
import type { ClaretSession, PauseForSignIn, UserMessage } from "../workflows/api";
import type { PaneViewName } from "./paneState";
import { ViewBoundary } from "./ViewBoundary";
import { PushChangesPanel, PushPanel, UndoPanel } from "./lazyViews";

export interface PushViewHostProps {
  view: Exclude<PaneViewName, "pull">;
  requestKey: number;
  session: ClaretSession;
  hidden: boolean;
  onClose: () => void;
  onMessage: (message: UserMessage | null) => void;
  pauseForSignIn: PauseForSignIn;
}

export function PushViewHost({
  view,
  requestKey,
  session,
  hidden,
  onClose,
  onMessage,
  pauseForSignIn,
}: PushViewHostProps) {
  const PushView =
    view === "undo" ? UndoPanel : view === "pushChanges" ? PushChangesPanel : PushPanel;
  return (
    <div hidden={hidden}>
      <ViewBoundary onMessage={onMessage} onBack={onClose} resetKeys={[view, requestKey]}>
        <Suspense
          fallback={
            <Spinner
              size="small"
              label={view === "push" ? "Opening the push preview…" : "Opening…"}
            />
          }
        >
          <PushView
            session={session}
            requestKey={requestKey}
            onClose={onClose}
            onMessage={onMessage}
            pauseForSignIn={pauseForSignIn}
          />
        </Suspense>
      </ViewBoundary>
    </div>
  );
}
