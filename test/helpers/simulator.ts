// A Claret simulator on loopback plus a signed-in session for it: real HTTP, no mocked fetch.
import { startSimulator, type Simulator, type SimulatorOptions } from "../../dev/claret-sim";
import type { ClaretSession, SalesQuery } from "../../src/claret/types";

/** Every History record the simulator seeds (2020-01-01 for five years), without hierarchy columns. */
export const ALL_HISTORY: SalesQuery = {
  saleTypeName: "History",
  startDate: "2020-01-01",
  durationDays: 1826,
  includeHierarchy: false,
};

export interface SimulatorHarness {
  sim: Simulator;
  /** a session with a token the simulator issued (no sign-in round trip) */
  session: ClaretSession;
  /** a fresh token for the same tenant (e.g. after revokeTokens) */
  freshSession(): ClaretSession;
  close(): Promise<void>;
}

export async function startSimulatorHarness(
  opts: SimulatorOptions = {}
): Promise<SimulatorHarness> {
  const sim = await startSimulator({ port: 0, ...opts });
  const freshSession = (): ClaretSession => ({
    baseUrl: sim.url,
    tenant: sim.tenant,
    token: sim.issueToken(),
  });
  return { sim, session: freshSession(), freshSession, close: () => sim.close() };
}
