// How many pages of records the client holds at once during a pull, observed from outside without changing behaviour:
// a page is held from the moment its GET /sales answer arrives (a pass-through wrapper around fetch counts answers; it
// returns the real Response untouched) until the workflow reports it written (onProgress fires after each page's write).
// Counting from the answer's head, before its body is read, can only overstate the figure.
import type { DrainProgress } from "../../src/workflows/api";

export interface PageCounter {
  /** pass to the workflow's onProgress */
  onProgress(p: DrainProgress): void;
  /** the most pages held at once so far */
  readonly max: number;
  /** puts the real fetch back */
  restore(): void;
}

export function countPagesInFlight(): PageCounter {
  const realFetch = globalThis.fetch;
  let received = 0;
  let written = 0;
  let lastRecords = 0;
  let max = 0;
  globalThis.fetch = async (input, init) => {
    const res = await realFetch(input, init);
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if ((init?.method ?? "GET") === "GET" && /\/api\/v1\/sales\b/.test(url) && res.ok) {
      received++;
      max = Math.max(max, received - written);
    }
    return res;
  };
  return {
    onProgress(p) {
      if (p.recordsSoFar > lastRecords) {
        written++;
        lastRecords = p.recordsSoFar;
      }
    },
    get max() {
      return max;
    },
    restore() {
      globalThis.fetch = realFetch;
    },
  };
}
