// The pane's Claret session: Sign in (which resumes every work paused for its tenant), Sign out, and the pause of a
// push view's work that meets an ended session until the planner has signed in again.
import { useCallback, type Dispatch } from "react";
import type { ClaretEndpoint, ClaretSession, PauseForSignIn } from "../workflows/api";
import { signedInMessage } from "../workflows/signIn/signInMessages";
import { newWorkId, signInGate } from "../workflows/signIn/signInGate";
import { loadWorkflows, type WorkflowCalls } from "./loadWorkflows";
import { loadFailedMessage } from "./loadFailure";
import type { PaneAction, PaneState } from "./paneState";
import { useLatest } from "./useLatest";
import type { WorkCancels } from "./useWorkCancels";

export function useSignIn(
  session: PaneState["session"],
  dispatch: Dispatch<PaneAction>,
  cancels: WorkCancels
) {
  // the session the next work starts with; a sign-in sets it at once (the works it resumes may need it)
  const sessionRef = useLatest<ClaretSession | null>(session ?? null);

  const signIn = async (endpoint: ClaretEndpoint, email: string, password: string) => {
    dispatch({ type: "signInStarted", endpoint, email });
    let calls: WorkflowCalls;
    try {
      calls = await loadWorkflows(); // warmed up while the planner typed; a quick sign-in waits here
    } catch (error) {
      dispatch({ type: "signInFailed", message: loadFailedMessage(error) });
      return;
    }
    const { signIn, toUserMessage } = calls;
    try {
      const s = await signIn(endpoint, email, password);
      sessionRef.current = s;
      // One sign-in resumes every work paused for this tenant, from the pane and the ribbon alike.
      const { resumed, stillPaused } = signInGate.resume(s);
      dispatch({ type: "signedIn", session: s, message: signedInMessage(s, resumed, stillPaused) });
    } catch (error) {
      dispatch({ type: "signInFailed", message: toUserMessage(error) });
    }
  };

  const signOut = async () => {
    const s = sessionRef.current;
    if (!s) return;
    let calls: WorkflowCalls;
    try {
      calls = await loadWorkflows();
    } catch (error) {
      dispatch({ type: "show", message: loadFailedMessage(error) });
      return;
    }
    const { signOut, toUserMessage } = calls;
    try {
      await signOut({ baseUrl: s.baseUrl, tenant: s.tenant });
      dispatch({
        type: "signedOut",
        message: { intent: "info", text: `Signed out of ${s.tenant}.` },
      });
    } catch (error) {
      dispatch({ type: "show", message: toUserMessage(error) });
    }
  };

  // A push view's work (the comparison, Confirm push, Confirm undo) that meets a 401 waits here for a
  // sign-in, listed with the paused works; its Cancel is the view's own. Stable: views depend on it.
  const pauseForSignIn = useCallback<PauseForSignIn>(
    (label, work) => (reason) => {
      const s = sessionRef.current;
      if (!s || work.signal.aborted) return Promise.resolve(null);
      const id = newWorkId("pane");
      const release = () => signInGate.cancel(id);
      cancels.add(id, () => work.abort());
      work.signal.addEventListener("abort", release);
      return signInGate
        .waitForSignIn({ id, label, endpoint: { baseUrl: s.baseUrl, tenant: s.tenant }, reason })
        .finally(() => {
          cancels.remove(id);
          work.signal.removeEventListener("abort", release);
        });
    },
    [sessionRef, cancels]
  );

  return { sessionRef, signIn, signOut, pauseForSignIn };
}
