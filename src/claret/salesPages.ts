// GET /sales drained page by page as an async iterator the caller drives with `for await`.
// By default it fetches a page only when asked for it (the pull workflow pipelines by asking for
// the next page while it writes the last one, and bounds the pages it holds). With `prefetch`, the
// next page is asked for as soon as its cursor can be read in the current page's text, before that
// page is parsed and checked (the cursor makes pages sequential, so the parse would otherwise sit
// between every two pages); the guess is checked against the parsed page and a wrong one dropped.
// Each page is retried from its own cursor, so a drain never restarts and never duplicates or
// skips a record; every error carries the point to resume from.

import { linkedController, type LinkedController } from "./abort";
import { apiUrl, validateEndpoint } from "./endpoint";
import { ClaretError, ClaretInputError, ClaretProtocolError, type ResumePoint } from "./errors";
import { claretFetchText, parseClaretJson, type RequestOptions } from "./http";
import { isIsoDate } from "./isoDate";
import { resolvePolicy, withRetry, type RetryNotice, type RetryPolicy } from "./retry";
import { checkRecords, parseEnvelope, salesEnvelopeSchema } from "./schemas";
import type { ClaretSession, SalesPage, SalesQuery } from "./types";

export interface SalesPagesOptions extends RequestOptions {
  retry?: Partial<RetryPolicy>;
  /** Continue a drain: the `resume` of the error that stopped it (or cursor = last page's nextIndex). */
  resume?: ResumePoint;
  onRetry?: (notice: RetryNotice) => void;
  /**
   * Ask for the next page while the current one is parsed and checked, so up to one page more is
   * in flight than the caller asked for (the caller holds every page anyway, or does not bound them).
   */
  prefetch?: boolean;
}

const PULL_AGAIN = "Pull again; if it keeps happening, contact Claret support.";

const NEXT_INDEX_KEY = '"next_index"';

/**
 * The page's next_index as its raw JSON text says, found without parsing it: the last `"next_index"`
 * key (the envelope's own is a top-level field after `sales`, but a record could carry a key of that
 * name, and a server may order fields otherwise). Only a guess: the drain compares it with the parsed
 * envelope's next_index before using what it fetched with it. undefined when none can be read.
 */
export function peekNextIndex(text: string): number | null | undefined {
  const at = text.lastIndexOf(NEXT_INDEX_KEY);
  if (at < 0) return undefined;
  let i = at + NEXT_INDEX_KEY.length;
  const skipSpace = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  skipSpace();
  if (text[i] !== ":") return undefined;
  i++;
  skipSpace();
  if (text.startsWith("null", i)) return null;
  const start = i;
  while (i < text.length && text[i] >= "0" && text[i] <= "9") i++;
  if (i === start || i - start > 15) return undefined;
  return Number(text.slice(start, i));
}

/** A page's record ids, kept for the duplicate check of the page after it. */
interface PageIds {
  ids: Float64Array;
  min: number;
  max: number;
  /** strictly ascending: no id repeats within the page */
  ascending: boolean;
}

function pageIds(records: readonly { id: number }[]): PageIds {
  const ids = new Float64Array(records.length);
  let min = Infinity;
  let max = -Infinity;
  let ascending = true;
  for (let i = 0; i < records.length; i++) {
    const id = records[i].id;
    ids[i] = id;
    if (id <= max) ascending = false;
    if (id < min) min = id;
    if (id > max) max = id;
  }
  return { ids, min, max, ascending };
}

/**
 * An id that repeats within the page or one of the previous page's, or null. Only the previous page is kept, so memory
 * does not grow with the pull: an off-by-one cursor repeats records of the page before it, and a cursor that goes back
 * further is caught by the cursor check. Claret does not promise any order, but when a page's ids ascend and lie
 * outside the previous page's range (the simulator pages by id) no Set is needed; otherwise two page-sized Sets decide.
 */
function repeatedId(page: PageIds, previous: PageIds | null): number | null {
  const disjoint =
    previous === null ||
    previous.ids.length === 0 ||
    page.min > previous.max ||
    page.max < previous.min;
  if (page.ascending && disjoint) return null;
  const before = disjoint ? null : new Set(previous.ids);
  const own = new Set<number>();
  for (const id of page.ids) {
    if (before?.has(id) || own.has(id)) return id;
    own.add(id);
  }
  return null;
}

export function validateSalesQuery(query: SalesQuery): SalesQuery {
  const saleTypeName = query.saleTypeName.trim();
  if (saleTypeName === "")
    throw new ClaretInputError("saleTypeName", "Enter a sale type, e.g. History or Forecast.");
  if (!isIsoDate(query.startDate)) {
    throw new ClaretInputError(
      "startDate",
      `The start date "${query.startDate}" is not a date in the form YYYY-MM-DD, e.g. 2022-06-01.`
    );
  }
  if (!Number.isInteger(query.durationDays) || query.durationDays < 0) {
    throw new ClaretInputError(
      "durationDays",
      `The duration must be a whole number of days, 0 or more (got ${String(query.durationDays)}).`
    );
  }
  return { ...query, saleTypeName };
}

function validateResume(resume: ResumePoint): void {
  const ok = (n: unknown) => typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
  if (
    !ok(resume.cursor) ||
    !ok(resume.recordsSoFar) ||
    (resume.total !== undefined && !ok(resume.total))
  ) {
    throw new ClaretInputError(
      "resume",
      "The point to resume the pull from is invalid; pull again from the start."
    );
  }
}

/**
 * Validates everything up front (throws a ClaretInputError synchronously, before any request),
 * then returns the iterator. Breaking out of `for await` leaves no request in flight.
 */
export function salesPages(
  session: ClaretSession,
  query: SalesQuery,
  opts: SalesPagesOptions = {}
): AsyncIterableIterator<SalesPage> {
  const ep = validateEndpoint(session);
  const q = validateSalesQuery(query);
  if (!session.token) throw new ClaretInputError("token", "Sign in to Claret first.");
  if (opts.resume) validateResume(opts.resume);
  return drain({ ...ep, token: session.token }, q, opts);
}

/** One GET /sales in flight (with its retries), and the next cursor its text announced. */
interface PageRequest {
  cursor: number;
  body: Promise<unknown>;
  /** set when the text has arrived, before it is parsed */
  nextGuess?: number | null;
  /** a request made ahead of being asked for: its own, so it can be dropped */
  controller?: LinkedController;
}

async function* drain(
  session: ClaretSession,
  q: SalesQuery,
  opts: SalesPagesOptions
): AsyncGenerator<SalesPage, void, undefined> {
  const policy = resolvePolicy(opts.retry);
  let cursor = opts.resume?.cursor ?? 0;
  let recordsSoFar = opts.resume?.recordsSoFar ?? 0;
  let total: number | undefined = opts.resume?.total;
  let previousIds: PageIds | null = null;
  // the request whose page is awaited now, and at most one asked ahead of it
  let current = null as PageRequest | null;
  let ahead = null as PageRequest | null;

  const request = (at: number, speculative: boolean): PageRequest => {
    const url = apiUrl(session, "sales", {
      sale_type_name: q.saleTypeName,
      start_date: q.startDate,
      duration: q.durationDays,
      include_flattened_hierarchy: q.includeHierarchy ? 1 : 0,
      // The first call omits it (it means 0); afterwards the previous page's next_index.
      current_index: at === 0 ? undefined : at,
    });
    const req: PageRequest = { cursor: at, body: Promise.resolve(undefined) };
    let signal = opts.signal;
    let forget = () => {};
    if (speculative) {
      // aborted when dropped, and by the caller's signal like any request
      const controller = linkedController(opts.signal);
      forget = controller.release;
      req.controller = controller;
      signal = controller.signal;
    }
    req.body = withRetry(
      async () => {
        const { text, status } = await claretFetchText(
          { method: "GET", url, endpoint: session, action: "read", token: session.token },
          { ...opts, signal }
        );
        req.nextGuess = peekNextIndex(text);
        if (req === current) askAhead(req);
        return parseClaretJson(text, status, false);
      },
      { policy, signal, shouldRetry: (e) => e.retryable, onRetry: opts.onRetry }
    ).finally(forget);
    return req;
  };
  /** With prefetch: ask for the page after `req` by the cursor its text announced. */
  const askAhead = (req: PageRequest) => {
    const next = req.nextGuess;
    if (!opts.prefetch || ahead !== null || next === undefined || next === null) return;
    if (next <= req.cursor) return; // a cursor that does not move on is refused by the checks below
    ahead = request(next, true);
    ahead.body.catch(() => undefined); // awaited when its page is asked for; dropped otherwise
  };
  const dropAhead = () => {
    ahead?.controller?.abort();
    ahead = null;
  };

  try {
    for (;;) {
      let page: SalesPage;
      try {
        if (ahead !== null && ahead.cursor === cursor) {
          current = ahead;
          ahead = null;
          if (current.nextGuess !== undefined) askAhead(current);
        } else {
          dropAhead();
          current = request(cursor, false);
        }
        const body = await current.body;
        current = null; // its answer is parsed below; the request need not hold it any longer
        const env = parseEnvelope(salesEnvelopeSchema, body, "a page of sales");
        const records = checkRecords(env.sales);
        const next = env.next_index;

        if (total !== undefined && env.total !== total) {
          throw new ClaretProtocolError(
            `Claret's record count changed during the pull (first ${total}, now ${env.total} records), so the pages may not fit together. ${PULL_AGAIN}`
          );
        }
        if (records.length === 0 && next !== null) {
          throw new ClaretProtocolError(
            `Claret sent an empty page that says more records follow, after ${recordsSoFar} of ${env.total} records. ${PULL_AGAIN}`
          );
        }
        if (next !== null && next <= cursor) {
          throw new ClaretProtocolError(
            `Claret's page cursor ${next === cursor ? "repeated itself" : "went backwards"} (${cursor} then ${next}) after ${recordsSoFar} records; following it would duplicate records. ${PULL_AGAIN}`
          );
        }
        const ids = pageIds(records);
        const repeated = repeatedId(ids, previousIds);
        if (repeated !== null)
          throw new ClaretProtocolError(
            `Claret sent the sales record with id ${repeated} twice during one pull. ${PULL_AGAIN}`
          );
        previousIds = ids;
        const soFar = recordsSoFar + records.length;
        if (soFar > env.total) {
          throw new ClaretProtocolError(
            `Claret sent more records (${soFar}) than the total it announced (${env.total}). ${PULL_AGAIN}`
          );
        }
        if (next === null && soFar < env.total) {
          throw new ClaretProtocolError(
            `Claret ended the pull after ${soFar} records although it announced ${env.total}. ${PULL_AGAIN}`
          );
        }
        total = env.total;
        // the page asked for ahead was for the cursor the text seemed to announce: keep it only if it is this one
        if (ahead !== null && ahead.cursor !== next) dropAhead();
        page = {
          records,
          total: env.total,
          currentIndex: cursor,
          nextIndex: next,
          recordsSoFar: soFar,
        };
      } catch (e) {
        if (e instanceof ClaretError) e.resume = { cursor, recordsSoFar, total };
        throw e;
      }

      yield page;
      if (page.nextIndex === null) return;
      cursor = page.nextIndex;
      recordsSoFar = page.recordsSoFar;
    }
  } finally {
    // an error, the last page, or the caller breaking out of `for await`: nothing stays in flight
    dropAhead();
  }
}
