// The Claret simulator's programmatic face: start a real HTTP server on loopback over a seeded
// demo tenant, then steer it from a test (tokens, faults, latency, seeded rows, request log).

import type { SaleRecord } from "../../src/claret/types";
import type { FaultController, FaultRoute } from "./faults";
import type { RequestHold } from "./holds";
import { SimulatorServer, type RequestLogEntry } from "./server";
import { SalesStore, type InsertRecord } from "./store";

export type { Fault, FaultHandle, FaultRoute, FaultRule } from "./faults";
export { FaultController, parseFaultSpec } from "./faults";
export type { RequestLogEntry } from "./server";
export type { RequestHold } from "./holds";
export type { InsertRecord } from "./store";

export const DEMO_TENANT = "demo";
export const DEMO_EMAIL = "planner@demo.test";
export const DEMO_PASSWORD = "demo";
/** A second user of the demo tenant: the colleague who changes records in Claret behind the planner's back. */
export const COLLEAGUE_EMAIL = "colleague@demo.test";
export const COLLEAGUE_PASSWORD = "demo";

export interface SimulatorOptions {
  /** 0 (default) = an ephemeral port */
  port?: number;
  /** records of sale type History, sell_date 2020-01-01 … 2024-12-01; default 2222 */
  records?: number;
  /** records of sale type Forecast, 2024-01-01 … 2025-12-01; default 480 */
  forecastRecords?: number;
  /** records of sale type Budget, 2025-01-01 … 2025-12-01; default 240 */
  budgetRecords?: number;
  /** added to every request, preflights included */
  latencyMs?: number;
  /** PRNG seed of the demo data; default 20240601 */
  seed?: number;
  /** false: no CORS at all, like a Claret that does not allow the add-in's origin (default true) */
  cors?: boolean;
  /** the tenant served (paths /{tenant}/api/v1/…; any other is 404); default "demo". A second simulator with another
   * tenant stands for a planner's second Claret tenant. */
  tenant?: string;
}

export interface Simulator {
  /** 'http://127.0.0.1:PORT', the API base URL; paths are /{tenant}/api/v1/… */
  url: string;
  /** the tenant served ("demo" unless SimulatorOptions.tenant said otherwise) */
  tenant: string;
  email: string;
  password: string;
  /** the second user's login (tokens/create accepts it as well) */
  colleague: { email: string; password: string };
  /** a valid token without an HTTP round trip */
  issueToken(): string;
  /** every token issued so far becomes invalid (401) */
  revokeTokens(): void;
  faults: FaultController;
  /** parks the route's requests (before the token check) until the test lets them through */
  hold(route: FaultRoute): RequestHold;
  setLatency(ms: number): void;
  /** turn CORS on or off from now on (off: preflights get no Access-Control-* headers, nor do answers) */
  setCors(on: boolean): void;
  /** every request in arrival order; status 0 while (or if never) answered */
  requests: RequestLogEntry[];
  /** current stored records, id ascending; hierarchy keys only when asked for */
  salesOf(saleTypeName: string, opts?: { includeHierarchy?: boolean }): SaleRecord[];
  /**
   * Seeds special rows, creating unknown items / customer groups (placed under the hierarchy keys
   * given, e.g. item_brand_group, item_brand, customer_group_division) and their links. An unknown
   * sale type is created. Upserts on the natural key. Returns the stored records with ids and
   * hierarchy keys.
   */
  insertRecords(saleTypeName: string, records: InsertRecord[]): SaleRecord[];
  /** removes a record as Claret's own screens could (the API has no DELETE); false when there was none */
  deleteRecord(saleTypeName: string, id: number): boolean;
  /** deletes records by id, as someone deleting them in Claret's own UI (the API has no DELETE); returns how many */
  deleteRecords(saleTypeName: string, ids: readonly number[]): number;
  /** sets records' quantities by id; their updated_at moves to now */
  setQuantities(
    saleTypeName: string,
    changes: ReadonlyArray<{ id: number; quantity: number }>
  ): number;
  /** an item and customer group that both exist but are not linked (for create_missing_item_customer_group) */
  findUnlinkedPair(): { item_name: string; customer_group_name: string };
  close(): Promise<void>;
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const store = new SalesStore({
    records: count(opts.records, 2222, "records"),
    forecastRecords: count(opts.forecastRecords, 480, "forecastRecords"),
    budgetRecords: count(opts.budgetRecords, 240, "budgetRecords"),
    seed: opts.seed ?? 20240601,
  });
  const tenant = opts.tenant ?? DEMO_TENANT;
  if (!/^[A-Za-z0-9_-]+$/.test(tenant))
    throw new Error(`SimulatorOptions.tenant must be letters, digits, - or _, got "${tenant}".`);
  const server = new SimulatorServer(store, {
    tenant,
    logins: [
      { email: DEMO_EMAIL, password: DEMO_PASSWORD },
      { email: COLLEAGUE_EMAIL, password: COLLEAGUE_PASSWORD },
    ],
    latencyMs: opts.latencyMs ?? 0,
    cors: opts.cors ?? true,
  });
  const port = await server.listen(opts.port ?? 0);
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    tenant,
    email: DEMO_EMAIL,
    password: DEMO_PASSWORD,
    colleague: { email: COLLEAGUE_EMAIL, password: COLLEAGUE_PASSWORD },
    issueToken: () => server.tokens.issue(tenant),
    revokeTokens: () => server.tokens.revokeAll(),
    faults: server.faults,
    hold: (route) => server.holds.hold(route),
    setLatency: (ms) => {
      server.latencyMs = Math.max(0, ms);
    },
    setCors: (on) => {
      server.cors = on;
    },
    requests: server.requests,
    salesOf: (name, o) => store.all(name, o?.includeHierarchy ?? false),
    insertRecords: (name, records) => store.insertRecords(name, records),
    deleteRecord: (name, id) => store.deleteRecord(name, id),
    deleteRecords: (name, ids) => store.deleteRecords(name, ids),
    setQuantities: (name, changes) => store.setQuantities(name, changes),
    findUnlinkedPair: () => {
      for (const item of store.catalog.items.values()) {
        for (const group of store.catalog.customerGroups.values()) {
          if (!store.catalog.isLinked(item, group))
            return { item_name: item.name, customer_group_name: group.name };
        }
      }
      throw new Error("Every item is linked to every customer group.");
    },
    close: () => (closed ??= server.close()),
  };
}

function count(v: number | undefined, fallback: number, name: string): number {
  const n = v ?? fallback;
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`SimulatorOptions.${name} must be a whole number >= 0, got ${v}.`);
  return n;
}
