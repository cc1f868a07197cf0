// The sentence of a work that Excel holds while the planner edits a cell. Kept apart from messages.ts (no client
// imports) because the pane's first bundle and the ribbon's commands show it.
import type { UserMessage } from "./api";

/** Shown while Excel waits for the planner to leave a cell before it runs the add-in's work. */
export function cellEditWaitMessage(): UserMessage {
  return {
    intent: "warning",
    // it asks the planner to act, but it is no failure: read out politely, in the status region
    polite: true,
    text: "Waiting for you to finish editing the cell. Press Enter to keep what you typed, or Esc to drop it, and the work carries on where it is.",
  };
}
