// One way to stop work: the work's own controller, whose signal also aborts when any signal given
// does (the caller's, the pane's Cancel). The work aborts it itself on a timeout, on a failure, or
// when a request it started is no longer wanted.

/** An AbortController tied to other signals; release() unties it once the work is over. */
export interface LinkedController {
  /** aborts when abort() is called or any signal given aborts, with the first one's reason */
  readonly signal: AbortSignal;
  /** stops this work only: the signals given are left as they are */
  abort(reason?: unknown): void;
  /** drops the listeners the fallback added to the signals given (call it in a finally) */
  release(): void;
}

/**
 * A controller of the work's own, also aborted by every signal given (undefined ones are skipped).
 *
 * AbortSignal.any where the runtime has it (Chromium 116, Safari 17.4, Firefox 124, Node 20.3:
 * MDN's compatibility table). The fallback forwards each signal by hand, for the WebViews Office runs
 * add-ins in that lack it: Safari's WKWebView before 17.4 (Excel on Mac on macOS before 14.4, Excel
 * on iPad before iPadOS 17.4) and WebView2 or Edge before 116 (Excel on Windows on a WebView2
 * runtime that is not kept up to date).
 */
export function linkedController(
  ...signals: ReadonlyArray<AbortSignal | undefined>
): LinkedController {
  const given = signals.filter((s): s is AbortSignal => s !== undefined);
  const anyOf = (AbortSignal as { any?: (signals: AbortSignal[]) => AbortSignal }).any;
  if (given.length === 0 || typeof anyOf !== "function") return forwardedController(given);
  const own = new AbortController();
  return {
    signal: anyOf.call(AbortSignal, [...given, own.signal]),
    abort: (reason) => own.abort(reason),
    release: () => {},
  };
}

/** linkedController's fallback, without AbortSignal.any: a listener on each signal given. */
export function forwardedController(signals: readonly AbortSignal[]): LinkedController {
  const own = new AbortController();
  const forwards = signals.map((s) => [s, () => own.abort(s.reason)] as const);
  const already = signals.find((s) => s.aborted);
  if (already) own.abort(already.reason);
  else for (const [s, forward] of forwards) s.addEventListener("abort", forward, { once: true });
  return {
    signal: own.signal,
    abort: (reason) => own.abort(reason),
    release: () => {
      for (const [s, forward] of forwards) s.removeEventListener("abort", forward);
    },
  };
}
