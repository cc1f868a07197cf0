// What the planner reads when part of the pane itself is missing: a chunk that did not arrive (offline for a moment,
// a new version deployed meanwhile), or a view that failed to render. The workflows' messages cannot say it: their
// chunk may be the one missing.
import type { UserMessage } from "../workflows/api";

/** webpack's ChunkLoadError: "Loading chunk 259 failed.\n(error: https://…)"; its first line is enough. */
function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0].replace(/\.$/, "");
}

function isDownloadFailure(error: unknown): boolean {
  return error instanceof Error && error.name === "ChunkLoadError";
}

/** A download the planner's own action (Sign in, Pull, …) waited for. */
export function loadFailedMessage(error: unknown): UserMessage {
  return {
    intent: "error",
    text: `Part of the add-in could not be downloaded (${reasonOf(error)}), so nothing was sent to Claret. Check the connection and try again; if it keeps failing, reload the task pane.`,
  };
}

/** A view of the pane that could not be shown; its place offers Try again. */
export function viewFailedMessage(error: unknown): UserMessage {
  return {
    intent: "error",
    text: isDownloadFailure(error)
      ? `Part of the add-in could not be downloaded (${reasonOf(error)}), so this view cannot be shown and nothing was sent to Claret. Check the connection and press Try again; if it keeps failing, reload the task pane.`
      : `This part of the task pane could not be shown (${reasonOf(error)}). Press Try again; if it keeps happening, reload the task pane.`,
  };
}
