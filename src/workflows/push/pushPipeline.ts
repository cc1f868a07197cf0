// The one push pipeline. Push selection, Push changes and Undo last push each hand it their records
// and only what differs between them (the sale type, where each record lives on the sheet, what the
// log names); it sends them in batches of at most 1,000, pauses for a sign-in on a 401 and sends
// that batch again, counts what was sent, refused and unknown, makes the push log's rows and writes
// them, and returns the structured result that pushMessages.ts turns into sentences. No Office.js
// here but through the push log.

import {
  ClaretAbortedError,
  ClaretError,
  ClaretNetworkError,
  ClaretProtocolError,
  ClaretServerError,
  ClaretTimeoutError,
  ClaretValidationError,
  MAX_POST_BATCH,
  postSales,
  type PostSalesArguments,
  type PostSalesContent,
  type PostSalesResult,
} from "../../claret";
import type { PushLogAction, PushLogOutcome } from "../../excel";
import type {
  BatchOutcome,
  BatchRange,
  BatchRefusal,
  BatchUncertainty,
  CellProblem,
  PushOutcome,
  PushStop,
  SalesQuery,
} from "../api";
import { fetchWindows, windowsFor, type RecordIndex } from "../claretRecords";
import { batchStatusOf, logRow, logRowsFor, writePushLog, type LoggedRecord } from "./pushLog";
import type { RenewingSession } from "../signIn/signInAgain";

export { ensurePushCanBeLogged } from "./pushLog";

/** Claret takes at most 1000 records per POST (claret-api.md §3). */
export const MAX_BATCH_ROWS = MAX_POST_BATCH;

/** Where each record of a push lives on the sheet, so Claret's refusals name cells and batches rows. */
export interface RecordPlaces {
  sheetName: string;
  /** where content[i]'s field lives on the sheet; the row's first cell when the field has no column */
  cellOf(contentIndex: number, field: string): { address: string; rowIndex: number };
  /** the 1-based sheet row content[i] was read from, so a batch can be named by the rows a planner sees */
  sheetRowOf(contentIndex: number): number;
}

export interface BatchRows extends RecordPlaces {
  content: PostSalesContent[];
}

/** No place on a sheet (an undo's records come from the push log). */
const NOWHERE: RecordPlaces = {
  sheetName: "",
  cellOf: () => ({ rowIndex: -1, address: "" }),
  sheetRowOf: () => 0,
};

/** What a push hands the pipeline: its records and only what differs between the pushes. */
export interface RecordsToPush {
  saleTypeName: string;
  createMissingLinks: boolean;
  /** the records, in the order the planner sees them */
  content: PostSalesContent[];
  /** where content[i] lives on the sheet; none for an undo */
  places?: RecordPlaces;
  log: {
    action: PushLogAction;
    tableName: string;
    /** the push's time, the same on every one of its log rows; by default when the log is written */
    pushedAt?: string;
    /** Claret's record before the push: its quantity and id; null for a create; undefined when not known */
    before(i: number): { quantity: number; id: number | null } | null | undefined;
    /** the log's outcome of content[i] from its batch's status; null: no row (default: only batches tried) */
    outcome?: (status: BatchOutcome["status"], created: boolean) => PushLogOutcome | null;
    /** rows for records the push did not send (an undo's conflicts and created records), after the others */
    alsoLog?: readonly LoggedRecord[];
  };
}

/** The records sent; the log is written by `writeLog`, which gives the push's structured result. */
export interface PushRun extends BatchRun {
  /** how the batch that carried content[i] ended */
  statusOf(i: number): BatchOutcome["status"];
  /**
   * Writes the push log (never throws: a log that cannot be written is in the result) and returns
   * the result. `createdId` gives the id of a record the push created, once it was read back.
   */
  writeLog(createdId?: (i: number) => number | null): Promise<PushOutcome>;
}

/**
 * Sends a push's records to Claret with `live`'s session: in batches of at most 1,000 (sendBatches
 * says how each ends and when the run stops). A batch Claret refused with 401 asks for a sign-in and
 * is sent again with the new session (renewingSession); the log rows name the session signed in with last.
 */
export async function pushRecords(
  live: RenewingSession,
  records: RecordsToPush,
  opts: {
    signal?: AbortSignal;
    /** per POST request (default: the Claret client's) */
    timeoutMs?: number;
    onProgress?: (p: { batchesDone: number; batches: number }) => void;
  } = {}
): Promise<PushRun> {
  const { content, log } = records;
  const args: PostSalesArguments = {
    sale_type_name: records.saleTypeName,
    create_missing_item_customer_group: records.createMissingLinks ? 1 : 0,
  };
  const run = await sendBatches(
    { ...(records.places ?? NOWHERE), content },
    (batch, signal) =>
      live.run((s) => postSales(s, args, batch, { signal, timeoutMs: opts.timeoutMs }), signal),
    { signal: opts.signal, onProgress: opts.onProgress }
  );
  return {
    ...run,
    statusOf: (i) => batchStatusOf(run.batches, i),
    async writeLog(createdId) {
      const push = {
        pushedAt: log.pushedAt ?? new Date().toISOString(),
        session: live.current,
        saleTypeName: records.saleTypeName,
        action: log.action,
        tableName: log.tableName,
      };
      const rows = logRowsFor(push, content, run.batches, log.before, createdId, log.outcome);
      for (const r of log.alsoLog ?? []) rows.push(logRow(push, r));
      return {
        sent: run.sent,
        refused: run.refused,
        unknown: run.unknown,
        notSent: run.notSent,
        batches: run.batches,
        problems: run.problems,
        log: await writePushLog(rows),
      };
    },
  };
}

/**
 * Claret's records now at the sell dates a push touches, in the fewest windows (GETs only; see
 * windowsFor): before sending (the versions to check, the log's old quantities) and after it. A 401
 * asks for a sign-in and reads again.
 */
export function readClaretAt(
  live: RenewingSession,
  query: Pick<SalesQuery, "saleTypeName" | "includeHierarchy">,
  dates: Iterable<string>,
  knownDates: readonly string[],
  signal?: AbortSignal
): Promise<RecordIndex> {
  const windows = windowsFor(dates, knownDates);
  return live.run((s) => fetchWindows(s, query, windows, signal));
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
  /** why batches were left unsent; null when every batch was tried */
  stoppedBecause: PushStop | null;
}

type Verdict =
  | { status: "refused"; refusal: BatchRefusal; stop: PushStop | null }
  | { status: "unknown"; uncertainty: BatchUncertainty; stop: PushStop }
  | { status: "not-sent"; stop: PushStop };

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
async function sendBatches(
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
    const range: BatchRange = {
      index: index + 1,
      rows: batch.length,
      firstRow: start + 1,
      lastRow: start + batch.length,
      firstSheetRow: rows.sheetRowOf(start),
      lastSheetRow: rows.sheetRowOf(start + batch.length - 1),
    };

    if (run.stoppedBecause === null && opts.signal?.aborted) run.stoppedBecause = "cancelled";
    if (run.stoppedBecause !== null) {
      run.batches.push({ ...range, status: "not-sent", stop: run.stoppedBecause });
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
          uncertainty: { kind: "miscounted", counted: result.successCount },
        });
        run.unknown += batch.length;
        run.stoppedBecause = "after-unknown";
      } else {
        run.batches.push({
          ...range,
          status: "sent",
          created: result.createdCount,
          updated: result.updatedCount,
        });
        run.sent += batch.length;
      }
    } catch (e) {
      const verdict = judge(e, rows, start);
      if (verdict.status === "refused") {
        run.batches.push({ ...range, status: "refused", refusal: verdict.refusal });
        run.refused += batch.length;
        run.problems.push(...verdict.refusal.cells);
        if (verdict.stop) run.stoppedBecause = verdict.stop;
      } else if (verdict.status === "unknown") {
        run.batches.push({ ...range, status: "unknown", uncertainty: verdict.uncertainty });
        run.unknown += batch.length;
        run.stoppedBecause = verdict.stop;
      } else {
        run.batches.push({ ...range, status: "not-sent", stop: verdict.stop });
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
    const cells: CellProblem[] = [];
    const requestErrors: BatchRefusal["requestErrors"] = [];
    for (const [key, messages] of Object.entries(e.fieldErrors)) {
      const m = /^content\.(\d+)\.(\w+)$/.exec(key);
      const local = m ? Number(m[1]) : NaN;
      if (m && local < MAX_BATCH_ROWS && start + local < rows.content.length) {
        const { address, rowIndex } = rows.cellOf(start + local, m[2]);
        cells.push({
          sheetName: rows.sheetName,
          address,
          rowIndex,
          severity: "error",
          source: "claret",
          field: m[2],
          message: messages.join(" "),
        });
      } else {
        requestErrors.push({ key, messages });
      }
    }
    const named = cells.length > 0 || requestErrors.length > 0;
    const refusal = { requestErrors, cells, message: named ? null : e.serverMessage || null };
    // A refusal that names no row (the sale type, the request itself) would refuse every batch alike.
    return { status: "refused", refusal, stop: requestErrors.length > 0 ? "refused-alike" : null };
  }
  if (e instanceof ClaretError) {
    if (e instanceof ClaretAbortedError) {
      return e.mayHaveWritten
        ? { status: "unknown", uncertainty: { kind: "cancelled" }, stop: "cancelled" }
        : { status: "not-sent", stop: "cancelled" };
    }
    if (
      e.mayHaveWritten ||
      e instanceof ClaretServerError ||
      e instanceof ClaretNetworkError ||
      e instanceof ClaretTimeoutError ||
      e instanceof ClaretProtocolError
    ) {
      return {
        status: "unknown",
        uncertainty: { kind: "failed", message: e.userMessage },
        stop: "after-unknown",
      };
    }
    // 401/403, 429 after its retries, other 4xx, bad input: Claret processed nothing of it.
    return {
      status: "refused",
      refusal: { requestErrors: [], cells: [], message: e.userMessage },
      stop: "refused-alike",
    };
  }
  // Not from the Claret client (a bug): whether the request went out is not known.
  const message = e instanceof Error ? e.message : String(e);
  return { status: "unknown", uncertainty: { kind: "failed", message }, stop: "after-unknown" };
}
