// Loads the workflows chunk once (see workflowCalls.ts); the first call starts the download. A failed download
// (offline for a moment) is forgotten, so the next Sign in or Pull tries again instead of failing until a reload.
import type * as Calls from "./workflowCalls";

export type WorkflowCalls = typeof Calls;

let loading: Promise<WorkflowCalls> | undefined;

export function loadWorkflows(): Promise<WorkflowCalls> {
  return (loading ??= import(/* webpackChunkName: "workflows" */ "./workflowCalls").catch(
    (error: unknown) => {
      loading = undefined;
      throw error;
    }
  ));
}
