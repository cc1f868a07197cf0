// Reading Claret's current records for a push: the whole stored query (the comparison of Push
// changes), and narrow re-reads of just the sell dates a push touches (the version check right
// before sending, Claret's truth after it, and the values an undo puts back). GETs only.
import { salesPages, type SaleRecord } from "../claret";
import { isoDateToSerial, naturalKey } from "../sales";
import type { ClaretSession, DrainProgress, SalesQuery } from "./api";

/** Every record the query returns now, in Claret's order. */
export async function fetchAllRecords(
  session: ClaretSession,
  query: SalesQuery,
  opts: { signal?: AbortSignal; onProgress?: (p: DrainProgress) => void } = {}
): Promise<SaleRecord[]> {
  const records: SaleRecord[] = [];
  opts.onProgress?.({ recordsSoFar: 0, total: null });
  for await (const page of salesPages(session, query, { signal: opts.signal })) {
    for (const r of page.records) records.push(r);
    opts.onProgress?.({ recordsSoFar: page.recordsSoFar, total: page.total });
  }
  return records;
}

/** Claret's records found by id and by natural key. */
export interface RecordIndex {
  byId: Map<number, SaleRecord>;
  byKey: Map<string, SaleRecord>;
}

export function keyOfRecord(r: SaleRecord): string {
  return naturalKey(r.item_name, r.customer_group_name, r.sell_date, r.timing_interval_span);
}

/** The sorted distinct sell dates of some records (to merge neighbouring re-read windows). */
export function distinctDates(records: readonly SaleRecord[]): string[] {
  const set = new Set<string>();
  for (const r of records) set.add(r.sell_date);
  return [...set].sort();
}

export interface DateWindow {
  startDate: string;
  durationDays: number;
}

/**
 * The fewest windows that cover the `needed` dates without reading a date that is not needed:
 * neighbouring needed dates among the dates Claret has (`known`, sorted) share one window, since
 * no record lies between them. A needed date Claret has no records on is a window of its own.
 */
export function windowsFor(needed: Iterable<string>, known: readonly string[]): DateWindow[] {
  const want = new Set(needed);
  const windows: DateWindow[] = [];
  const span = (a: string, b: string) => (isoDateToSerial(b) ?? 0) - (isoDateToSerial(a) ?? 0);
  let start: string | null = null;
  let last: string | null = null;
  for (const d of known) {
    if (want.has(d)) {
      want.delete(d);
      if (start === null) start = d;
      last = d;
    } else if (start !== null && last !== null) {
      windows.push({ startDate: start, durationDays: span(start, last) });
      start = last = null;
    }
  }
  if (start !== null && last !== null)
    windows.push({ startDate: start, durationDays: span(start, last) });
  for (const d of [...want].sort()) windows.push({ startDate: d, durationDays: 0 });
  return windows;
}

/** Windows read at once: independent queries, so a few travel side by side. */
const WINDOWS_IN_FLIGHT = 4;

/** Claret's records on the given windows (one query per window, a few at a time). */
export async function fetchWindows(
  session: ClaretSession,
  base: Pick<SalesQuery, "saleTypeName" | "includeHierarchy">,
  windows: readonly DateWindow[],
  signal?: AbortSignal
): Promise<RecordIndex> {
  const index: RecordIndex = { byId: new Map(), byKey: new Map() };
  let next = 0;
  const worker = async () => {
    while (next < windows.length) {
      const w = windows[next++];
      const query: SalesQuery = { ...base, startDate: w.startDate, durationDays: w.durationDays };
      for await (const page of salesPages(session, query, { signal })) {
        for (const r of page.records) {
          index.byId.set(r.id, r);
          index.byKey.set(keyOfRecord(r), r);
        }
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(WINDOWS_IN_FLIGHT, windows.length) }, () => worker())
  );
  return index;
}
