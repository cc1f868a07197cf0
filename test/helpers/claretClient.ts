// Shared set-up for the Claret client tests (test/claret): a real simulator on loopback, a session
// signed in through the client itself (POST /tokens), a drain.

import { startSimulator } from "../../dev/claret-sim";
import {
  createToken,
  salesPages,
  type ClaretSession,
  type SaleRecord,
  type SalesPage,
  type SalesPagesOptions,
  type SalesQuery,
} from "../../src/claret";
import { ALL_HISTORY } from "./simulator";

export type Sim = Awaited<ReturnType<typeof startSimulator>>;

export { ALL_HISTORY };

/** Retries without real waiting, so fault tests run fast. */
export const FAST_RETRY = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 2_000 };

export async function startSim(records: number): Promise<Sim> {
  return startSimulator({ port: 0, records, latencyMs: 0 });
}

export async function signIn(sim: Sim): Promise<ClaretSession> {
  return createToken({ baseUrl: sim.url, tenant: sim.tenant }, sim.email, sim.password);
}

export interface Drained {
  pages: SalesPage[];
  records: SaleRecord[];
}

/** Drains every page, keeping what arrived before an error in `sofar` so a test can inspect it. */
export async function drain(
  session: ClaretSession,
  query: SalesQuery = ALL_HISTORY,
  opts: SalesPagesOptions = {},
  sofar: Drained = { pages: [], records: [] }
): Promise<Drained> {
  for await (const page of salesPages(session, query, opts)) {
    sofar.pages.push(page);
    sofar.records.push(...page.records);
  }
  return sofar;
}

/** The ids of `records`, checked to be strictly increasing (so no record came twice). */
export function strictlyIncreasingIds(records: SaleRecord[]): boolean {
  return records.every((r, i) => i === 0 || r.id > records[i - 1].id);
}

/** Every record of History in the simulator, received exactly once, in id order. */
export function expectEveryRecordOnce(sim: Sim, records: SaleRecord[]): void {
  const expected = sim
    .salesOf("History")
    .map((r: SaleRecord) => r.id)
    .sort((a: number, b: number) => a - b);
  expect(records.map((r) => r.id)).toEqual(expected);
}

export function salesGets(sim: Sim): Sim["requests"] {
  return sim.requests.filter(
    (r: { method: string; path: string }) => r.method === "GET" && r.path.endsWith("/sales")
  );
}

/** Runs `fn` and returns what it threw (fails the test when it does not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error, but none was thrown");
}
