// Loads the workflows chunk once (see workflowCalls.ts); the first call starts the download.
import type * as Calls from "./workflowCalls";

export type WorkflowCalls = typeof Calls;

let loading: Promise<WorkflowCalls> | undefined;

export function loadWorkflows(): Promise<WorkflowCalls> {
  return (loading ??= import(/* webpackChunkName: "workflows" */ "./workflowCalls"));
}
