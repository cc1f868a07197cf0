// Beside the pane's state, not in it (the state is pure data): the Cancel of each work in progress, the pane's,
// the ribbon's and a push view's while it waits for a sign-in. Its progress bar's Cancel calls cancel(id).
import { useState } from "react";
import { signInGate } from "../workflows/signIn/signInGate";

export interface WorkCancels {
  /** keeps a work's Cancel while it runs */
  add(id: string, cancel: () => void): void;
  /** the work ended: its Cancel goes */
  remove(id: string): void;
  /** Cancel of one work: while it runs it aborts; while it is paused it also releases its wait, alone. */
  cancel(id: string): void;
}

/** One object for the pane's life, so callbacks and effects that hold it stay stable. */
export function useWorkCancels(): WorkCancels {
  const [cancels] = useState<WorkCancels>(() => {
    const byId = new Map<string, () => void>();
    return {
      add: (id, cancel) => void byId.set(id, cancel),
      remove: (id) => void byId.delete(id),
      cancel: (id) => {
        byId.get(id)?.();
        signInGate.cancel(id);
      },
    };
  });
  return cancels;
}
