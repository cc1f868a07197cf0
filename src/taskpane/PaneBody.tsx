// Which view the pane shows, from its phase: a spinner while it loads; the sign-in form (first, or again while
// works wait for it) and the open push view, in one shape; or the signed-in view with the pull form.
import type { ReactNode } from "react";
import { Spinner } from "@fluentui/react-components";
import type { PauseForSignIn, UserMessage } from "../workflows/api";
import type { PullValues } from "./formValidation";
import { phaseOf, runningWorks, isBusy, type PaneState, type PaneViewName } from "./paneState";
import type { SignInFormProps } from "./SignInForm";
import type { PaneWorks } from "./usePaneWorks";
import { PausedWorks, RunningWorks } from "./WorkLists";
import { PushViewHost } from "./PushViewHost";
import { SignInSection } from "./SignInSection";
import { SignedInView } from "./SignedInView";

export interface PaneBodyProps {
  state: PaneState;
  /** changes each time the planner comes back to the pane (the active sheet may be another) */
  lookedAt: number;
  defaultPull?: Partial<PullValues>;
  works: PaneWorks;
  onSignIn: SignInFormProps["onSignIn"];
  /** Cancel of one work, running or paused (useWorkCancels) */
  onCancel: (id: string) => void;
  pauseForSignIn: PauseForSignIn;
  onOpenView: (view: Exclude<PaneViewName, "pull">) => void;
  /** stable, like onMessage: a push view's preview depends on them */
  onClosePush: () => void;
  onMessage: (message: UserMessage | null) => void;
}

export function PaneBody({
  state,
  lookedAt,
  defaultPull,
  works,
  onSignIn,
  onCancel,
  pauseForSignIn,
  onOpenView,
  onClosePush,
  onMessage,
}: PaneBodyProps) {
  const phase = phaseOf(state);
  if (phase === "loading") return <Spinner size="small" label="Loading…" />;

  const session = state.session;
  const running = (
    <RunningWorks works={runningWorks(state)} onCancel={onCancel} onMessage={onMessage} />
  );
  // The push views (selection, changes, undo) stay mounted, hidden, while a sign-in is asked for: a
  // comparison or push paused by a 401 carries on in them once the planner has signed in again.
  const pushView: ReactNode =
    session && state.view !== "pull" && phase !== "signedOut" ? (
      <PushViewHost
        view={state.view}
        requestKey={state.pushKey}
        session={session}
        hidden={phase === "pausedForSignIn"}
        onClose={onClosePush}
        onMessage={onMessage}
        pauseForSignIn={pauseForSignIn}
      />
    ) : null;

  if (phase === "pausedForSignIn" || phase === "signedOut" || pushView !== null) {
    const paused = phase === "pausedForSignIn";
    // one shape for all three, so the push view keeps its place (and its state) across a sign-in
    return (
      <>
        {running}
        {(paused || phase === "signedOut") && (
          <SignInSection
            again={paused}
            endpoint={state.endpoint}
            busy={state.signingIn}
            onSignIn={onSignIn}
          />
        )}
        {paused && (
          <PausedWorks
            paused={state.paused}
            works={state.works}
            onCancel={onCancel}
            onMessage={onMessage}
          />
        )}
        {pushView}
      </>
    );
  }

  return (
    <SignedInView
      progress={running}
      busy={isBusy(state)}
      lookedAt={lookedAt}
      defaultPull={defaultPull}
      onPull={(q) => void works.pull(q)}
      onRefresh={() => void works.refresh()}
      onRefreshAll={() => void works.refreshAll()}
      onOpenView={onOpenView}
      onMessage={onMessage}
    />
  );
}
