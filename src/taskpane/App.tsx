// The task pane: sign in, pull, refresh, push. It only calls workflows and renders what they return.
import { useCallback, useReducer, useState, type FocusEvent, type ReactNode } from "react";
import {
  Button,
  FluentProvider,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { UserMessage } from "../workflows/api";
import { StatusRegion } from "./StatusRegion";
import type { PullValues } from "./formValidation";
import { initialPaneState, isBusy, paneReducer, phaseOf, runningWorks } from "./paneState";
import { fluentTheme } from "./fluentThemes";
import type { ThemeName } from "./theme";
import { useSignIn } from "./useSignIn";
import { usePaneStartup } from "./usePaneStartup";
import { useWorkCancels } from "./useWorkCancels";
import { useRibbonRequests } from "./useRibbonRequests";
import { usePaneWorks } from "./usePaneWorks";
import { useStatusMessages } from "./useStatusMessages";
import { PausedWorks, RunningWorks } from "./WorkLists";
import { PushViewHost } from "./PushViewHost";
import { SignInSection } from "./SignInSection";
import { SignedInView } from "./SignedInView";

const useStyles = makeStyles({
  pane: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    maxWidth: "480px",
    boxSizing: "border-box",
  },
  header: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
  },
  // Office shows the add-in's name in the pane's title bar; the heading is for screen readers only.
  visuallyHidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
  },
});

export interface AppProps {
  /** the API base URL the sign-in form starts with (default https://plan.claret.app; the workbench passes its simulator's URL) */
  defaultBaseUrl?: string;
  theme?: ThemeName;
  /** the pull form's starting values (default: History, the last twelve months); the workbench passes its demo data's window */
  defaultPull?: Partial<PullValues>;
}

export function App({ defaultBaseUrl, theme = "light", defaultPull }: AppProps) {
  const styles = useStyles();
  const [state, dispatch] = useReducer(paneReducer, defaultBaseUrl ?? "", initialPaneState);
  const cancels = useWorkCancels();
  // bumped each time the planner comes back to the pane (from the sheet): what is on the active sheet may differ
  const [lookedAt, setLookedAt] = useState(0);
  const { sessionRef, signIn, signOut, pauseForSignIn } = useSignIn(
    state.session,
    dispatch,
    cancels
  );

  usePaneStartup(defaultBaseUrl, state.session, dispatch);

  useRibbonRequests(dispatch, cancels);
  const works = usePaneWorks(state, dispatch, cancels, sessionRef);
  const messages = useStatusMessages(state);

  // Stable: the push panel reloads its preview when these change.
  const showMessage = useCallback(
    (message: UserMessage | null) => dispatch({ type: "show", message }),
    []
  );
  const closePush = useCallback(() => dispatch({ type: "openView", view: "pull" }), []);

  const phase = phaseOf(state);
  const busy = isBusy(state);
  const session = state.session;
  const progressBars = (
    <RunningWorks works={runningWorks(state)} onCancel={cancels.cancel} onMessage={showMessage} />
  );
  // The push views (selection, changes, undo) stay mounted, hidden, while a sign-in is asked for: a
  // comparison or push paused by a 401 carries on in them once the planner has signed in again.
  const pushView =
    session && state.view !== "pull" && phase !== "signedOut" ? (
      <PushViewHost
        view={state.view}
        requestKey={state.pushKey}
        session={session}
        hidden={phase === "pausedForSignIn"}
        onClose={closePush}
        onMessage={showMessage}
        pauseForSignIn={pauseForSignIn}
      />
    ) : null;
  const pushViewOpen = pushView !== null;

  let body: ReactNode;
  if (phase === "loading") {
    body = <Spinner size="small" label="Loading…" />;
  } else if (phase === "pausedForSignIn" || phase === "signedOut" || pushViewOpen) {
    const paused = phase === "pausedForSignIn";
    const askSignIn = paused || phase === "signedOut";
    // one shape for all three, so the push view keeps its place (and its state) across a sign-in
    body = (
      <>
        {progressBars}
        {askSignIn && (
          <SignInSection
            again={paused}
            endpoint={state.endpoint}
            busy={state.signingIn}
            onSignIn={(endpoint, email, password) => void signIn(endpoint, email, password)}
          />
        )}
        {paused && (
          <PausedWorks
            paused={state.paused}
            works={state.works}
            onCancel={cancels.cancel}
            onMessage={showMessage}
          />
        )}
        {pushView}
      </>
    );
  } else {
    body = (
      <SignedInView
        progress={progressBars}
        busy={busy}
        lookedAt={lookedAt}
        defaultPull={defaultPull}
        onPull={(q) => void works.pull(q)}
        onRefresh={() => void works.refresh()}
        onRefreshAll={() => void works.refreshAll()}
        onOpenView={(view) => dispatch({ type: "openView", view })}
        onMessage={showMessage}
      />
    );
  }

  return (
    // No className or style on the provider: Fluent gives its className to every portal's mount node
    // (combobox list, calendar, tooltip, menu, dialog), so layout or a background there becomes a layer
    // over the whole pane. The pane's layout lives on <main>; taskpane.html stretches the provider.
    <FluentProvider theme={fluentTheme(theme)}>
      <main
        className={styles.pane}
        onPointerEnter={() => setLookedAt((n) => n + 1)}
        onFocus={(e: FocusEvent<HTMLElement>) => {
          if (!e.currentTarget.contains(e.relatedTarget)) setLookedAt((n) => n + 1);
        }}
      >
        <h1 className={styles.visuallyHidden}>Claret</h1>
        {/* who is signed in; not while a sign-in is asked for (no empty row above the form) */}
        {session && phase !== "pausedForSignIn" && (
          <header className={styles.header}>
            <Text size={200}>
              Signed in to <strong>{session.tenant}</strong>
            </Text>
            <Button appearance="subtle" onClick={() => void signOut()} disabled={busy}>
              Sign out
            </Button>
          </header>
        )}
        <StatusRegion messages={messages} />
        {body}
      </main>
    </FluentProvider>
  );
}
