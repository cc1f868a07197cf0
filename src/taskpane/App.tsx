// The task pane: sign in, pull, refresh, push. It only calls workflows and renders what they return.
// App composes the pane: its state (paneState.ts), the hooks that change it (use*.ts) and the views that show it.
import { useCallback, useReducer } from "react";
import { FluentProvider, makeStyles, tokens } from "@fluentui/react-components";
import type { UserMessage } from "../workflows/api";
import { StatusRegion } from "./StatusRegion";
import type { PullValues } from "./formValidation";
import { initialPaneState, isBusy, paneReducer, phaseOf, type PaneViewName } from "./paneState";
import { fluentTheme } from "./fluentThemes";
import type { ThemeName } from "./theme";
import { useSignIn } from "./useSignIn";
import { usePaneStartup } from "./usePaneStartup";
import { useWorkCancels } from "./useWorkCancels";
import { useRibbonRequests } from "./useRibbonRequests";
import { usePaneWorks } from "./usePaneWorks";
import { useStatusMessages } from "./useStatusMessages";
import { useLookedAt } from "./useLookedAt";
import { PaneHeader } from "./PaneHeader";
import { PaneBody } from "./PaneBody";

const useStyles = makeStyles({
  pane: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    maxWidth: "480px",
    boxSizing: "border-box",
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
  const { sessionRef, signIn, signOut, pauseForSignIn } = useSignIn(
    state.session,
    dispatch,
    cancels
  );
  usePaneStartup(defaultBaseUrl, state.session, dispatch);
  useRibbonRequests(dispatch, cancels);
  const works = usePaneWorks(state, dispatch, cancels, sessionRef);
  const messages = useStatusMessages(state);
  const { lookedAt, handlers } = useLookedAt();

  // Stable: the push panel reloads its preview when these change.
  const showMessage = useCallback(
    (message: UserMessage | null) => dispatch({ type: "show", message }),
    []
  );
  const closePush = useCallback(() => dispatch({ type: "openView", view: "pull" }), []);
  const openView = (view: PaneViewName) => dispatch({ type: "openView", view });

  const session = state.session;
  return (
    // No className or style on the provider: Fluent gives its className to every portal's mount node
    // (combobox list, calendar, tooltip, menu, dialog), so layout or a background there becomes a layer
    // over the whole pane. The pane's layout lives on <main>; taskpane.html stretches the provider.
    <FluentProvider theme={fluentTheme(theme)}>
      <main className={styles.pane} {...handlers}>
        <h1 className={styles.visuallyHidden}>Claret</h1>
        {/* who is signed in; not while a sign-in is asked for (no empty row above the form) */}
        {session && phaseOf(state) !== "pausedForSignIn" && (
          <PaneHeader
            tenant={session.tenant}
            busy={isBusy(state)}
            onSignOut={() => void signOut()}
          />
        )}
        <StatusRegion messages={messages} />
        <PaneBody
          state={state}
          lookedAt={lookedAt}
          defaultPull={defaultPull}
          works={works}
          onSignIn={(endpoint, email, password) => void signIn(endpoint, email, password)}
          onCancel={cancels.cancel}
          pauseForSignIn={pauseForSignIn}
          onOpenView={openView}
          onClosePush={closePush}
          onMessage={showMessage}
        />
      </main>
    </FluentProvider>
  );
}
