// Works paused by a 401 (a pull or refresh from the pane or the ribbon) wait here for the planner to sign
// in again. One sign-in resumes every work paused for that tenant; Cancel releases only its own work.
// The waiting promises' resolvers live in this module, never in React state: the pane only sees the
// list of paused works, as data.
import { sameClaret } from "../../claret/endpoint";
import type { ClaretSession, PausedWork } from "../api";

export type { PausedWork };

type Listener = (paused: readonly PausedWork[]) => void;

export class SignInGate {
  private readonly waiting = new Map<
    string,
    { work: PausedWork; resolve: (s: ClaretSession | null) => void }
  >();
  private readonly listeners = new Set<Listener>();

  /** The works waiting, oldest first. */
  paused(): PausedWork[] {
    return [...this.waiting.values()].map((w) => w.work);
  }

  /** Pauses a work until a sign-in to its endpoint (the new session) or its Cancel (null). */
  waitForSignIn(work: PausedWork): Promise<ClaretSession | null> {
    return new Promise((resolve) => {
      this.waiting.get(work.id)?.resolve(null); // the same work cannot wait twice
      this.waiting.set(work.id, { work, resolve });
      this.notify();
    });
  }

  /** Resumes every work paused for the session's tenant and base URL; the others keep waiting. */
  resume(session: ClaretSession): { resumed: PausedWork[]; stillPaused: PausedWork[] } {
    const resumed: PausedWork[] = [];
    for (const [id, { work, resolve }] of [...this.waiting]) {
      if (!sameClaret(work.endpoint, session)) continue;
      this.waiting.delete(id);
      resolve(session);
      resumed.push(work);
    }
    if (resumed.length > 0) this.notify();
    return { resumed, stillPaused: this.paused() };
  }

  /** Releases one paused work without a session (its Cancel); the others keep waiting. */
  cancel(id: string): void {
    const entry = this.waiting.get(id);
    if (!entry) return;
    this.waiting.delete(id);
    entry.resolve(null);
    this.notify();
  }

  /** Calls the listener now and on every change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    listener(this.paused());
    return () => {
      this.listeners.delete(listener);
    };
  }

  private notify(): void {
    const paused = this.paused();
    for (const listener of this.listeners) listener(paused);
  }
}

/** The one gate the task pane and the ribbon commands share (one runtime). */
export const signInGate = new SignInGate();

let nextId = 0;
/** A new work id, e.g. "ribbon-3". */
export function newWorkId(origin: "pane" | "ribbon"): string {
  return `${origin}-${++nextId}`;
}
