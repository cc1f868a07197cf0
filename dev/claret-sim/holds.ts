// Holding requests: a test parks the requests of one route at the door (before the token is checked)
// and lets them through when it says so, so it can line up several clients' requests deterministically
// (e.g. two drains, each with a page in flight, when a token expires) without waiting on time.
import type { FaultRoute } from "./faults";

export interface RequestHold {
  /** requests waiting at the door now */
  readonly waiting: number;
  /** resolves once at least `n` requests are waiting */
  untilWaiting(n: number): Promise<void>;
  /** lets the waiting requests through; later ones are held again */
  releaseWaiting(): void;
  /** stops holding and lets everything waiting through */
  end(): void;
}

interface HoldState {
  route: FaultRoute;
  parked: (() => void)[];
  watchers: { n: number; resolve: () => void }[];
}

export class RequestHolds {
  private readonly holds = new Set<HoldState>();

  hold(route: FaultRoute): RequestHold {
    const state: HoldState = { route, parked: [], watchers: [] };
    this.holds.add(state);
    const release = () => {
      const parked = state.parked.splice(0);
      for (const go of parked) go();
    };
    return {
      get waiting() {
        return state.parked.length;
      },
      untilWaiting: (n) =>
        state.parked.length >= n
          ? Promise.resolve()
          : new Promise((resolve) => state.watchers.push({ n, resolve })),
      releaseWaiting: release,
      end: () => {
        this.holds.delete(state);
        release();
      },
    };
  }

  /** Waits at every hold on this route (none: at once). */
  async pass(route: Exclude<FaultRoute, "*"> | null): Promise<void> {
    for (const state of [...this.holds]) {
      if (state.route !== "*" && state.route !== route) continue;
      await new Promise<void>((go) => {
        state.parked.push(go);
        state.watchers = state.watchers.filter((w) => {
          if (state.parked.length < w.n) return true;
          w.resolve();
          return false;
        });
      });
    }
  }

  /** Lets everything through (the server is closing). */
  clear(): void {
    for (const state of this.holds) for (const go of state.parked.splice(0)) go();
    this.holds.clear();
  }
}
