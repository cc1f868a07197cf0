// The retry schedule: capped exponential backoff with full jitter (a pure function, no I/O).

import { DEFAULT_RETRY_POLICY } from "../../src/claret";
import { delayForAttempt } from "../../src/claret/retry";

const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 500, maxDelayMs: 10_000 };

it("doubles the longest wait with each retry until the cap", () => {
  const longest = [1, 2, 3, 4, 5, 6, 7].map((n) => delayForAttempt(n, policy, () => 0.999_999));

  expect(longest).toEqual([499, 999, 1999, 3999, 7999, 9999, 9999]);
});

it("draws each wait at random between zero and that ceiling (full jitter)", () => {
  expect(delayForAttempt(3, policy, () => 0)).toBe(0);
  expect(delayForAttempt(3, policy, () => 0.5)).toBe(1000);
});
