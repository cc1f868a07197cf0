// Retry loop: capped exponential backoff with full jitter, honouring (and capping) Retry-After.
//
// Why not the npm package `exponential-backoff` (v3.1, weighed and not used): its wait is a bare
// setTimeout inside Delay.apply() that an AbortSignal cannot cut short (Cancel would hang for up to
// maxDelay before the next attempt could notice), and its delay is computed from the attempt number
// alone, so a server's Retry-After cannot become the next wait. The schedule itself is one line
// (delayForAttempt below).

import { ClaretAbortedError, ClaretError } from "./errors";

export interface RetryPolicy {
  /** Total attempts including the first one (1 = never retry). */
  maxAttempts: number;
  /** Backoff before retry n (1-based) is random in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))]. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is cut to this. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 30_000,
};

/** Told before each wait, so the UI can say "Claret is busy, retrying in 4 s" instead of freezing. */
export interface RetryNotice {
  /** the attempt about to be made, 2 for the first retry */
  attempt: number;
  delayMs: number;
  error: ClaretError;
}

export function resolvePolicy(p?: Partial<RetryPolicy>): RetryPolicy {
  const r = { ...DEFAULT_RETRY_POLICY, ...p };
  return { ...r, maxAttempts: Math.max(1, Math.floor(r.maxAttempts)) };
}

/**
 * Retry-After as ms from `now`: delta-seconds ("120") or an HTTP date; undefined when absent or
 * unreadable; 0 for a date in the past.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Full jitter (AWS architecture blog): random in [0, min(cap, base * 2^(retry-1))]. */
export function delayForAttempt(
  retry: number,
  policy: RetryPolicy,
  random: () => number = Math.random
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/** The server's Retry-After (429, 503) when it gave one, capped; otherwise the backoff schedule. */
export function delayFor(error: ClaretError, retry: number, policy: RetryPolicy): number {
  if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, policy.maxRetryAfterMs);
  return delayForAttempt(retry, policy);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ClaretAbortedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ClaretAbortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export interface RetryOptions {
  policy: RetryPolicy;
  signal?: AbortSignal;
  shouldRetry: (e: ClaretError) => boolean;
  onRetry?: (notice: RetryNotice) => void;
}

/** Runs `attempt` until it succeeds, fails with an error `shouldRetry` rejects, or attempts run out. */
export async function withRetry<T>(attempt: () => Promise<T>, opts: RetryOptions): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof ClaretError)) throw e;
      const err = e;
      if (n >= opts.policy.maxAttempts || opts.signal?.aborted || !opts.shouldRetry(err)) throw err;
      const delayMs = delayFor(err, n, opts.policy);
      opts.onRetry?.({ attempt: n + 1, delayMs, error: err });
      await sleep(delayMs, opts.signal);
    }
  }
}
