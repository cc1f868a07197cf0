// The one place a work meets a 401 (the session ended: token expired or revoked): it asks the
// planner to sign in again, through the `reauthenticate` callback the UI wires to its sign-in gate,
// and goes on with the new session. Pull and refresh drains go on from the cursor of the page that
// failed (pullRefresh/drain.ts, claretRecords.ts); a push's steps run again (renewingSession). Only
// for steps Claret processed nothing of on a 401 — the reads, and a POST Claret refused with 401 —
// so running them again is always safe.
import { ClaretAbortedError, ClaretAuthError, type ClaretSession } from "../../claret";
import type { Reauthenticate } from "../api";
import { toUserMessage } from "../messages";
import { forgetRejectedToken } from "./session";

export type { Reauthenticate };

/**
 * The one place that handles "the Claret session ended; ask for a sign-in; go on". After a 401:
 * forgets the rejected token, lets `beforeAsking` refuse (a work that could not go on), and waits
 * for the planner to sign in again. Returns the new session; throws the cancel when the work was
 * cancelled meanwhile, and the 401 when there is no new session (no callback, or the planner gave up).
 */
export async function signInAgain(
  session: ClaretSession,
  error: ClaretAuthError,
  opts: SignInAgainOptions
): Promise<ClaretSession> {
  await forgetRejectedToken(session);
  opts.beforeAsking?.(error);
  const fresh = opts.reauthenticate ? await opts.reauthenticate(toUserMessage(error)) : null;
  if (opts.signal?.aborted) throw new ClaretAbortedError();
  if (!fresh) throw error;
  return fresh;
}

export interface SignInAgainOptions {
  reauthenticate?: Reauthenticate;
  signal?: AbortSignal;
  /** before asking: throws when the work cannot go on after a sign-in */
  beforeAsking?: (error: ClaretAuthError) => void;
}

/**
 * Runs `step` with the session; on a 401 asks for a sign-in (signInAgain) and runs it again with the
 * new session, after `onSignedIn` has set where it goes on from (a drain: the cursor of the page that
 * failed). Returns what `step` returned and the session it succeeded with.
 */
export async function withSignInAgain<T>(
  session: ClaretSession,
  step: (session: ClaretSession) => Promise<T>,
  opts: SignInAgainOptions & {
    onSignedIn?: (session: ClaretSession, error: ClaretAuthError) => void;
  }
): Promise<{ value: T; session: ClaretSession }> {
  for (;;) {
    try {
      return { value: await step(session), session };
    } catch (error) {
      if (!(error instanceof ClaretAuthError)) throw error;
      session = await signInAgain(session, error, opts);
      opts.onSignedIn?.(session, error);
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
