// A step of a push that meets a 401 (the session ended: token expired or revoked) asks the planner to
// sign in again, through the `reauthenticate` callback the UI wires to its sign-in gate, and runs
// again with the new session. Only for steps Claret processed nothing of on a 401 — the reads of
// Push changes, Undo and Push selection, and a POST Claret refused with 401 — so running them again
// is always safe.
import { ClaretAbortedError, ClaretAuthError, type ClaretSession } from "../../claret";
import type { Reauthenticate } from "../api";
import { toUserMessage } from "../messages";
import { forgetRejectedToken } from "./session";

export type { Reauthenticate };

/**
 * After a 401: forgets the rejected token and waits for the planner to sign in again. Returns the
 * new session; throws the 401 when there is none (no callback, or the planner gave up), and the
 * cancel when the work was cancelled while it waited.
 */
export async function signInAgain(
  session: ClaretSession,
  error: ClaretAuthError,
  opts: { reauthenticate?: Reauthenticate; signal?: AbortSignal }
): Promise<ClaretSession> {
  if (!opts.reauthenticate) throw error;
  await forgetRejectedToken(session);
  const fresh = await opts.reauthenticate(toUserMessage(error));
  if (opts.signal?.aborted) throw new ClaretAbortedError();
  if (!fresh) throw error;
  return fresh;
}

/**
 * Runs `read` with the session; on a 401 asks for a sign-in (signInAgain) and runs it again with the
 * new session. Returns what `read` returned and the session it succeeded with.
 */
async function withSignInAgain<T>(
  session: ClaretSession,
  read: (session: ClaretSession) => Promise<T>,
  opts: { reauthenticate?: Reauthenticate; signal?: AbortSignal }
): Promise<{ value: T; session: ClaretSession }> {
  for (;;) {
    try {
      return { value: await read(session), session };
    } catch (error) {
      if (!(error instanceof ClaretAuthError)) throw error;
      session = await signInAgain(session, error, opts);
    }
  }
}

/** A work's session that a 401 renews: every later step uses the session signed in with last. */
export interface RenewingSession {
  readonly current: ClaretSession;
  /**
   * Runs one step with the current session; a 401 asks for a sign-in and runs it again. Only for a
   * step Claret processed nothing of on a 401 (a read, or a POST it refused): running it again is safe.
   */
  run<T>(step: (session: ClaretSession) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** for a reader that signs in again by itself (fetchAllRecords carries on from its cursor) */
  readonly reauthenticate?: Reauthenticate;
}

export function renewingSession(
  session: ClaretSession,
  opts: { reauthenticate?: Reauthenticate; signal?: AbortSignal }
): RenewingSession {
  let current = session;
  const ask = opts.reauthenticate;
  return {
    get current() {
      return current;
    },
    async run(step, signal = opts.signal) {
      const done = await withSignInAgain(current, step, { reauthenticate: ask, signal });
      current = done.session;
      return done.value;
    },
    reauthenticate:
      ask &&
      (async (reason) => {
        const fresh = await ask(reason);
        if (fresh) current = fresh;
        return fresh;
      }),
  };
}
