// Reading Claret's current records for a push: the whole stored query (the comparison of Push
// changes), the rows whose records lie outside it, and narrow re-reads of just the sell dates a push
// touches (the version check right before sending, Claret's truth after it, and the values an undo
// puts back). GETs only.
import { salesPages, type ResumePoint, type SaleRecord } from "../claret";
import { isoDateToSerial, recordKeyString, type UnmatchedRow } from "../sales";
import type { ClaretSession, DrainProgress, SalesQuery } from "./api";
import { withSignInAgain, type Reauthenticate } from "./signIn/signInAgain";

/**
 * Every record the query returns now, in Claret's order. It holds every page anyway, so the next
 * page is asked for while the last one is parsed (prefetch). A 401 on the way asks for a sign-in
 * again (opts.reauthenticate) and carries on from the cursor with the new session.
 */
/** Who takes the records of a drain page by page (a comparison that works while the pages come). */
export interface RecordSink {
  add(records: readonly SaleRecord[]): void;
  restart(): void;
}

export async function fetchAllRecords(
  session: ClaretSession,
  query: SalesQuery,
  opts: {
    signal?: AbortSignal;
    onProgress?: (p: DrainProgress) => void;
    reauthenticate?: Reauthenticate;
    /** handed each page's records as it arrives, and told when the drain starts again from scratch */
    sink?: RecordSink;
  } = {}
): Promise<SaleRecord[]> {
  const records: SaleRecord[] = [];
  opts.onProgress?.({ recordsSoFar: 0, total: null });
  let resume: ResumePoint | undefined;
  const drain = async (s: ClaretSession) => {
    for await (const page of salesPages(s, query, {
      signal: opts.signal,
      prefetch: true,
      resume,
    })) {
      for (const r of page.records) records.push(r);
      opts.sink?.add(page.records);
      opts.onProgress?.({ recordsSoFar: page.recordsSoFar, total: page.total });
    }
    return records;
  };
  const done = await withSignInAgain(session, drain, {
    ...opts,
    onSignedIn: (_, error) => {
      resume = error.resume;
      if (!resume) {
        records.length = 0; // no point to carry on from: read again (nothing was kept)
        opts.sink?.restart();
      }
    },
  });
  return done.value;
}

/** Claret's records found by id and by natural key. */
export interface RecordIndex {
  byId: Map<number, SaleRecord>;
  byKey: Map<string, SaleRecord>;
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

/** Needed dates this close (in days) share a window: consecutive months, or days of one month. */
const MAX_GAP_DAYS = 31;

/**
 * Windows over dates nothing is known about (outside the stored window): sorted dates no more than
 * MAX_GAP_DAYS apart share one window, so a run of months is one query; the days between are read
 * too, which costs only what they hold.
 */
export function spanWindows(dates: Iterable<string>): DateWindow[] {
  const sorted = [...new Set(dates)]
    .map((d) => ({ d, serial: isoDateToSerial(d) }))
    .filter((x): x is { d: string; serial: number } => x.serial !== null)
    .sort((a, b) => a.serial - b.serial);
  const windows: DateWindow[] = [];
  let first: { d: string; serial: number } | null = null;
  let last = 0;
  for (const x of sorted) {
    if (first !== null && x.serial - last <= MAX_GAP_DAYS) {
      last = x.serial;
      continue;
    }
    if (first !== null) windows.push({ startDate: first.d, durationDays: last - first.serial });
    first = x;
    last = x.serial;
  }
  if (first !== null) windows.push({ startDate: first.d, durationDays: last - first.serial });
  return windows;
}

/**
 * What Claret holds outside the stored query's window that the comparison needs: the records of rows
 * the query did not return, looked up at each row's sell date (and sale type) — the window leaves out
 * a record created or re-keyed to a date outside it, though Claret has it — and the records at the
 * dates of new and re-keyed rows (sending one onto a key Claret holds would overwrite that record).
 * Dates inside the window were read already and are not asked again; with nothing to ask, no request
 * is made. Of another sale type, only the records with the ids asked for are returned.
 */
export async function fetchOutsideWindow(
  session: ClaretSession,
  query: SalesQuery,
  comparison: { unmatched: readonly UnmatchedRow[]; newKeyDates: readonly string[] },
  signal?: AbortSignal,
  // the comparison needs no hierarchy columns; a refresh writes them
  includeHierarchy = false
): Promise<SaleRecord[]> {
  const start = isoDateToSerial(query.startDate);
  const inWindow = (d: string) => {
    const serial = isoDateToSerial(d);
    return (
      start !== null && serial !== null && serial >= start && serial <= start + query.durationDays
    );
  };
  const own = query.saleTypeName.toLowerCase();
  // sale type (as Claret compares names, ignoring case) → its name and the dates to look at
  const bySaleType = new Map<string, { name: string; dates: string[] }>();
  const ask = (name: string, date: string) => {
    if (name.toLowerCase() === own && inWindow(date)) return;
    const group = bySaleType.get(name.toLowerCase()) ?? { name, dates: [] };
    group.dates.push(date);
    bySaleType.set(name.toLowerCase(), group);
  };
  for (const u of comparison.unmatched)
    if (u.sellDate !== null) ask(u.saleTypeName ?? query.saleTypeName, u.sellDate);
  for (const d of comparison.newKeyDates) ask(query.saleTypeName, d);
  const ids = new Set(comparison.unmatched.map((u) => u.id));
  const found: SaleRecord[] = [];
  for (const [key, { name, dates }] of bySaleType) {
    const index = await fetchWindows(
      session,
      { saleTypeName: name, includeHierarchy },
      spanWindows(dates),
      signal
    );
    for (const rec of index.byId.values()) if (key === own || ids.has(rec.id)) found.push(rec);
  }
  return found;
}

/**
 * The records of table rows the stored query did not return that Claret still holds outside its
 * window (a row created or re-keyed to a date outside it), by the same lookup as fetchOutsideWindow,
 * with the query's hierarchy columns. Only the ids asked for come back (a refresh must not add the
 * other records at those dates: they are outside the table's window). Rows dated inside the window
 * were read already, so when every row is, no request is made.
 */
export async function fetchRecordsOfRows(
  session: ClaretSession,
  query: SalesQuery,
  rows: readonly UnmatchedRow[],
  signal?: AbortSignal
): Promise<SaleRecord[]> {
  const comparison = { unmatched: rows, newKeyDates: [] };
  const found = await fetchOutsideWindow(
    session,
    query,
    comparison,
    signal,
    query.includeHierarchy
  );
  const ids = new Set(rows.map((r) => r.id));
  return found.filter((r) => ids.has(r.id));
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
      for await (const page of salesPages(session, query, { signal, prefetch: true })) {
        for (const r of page.records) {
          index.byId.set(r.id, r);
          index.byKey.set(recordKeyString(r), r);
        }
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(WINDOWS_IN_FLIGHT, windows.length) }, () => worker())
  );
  return index;
}
