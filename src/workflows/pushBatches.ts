// Sending the rows of a push in batches and reporting, batch by batch, what really happened.
// No Office.js here: the caller passes a function that posts one batch, and where each row lives.

import {
  ClaretError,
  ClaretValidationError,
  MAX_POST_BATCH,
  type PostSalesContent,
  type PostSalesResult,
} from "../claret";
import type { BatchOutcome, CellProblem } from "./api";

/** Claret takes at most 1000 records per POST (claret-api.md §3). */
export const MAX_BATCH_ROWS = MAX_POST_BATCH;

export interface BatchRows {
  sheetName: string;
  content: PostSalesContent[];
  /** where content[i]'s field lives on the sheet; the row's first cell when the field has no column */
  cellOf(contentIndex: number, field: string): { address: string; rowIndex: number };
  /** the 1-based sheet row content[i] was read from, so a batch can be named by the rows a planner sees */
  sheetRowOf?(contentIndex: number): number;
}

export type PostBatch = (
  content: PostSalesContent[],
  signal?: AbortSignal
) => Promise<PostSalesResult>;

export interface BatchRun {
  batches: BatchOutcome[];
  problems: CellProblem[];
  sent: number;
  refused: number;
  unknown: number;
  notSent: number;
  /** why batches were left unsent, a phrase that follows "not sent: "; null when every batch was tried */
  stoppedBecause: string | null;
}

const fmt = new Intl.NumberFormat("en-US");
export const n = (x: number) => fmt.format(x);
export const rowsWord = (x: number) => `${n(x)} ${x === 1 ? "row" : "rows"}`;

const CANCELLED = "the push was cancelled";
const AFTER_UNKNOWN = "the push stopped after an unknown outcome";
const REFUSED_ALIKE = "Claret refused the request itself, so it would refuse every batch alike";

type Verdict =
  | { status: "refused"; message: string; problems: CellProblem[]; stop: string | null }
  | { status: "unknown"; message: string; stop: string }
  | { status: "not-sent"; message: string; stop: string };

/**
 * Posts the rows in sequential batches of at most 1000. Each batch ends:
 * - sent: Claret confirmed it;
 * - refused: Claret answered that it wrote nothing of it (422, 401, 429, other 4xx) — the problems of
 *   a 422 are mapped back to their cells. Claret is all-or-nothing per request, so later batches
 *   are independent of a refused one and are still sent: a planner gets every valid batch in and
 *   one list of cells to fix. Only when the refusal would hit every batch alike (the session is
 *   gone, the sale type is unknown, rate limited) does the run stop there;
 * - unknown: a timeout, a broken connection, a 5xx, an unreadable answer, or a success that counts
 *   other rows than were sent — the batch may or may
 *   not have been written. The run STOPS: nothing is retried and nothing more is written until the
 *   planner has looked in Claret. Re-pushing later is safe (POST is an upsert on the natural key),
 *   whereas writing on into a server that just failed would leave a state nobody can describe.
 * Batches after a stop, or after a cancel between batches, are 'not-sent'.
 */
export async function sendBatches(
  rows: BatchRows,
  post: PostBatch,
  opts: {
    signal?: AbortSignal;
    onProgress?: (p: { batchesDone: number; batches: number }) => void;
  } = {}
): Promise<BatchRun> {
  const total = rows.content.length;
  const count = Math.ceil(total / MAX_BATCH_ROWS);
  const run: BatchRun = {
    batches: [],
    problems: [],
    sent: 0,
    refused: 0,
    unknown: 0,
    notSent: 0,
    stoppedBecause: null,
  };

  for (let index = 0; index < count; index++) {
    const start = index * MAX_BATCH_ROWS;
    const batch = rows.content.slice(start, start + MAX_BATCH_ROWS);
    const range: Omit<BatchOutcome, "status" | "message"> = {
      index: index + 1,
      rows: batch.length,
      firstRow: start + 1,
      lastRow: start + batch.length,
    };
    if (rows.sheetRowOf) {
      range.firstSheetRow = rows.sheetRowOf(start);
      range.lastSheetRow = rows.sheetRowOf(start + batch.length - 1);
    }

    if (run.stoppedBecause === null && opts.signal?.aborted) run.stoppedBecause = CANCELLED;
    if (run.stoppedBecause !== null) {
      run.batches.push({
        ...range,
        status: "not-sent",
        message: `Not sent: ${run.stoppedBecause}.`,
      });
      run.notSent += batch.length;
      continue;
    }

    try {
      const result = await post(batch, opts.signal);
      if (result.successCount !== batch.length) {
        // A 200 that counts other rows than were sent breaks all-or-nothing: which rows went in is
        // not known, so the batch is not reported as written and nothing more is sent.
        run.batches.push({
          ...range,
          status: "unknown",
          message: `Outcome unknown: Claret answered success but counted ${n(result.successCount)} of the ${rowsWord(batch.length)} sent. Check these rows in Claret.`,
        });
        run.unknown += batch.length;
        run.stoppedBecause = AFTER_UNKNOWN;
        opts.onProgress?.({ batchesDone: index + 1, batches: count });
        continue;
      }
      run.batches.push({
        ...range,
        status: "sent",
        message: `Written: ${rowsWord(result.successCount)} (${n(result.createdCount)} created, ${n(result.updatedCount)} updated).`,
      });
      run.sent += batch.length;
    } catch (e) {
      const verdict = judge(e, rows, start);
      run.batches.push({ ...range, status: verdict.status, message: verdict.message });
      if (verdict.status === "refused") {
        run.refused += batch.length;
        run.problems.push(...verdict.problems);
        if (verdict.stop) run.stoppedBecause = verdict.stop;
      } else if (verdict.status === "unknown") {
        run.unknown += batch.length;
        run.stoppedBecause = verdict.stop;
      } else {
        run.notSent += batch.length;
        run.stoppedBecause = verdict.stop;
      }
    }
    opts.onProgress?.({ batchesDone: index + 1, batches: count });
  }
  return run;
}

function judge(e: unknown, rows: BatchRows, start: number): Verdict {
  if (e instanceof ClaretValidationError) {
    const problems: CellProblem[] = [];
    const general: string[] = [];
    for (const [key, messages] of Object.entries(e.fieldErrors)) {
      const m = /^content\.(\d+)\.(\w+)$/.exec(key);
      const local = m ? Number(m[1]) : NaN;
      if (m && local < MAX_BATCH_ROWS && start + local < rows.content.length) {
        const { address, rowIndex } = rows.cellOf(start + local, m[2]);
        problems.push({
          sheetName: rows.sheetName,
          address,
          rowIndex,
          severity: "error",
          message: `${address}: Claret refused ${m[2]}: ${messages.join(" ")}`,
        });
      } else {
        general.push(`${key}: ${messages.join(" ")}`);
      }
    }
    const reasons = [
      ...general,
      ...problems.slice(0, 3).map((p) => p.message.replace(": Claret refused ", ": ")),
    ];
    const more = problems.length > 3 ? ` (and ${n(problems.length - 3)} more cells)` : "";
    const message =
      `Refused, nothing of it was written: ${reasons.join("; ") || e.serverMessage || "invalid data"}${more}`.replace(
        /([^.])$/,
        "$1."
      );
    // A refusal that names no row (the sale type, the request itself) would refuse every batch alike.
    const stop = general.length > 0 ? REFUSED_ALIKE : null;
    return { status: "refused", message, problems, stop };
  }
  if (e instanceof ClaretError) {
    if (e.kind === "aborted") {
      return e.mayHaveWritten
        ? {
            status: "unknown",
            message: "Outcome unknown: cancelled while Claret was writing it.",
            stop: CANCELLED,
          }
        : { status: "not-sent", message: `Not sent: ${CANCELLED}.`, stop: CANCELLED };
    }
    if (e.mayHaveWritten || ["server", "network", "timeout", "protocol"].includes(e.kind)) {
      return {
        status: "unknown",
        message: `Outcome unknown: ${e.userMessage}`,
        stop: AFTER_UNKNOWN,
      };
    }
    // 401/403, 429 after its retries, other 4xx, bad input: Claret processed nothing of it.
    return {
      status: "refused",
      message: `Refused, nothing of it was written: ${e.userMessage}`,
      problems: [],
      stop: REFUSED_ALIKE,
    };
  }
  // Not from the Claret client (a bug): whether the request went out is not known.
  const text = e instanceof Error ? e.message : String(e);
  return { status: "unknown", message: `Outcome unknown: ${text}`, stop: AFTER_UNKNOWN };
}
