// Heap figures: a forced full GC (exposed at run time, so the scenario needs no node flag) and a sampler of the peak.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const gcFn = runInNewContext("gc") as () => void;

/** A full collection, now. */
export function fullGc(): void {
  gcFn();
}

/** Heap in use after a full collection: what is really retained. */
export function retainedHeap(): number {
  gcFn();
  return process.memoryUsage().heapUsed;
}

/** Samples heapUsed every `everyMs` and on demand; `stop()` returns the peak seen. */
export function heapSampler(everyMs = 5): { sample(): void; stop(): number } {
  let peak = process.memoryUsage().heapUsed;
  const sample = () => {
    const h = process.memoryUsage().heapUsed;
    if (h > peak) peak = h;
  };
  const timer = setInterval(sample, everyMs);
  return {
    sample,
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
