// What the status region says: while works are paused for a sign-in, that they are (and what Cancel does);
// otherwise the latest results. While Excel holds a work until the planner leaves the cell they are editing
// (the pane's or the ribbon's), the status says that too, beside the progress of the work it holds.
import { useEffect, useState } from "react";
import type { UserMessage } from "../workflows/api";
import { cellEditWaitMessage } from "../workflows/cellEditMessages";
import { onCellEditWait } from "../workflows/cellEditWait";
import { pausedForSignInMessage } from "../workflows/signIn/signInMessages";
import { phaseOf, type PaneState } from "./paneState";

export function useStatusMessages(state: PaneState): UserMessage[] {
  const [cellEditWaiting, setCellEditWaiting] = useState(false);
  useEffect(() => onCellEditWait(setCellEditWaiting), []);

  const latest =
    phaseOf(state) === "pausedForSignIn" && !state.signingIn
      ? [...state.messages.filter((m) => !m.needsSignIn), pausedForSignInMessage(state.paused)]
      : state.messages;
  return cellEditWaiting ? [...latest, cellEditWaitMessage()] : latest;
}
