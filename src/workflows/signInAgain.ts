// A read of Claret that meets a 401 (the session ended: token expired or revoked) asks the planner to
// sign in again, through the `reauthenticate` callback the UI wires to its sign-in gate, and runs
// again with the new session. Used by the steps of Push changes and Undo that only read (nothing is
// written to Excel or Claret before them), so running them again is always safe.
import { ClaretAbortedError, ClaretAuthError, type ClaretSession } from "../claret";
import type { Reauthenticate } from "./api";
import { toUserMessage } from "./messages";
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
export async function withSignInAgain<T>(
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
