// Claret's identity of a record: the natural key POST /sales upserts on (claret-api.md §3), that is
// item, customer group, sale type, sell_date and timing interval within a tenant. Every place that
// asks "is this the same record?" builds the key here and compares recordKeyString()s.
//
// The tenant and the sale type are the scope of a key, not part of its string: every collection of
// records by key holds one tenant's records of one sale type (a GET /sales query, one push, the
// simulator's store of a sale type), as Claret's own answers do.
//
// One rule for case and blanks: names are compared as Claret compares them, ignoring case (Laravel on
// MySQL's default collation) and surrounding blanks (Laravel trims every string of a request), so
// "Palm Tree " and "palm tree" on the same date are one record.

import type { SaleRecord } from "../claret/types";

/** A record's key as it reads (Claret's or the planner's spelling): what a result names a record by. */
export interface RecordKey {
  item_name: string;
  customer_group_name: string;
  /** YYYY-MM-DD, the first day of its interval */
  sell_date: string;
  timing_interval_name: string;
}

/**
 * What a key is read from: a Claret record (its interval is `timing_interval_span`), or what is sent
 * for one (a POST content object, a push log row, a key itself).
 */
export type KeySource =
  | RecordKey
  | Pick<SaleRecord, "item_name" | "customer_group_name" | "sell_date" | "timing_interval_span">;

/** The key of a record or of what is sent for one, as it reads; nothing else of the source. */
export function recordKey(r: KeySource): RecordKey {
  return {
    item_name: r.item_name,
    customer_group_name: r.customer_group_name,
    sell_date: r.sell_date,
    timing_interval_name:
      "timing_interval_name" in r ? r.timing_interval_name : r.timing_interval_span,
  };
}

/** A name as Claret compares it: without surrounding blanks, ignoring case. */
export function claretName(name: string): string {
  return name.trim().toLowerCase();
}

/** The map key of a record: the same string for every spelling Claret takes for the same record. */
export function recordKeyString(r: KeySource): string {
  const k = recordKey(r);
  return [
    claretName(k.item_name),
    claretName(k.customer_group_name),
    k.sell_date.trim(),
    claretName(k.timing_interval_name),
  ].join("\u0000");
}
