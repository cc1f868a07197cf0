// Small HTTP helpers for the simulator's own tests: real requests with node's fetch, no mocks.

import type { Simulator } from "../../dev/claret-sim";
import type { SaleRecord } from "../../src/claret/types";

/** A GET /sales answer as the tests read it: the page envelope, or Laravel's 422 fields. */
export interface SalesBody {
  success_message: string;
  sales: SaleRecord[];
  total: number;
  from: number;
  to: number;
  per_page: number;
  previous_data_count: number;
  data_count_remaining: number;
  current_index: number;
  next_index: number | null;
  success_count: number;
  message?: string;
  /** present on a 422 only */
  errors: Record<string, string[]>;
}

/** A POST /sales answer: the success counts, or Laravel's 422 fields. */
export interface PostBody {
  success_message?: string;
  created_count?: number;
  updated_count?: number;
  success_count?: number;
  message?: string;
  errors: Record<string, string[]>;
}

export const XHR = { "X-Requested-With": "XMLHttpRequest" };

export function apiUrl(
  sim: Simulator,
  path: string,
  query: Record<string, string | number> = {}
): string {
  const u = new URL(`${sim.url}/${sim.tenant}/api/v1/${path}`);
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, String(v));
  return u.toString();
}

export function authHeaders(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}`, ...XHR, "Content-Type": "application/json" };
}

export async function getSales(
  sim: Simulator,
  token: string,
  query: Record<string, string | number>
): Promise<{ status: number; body: SalesBody }> {
  const res = await fetch(apiUrl(sim, "sales", query), {
    headers: authHeaders(token),
    redirect: "manual",
  });
  return { status: res.status, body: await res.json() };
}

export async function postSales(
  sim: Simulator,
  token: string,
  body: unknown
): Promise<{ status: number; body: PostBody }> {
  const res = await fetch(apiUrl(sim, "sales"), {
    method: "POST",
    headers: authHeaders(token),
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** Every page of a query, following next_index until null. */
export async function drain(
  sim: Simulator,
  token: string,
  query: Record<string, string | number>
): Promise<SalesBody[]> {
  const pages: SalesBody[] = [];
  let cursor: number | null = 0;
  while (cursor !== null) {
    const { status, body } = await getSales(
      sim,
      token,
      cursor === 0 ? query : { ...query, current_index: cursor }
    );
    if (status !== 200)
      throw new Error(`page ${pages.length + 1}: HTTP ${status} ${JSON.stringify(body)}`);
    pages.push(body);
    cursor = body.next_index;
    if (pages.length > 500) throw new Error("runaway drain");
  }
  return pages;
}

export const ALL_HISTORY = { sale_type_name: "History", start_date: "2020-01-01", duration: 1826 };
