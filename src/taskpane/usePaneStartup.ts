// The pane's start: the stored session and the sign-in form's base URL, read without the Claret client, then the
// warm-ups of what the planner needs next (the workflows, the pull form and its calendar).
import { useEffect, type Dispatch } from "react";
import {
  currentSession,
  defaultBaseUrl as hostDefaultBaseUrl,
} from "../workflows/signIn/storedSession";
import { loadWorkflows } from "./loadWorkflows";
import { loadFailedMessage } from "./loadFailure";
import { whenIdle } from "./whenIdle";
import { loadPullForm, loadWorkProgress } from "./lazyViews";
import type { PaneAction, PaneState } from "./paneState";

export function usePaneStartup(
  /** the workbench names its simulator; otherwise the serving host's proxy if it has one */
  defaultBaseUrl: string | undefined,
  session: PaneState["session"],
  dispatch: Dispatch<PaneAction>
): void {
  // The first form needs only the stored session (a small module, read without the Claret client).
  useEffect(() => {
    let live = true;
    Promise.all([
      defaultBaseUrl ? Promise.resolve(defaultBaseUrl) : hostDefaultBaseUrl(),
      currentSession().catch(() => null),
    ])
      .then(([base, s]) => {
        if (live) dispatch({ type: "loaded", session: s, defaultBaseUrl: base });
      })
      .catch((error: unknown) => {
        if (live) dispatch({ type: "loadFailed", message: loadFailedMessage(error) });
      });
    return () => {
      live = false;
    };
  }, [defaultBaseUrl, dispatch]);

  // Warm-ups, once the first form is on screen. Signed in, the pull form is rendering (its calendar
  // follows once it is painted) and its Pull needs the workflows, so they load with it at once. Signed
  // out, the planner types first: the workflows and the pull form with its calendar load when the browser
  // is idle after the sign-in form is shown, so they never compete with it and are there after sign-in.
  const loaded = session !== undefined;
  const signedIn = Boolean(session);
  useEffect(() => {
    if (!loaded) return;
    const workflows = () => void loadWorkflows().catch(() => undefined); // told when a work needs them
    if (signedIn) {
      workflows();
      return;
    }
    return whenIdle(() => {
      workflows();
      loadPullForm().then(
        (m) => m.preloadDatePicker(),
        () => undefined
      );
      void loadWorkProgress().catch(() => undefined);
    });
  }, [loaded, signedIn]);
}
