// What reaches the pane from outside it: requests from the ribbon buttons (shared runtime: a view to open, a
// reason, work in progress and its Cancel), and the works paused for a sign-in, the pane's and the ribbon's, as
// the sign-in gate lists them (their resolvers stay in the gate).
import { useEffect, type Dispatch } from "react";
import { onPaneRequest } from "../workflows/paneRequests";
import { signInGate } from "../workflows/signIn/signInGate";
import { requestActions, type PaneAction } from "./paneState";
import type { WorkCancels } from "./useWorkCancels";

export function useRibbonRequests(dispatch: Dispatch<PaneAction>, cancels: WorkCancels): void {
  useEffect(
    () => signInGate.subscribe((paused) => dispatch({ type: "pausedChanged", paused })),
    [dispatch]
  );

  useEffect(
    () =>
      onPaneRequest((request) => {
        if (request.activity) cancels.add(request.activity.id, request.activity.cancel);
        if (request.activityEnded) cancels.remove(request.activityEnded);
        for (const action of requestActions(request)) dispatch(action);
      }),
    [dispatch, cancels]
  );
}
