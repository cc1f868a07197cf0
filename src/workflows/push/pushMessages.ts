// Every sentence a push tells the planner, made from the push's data in this one place: what a
// problem says, how each batch ended, the summary, and why nothing was sent. Nothing else in the
// push path words a result, so a rewording here cannot break a summary built elsewhere.

import { countOf, formatCount as n } from "../../sales";
import type {
  BatchOutcome,
  BatchRefusal,
  BatchUncertainty,
  CellProblem,
  PushStop,
  PushSummary,
  ChangesPreview,
  ChangesSummary,
  UndoSummary,
} from "../api";

const rowsWord = (x: number) => countOf(x, "row");

/** A message read as a clause inside parentheses or after a colon: its final period dropped. */
const clause = (text: string) => text.replace(/\.$/, "");

/** Claret names a few cells of a refused batch in the summary; the rest are in the problem list. */
const CELLS_NAMED = 3;
/** Sheet rows left out with errors named in the summary before "and N more". */
const LEFT_OUT_NAMED = 10;

const STOPS: Record<PushStop, string> = {
  cancelled: "the push was cancelled",
  "after-unknown": "the push stopped after an unknown outcome",
  "refused-alike": "Claret refused the request itself, so it would refuse every batch alike",
};

/** What a problem says after its address: the check's own sentence, or whose refusal it is. */
export function problemText(p: CellProblem): string {
  return p.source === "claret" ? `Claret refused ${p.field}: ${p.message}` : p.message;
}

/** "D7: "lots" is not a number. …"; a problem with the columns themselves names no cell. */
export function problemSentence(p: CellProblem): string {
  return p.rowIndex < 0 ? problemText(p) : `${p.address}: ${problemText(p)}`;
}

/** Added to a problem with the columns of a selection outside a table (its first row was read as headers). */
export function headerRowHint(sheetRow: number): string {
  return ` The first selected row (sheet row ${sheetRow}) is read as the header row; select the header row with the rows to send.`;
}

export const NO_SALE_TYPE =
  "Nothing was sent: enter the sale type these rows belong to (for example Forecast).";

export const NO_ROWS_TO_SEND =
  "Nothing was sent: the selection has no rows to send (hidden and blank rows are skipped).";

/** Nothing is sent while rows have errors, unless the planner chose to send the valid rows only. */
export function blockedByErrors(
  firstError: CellProblem,
  rowsWithErrors: number,
  rowsToSend: number
): string {
  const which =
    rowsWithErrors > 0
      ? `${rowsWord(rowsWithErrors)} ${rowsWithErrors === 1 ? "has" : "have"} errors`
      : "the selection has an error";
  const fix =
    rowsToSend > 0
      ? "Fix them, or choose to send the valid rows only."
      : "Fix them, then push again.";
  return `Nothing was sent: ${which} (${clause(problemSentence(firstError))}). ${fix}`;
}

/** "Send the valid rows only" was chosen, but no row is valid. */
export function everyRowHasErrors(firstError: CellProblem): string {
  return `Nothing was sent: every row of the selection has errors (${clause(problemSentence(firstError))}). Fix them, then push again.`;
}

/** Rows whose sale_type_name cell names another sale type than the one chosen. */
export function saleTypeConflict(
  saleTypeName: string,
  conflicts: ReadonlyArray<{ address: string; name: string }>
): string {
  const shown = conflicts
    .slice(0, 3)
    .map((c) => `${c.address}: "${c.name}"`)
    .join(", ");
  const more = conflicts.length > 3 ? ` and ${n(conflicts.length - 3)} more` : "";
  return (
    `Nothing was sent: you chose sale type "${saleTypeName}", but the sale_type_name column of ${rowsWord(conflicts.length)} names another (${shown}${more}). ` +
    `Choose the sale type the rows belong to, or select only rows of "${saleTypeName}".`
  );
}

/** Claret's reasons for a refused batch: the request's own errors, then the first cells. */
function refusalText(r: BatchRefusal): string {
  const reasons = [
    ...r.requestErrors.map((e) => `${e.key}: ${e.messages.join(" ")}`),
    ...r.cells.slice(0, CELLS_NAMED).map((p) => `${p.address}: ${p.field}: ${p.message}`),
  ];
  const more =
    r.cells.length > CELLS_NAMED ? ` (and ${n(r.cells.length - CELLS_NAMED)} more cells)` : "";
  return `${reasons.join("; ") || r.message || "invalid data"}${more}`.replace(/([^.])$/, "$1.");
}

function uncertaintyText(u: BatchUncertainty, rows: number): string {
  switch (u.kind) {
    case "miscounted":
      return `Claret answered success but counted ${n(u.counted)} of the ${rowsWord(rows)} sent. Check these rows in Claret.`;
    case "cancelled":
      return "cancelled while Claret was writing it.";
    case "failed":
      return u.message;
  }
}

/** "Batch 2 (sheet rows 1,002–2,001)": sheet rows, not positions among the rows sent, since the planner looks for them on the sheet. */
function batchLabel(b: BatchOutcome): string {
  return `Batch ${b.index} (sheet rows ${n(b.firstSheetRow)}–${n(b.lastSheetRow)})`;
}

/** How one batch ended, as a sentence: "Batch 2 (sheet rows 1,002–2,001) was refused, so …". */
export function batchSentence(b: BatchOutcome): string {
  switch (b.status) {
    case "sent":
      return `${batchLabel(b)} was written: ${rowsWord(b.rows)} (${n(b.created)} created, ${n(b.updated)} updated).`;
    case "refused":
      return `${batchLabel(b)} was refused, so nothing of it was written: ${refusalText(b.refusal)}`;
    case "unknown":
      return `${batchLabel(b)} may or may not have been written: ${uncertaintyText(b.uncertainty, b.rows)}`;
    case "not-sent":
      return `${batchLabel(b)} was not sent: ${STOPS[b.stop]}.`;
  }
}

/**
 * "Sent 1,000 of 2,500 rows. Batch 2 (sheet rows 1,002–2,001) was refused: …; 500 rows were not
 * sent." Names only the batches that did not simply go in.
 */
export function summarySentence(
  s: Omit<PushSummary, "sentence">,
  skippedHidden: number,
  skippedBlank: number
): string {
  const toSend = s.sent + s.refused + s.unknown + s.notSent;
  const parts: string[] = [];
  if (s.sent === toSend) {
    parts.push(
      `Sent all ${rowsWord(toSend)} to Claret${s.batches.length > 1 ? ` in ${s.batches.length} batches` : ""}.`
    );
  } else {
    parts.push(`Sent ${n(s.sent)} of ${rowsWord(toSend)}.`);
  }
  let refusedBefore = false;
  let continuedAfterRefusal = false;
  for (const b of s.batches) {
    if (b.status === "refused" || b.status === "unknown") parts.push(batchSentence(b));
    if (b.status === "refused") refusedBefore = true;
    else if (b.status === "sent" && refusedBefore) continuedAfterRefusal = true;
  }
  if (continuedAfterRefusal)
    parts.push("Later batches were still sent, since Claret writes nothing of a refused batch.");
  if (s.notSent > 0) {
    parts.push(
      `${rowsWord(s.notSent)} ${s.notSent === 1 ? "was" : "were"} not sent: ${s.stoppedBecause ? STOPS[s.stoppedBecause] : "the push stopped"}.`
    );
  }
  if (s.leftOutWithErrors > 0) {
    const rows = s.leftOutSheetRows;
    const list = rows.slice(0, LEFT_OUT_NAMED).join(", ");
    const more = rows.length > LEFT_OUT_NAMED ? ` and ${n(rows.length - LEFT_OUT_NAMED)} more` : "";
    parts.push(
      `${rowsWord(s.leftOutWithErrors)} with errors ${s.leftOutWithErrors === 1 ? "was" : "were"} left out (sheet rows ${list}${more}).`
    );
  }
  if (s.log.error) parts.push(`${s.log.error} The push itself is as reported.`);
  const skipped: string[] = [];
  if (skippedHidden > 0) skipped.push(`${n(skippedHidden)} hidden`);
  if (skippedBlank > 0) skipped.push(`${n(skippedBlank)} blank`);
  if (skipped.length > 0)
    parts.push(
      `Skipped ${skipped.join(" and ")} ${skippedHidden + skippedBlank === 1 ? "row" : "rows"}.`
    );
  return parts.join(" ");
}

// --- Push changes and Undo last push ---

const records = (x: number) => countOf(x, "record");
const rows = (x: number) => countOf(x, "row");

/** Why a confirm had nothing to do. */
export function nothingToSendText(preview: ChangesPreview, heldBack: number): string {
  if (heldBack > 0)
    return `Nothing was sent: the only changes are ${rows(heldBack)} held back (conflicts without a choice, or key changes not confirmed). Choose "Keep my values" or "Take Claret's values" for each conflict, or confirm the key changes.`;
  return noChangesText(preview);
}

/** The preview found no row to send. */
export function noChangesText(preview: Pick<ChangesPreview, "tableName" | "tableRows">): string {
  return `No changes to push: all ${rows(preview.tableRows)} of table ${preview.tableName} match Claret.`;
}

export function logFailureText(error: unknown): string {
  const why =
    error instanceof Error && error.message
      ? error.message.replace(/\.$/, "")
      : "Excel refused the write";
  return `The push log on sheet "Claret push log" could not be written (${why}).`;
}

export function changesSentence(
  s: Omit<ChangesSummary, "sentence">,
  rereadFailed: boolean
): string {
  const parts: string[] = [];
  const updated = s.sent - s.created;
  if (s.sent > 0) {
    const what = [
      updated > 0 ? `${records(updated)} updated` : "",
      s.created > 0 ? `${records(s.created)} created` : "",
    ].filter(Boolean);
    parts.push(`Sent ${records(s.sent)} to Claret (${what.join(", ")}).`);
  } else {
    parts.push("Nothing was written to Claret.");
  }
  if (s.tookClaret > 0)
    parts.push(`${rows(s.tookClaret)} now hold${s.tookClaret === 1 ? "s" : ""} Claret's value.`);
  if (s.arose.length > 0) {
    const shown = s.arose
      .slice(0, 3)
      .map((a) => `${a.address} (${a.item_name}, ${a.customer_group_name}, ${a.sell_date})`)
      .join(", ");
    const more = s.arose.length > 3 ? ` and ${n(s.arose.length - 3)} more` : "";
    parts.push(
      `${rows(s.arose.length)} ${s.arose.length === 1 ? "was" : "were"} not sent because Claret changed since the preview: ${shown}${more}. Push changes again to see Claret's values.`
    );
  }
  for (const b of s.batches)
    if (b.status === "refused" || b.status === "unknown") parts.push(batchSentence(b));
  if (s.notSent > 0) {
    const stop = s.batches.find((b) => b.status === "not-sent");
    parts.push(
      `${rows(s.notSent)} ${s.notSent === 1 ? "was" : "were"} not sent: ${stop && stop.status === "not-sent" ? STOPS[stop.stop] : "the push stopped"}.`
    );
  }
  if (s.heldBack > 0)
    parts.push(
      `${rows(s.heldBack)} held back (conflicts without a choice, key changes not confirmed).`
    );
  if (s.leftOutWithErrors > 0)
    parts.push(
      `${rows(s.leftOutWithErrors)} with errors ${s.leftOutWithErrors === 1 ? "was" : "were"} left out.`
    );
  if (rereadFailed)
    parts.push(
      "Claret's new versions could not be read back; refresh the sheet before pushing changes again."
    );
  else if (s.notWrittenBack > 0)
    parts.push(
      `${rows(s.notWrittenBack)} could not be found again in the table to take Claret's new version (moved or deleted); refresh the sheet.`
    );
  if (s.log.error) parts.push(`${s.log.error} The push itself is as reported.`);
  return parts.join(" ");
}

/** A push's ISO time as a planner reads it, in their own time zone ("Dec 1, 2026, 6:20 PM"). */
export function pushTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" }).format(at);
}

/** Undo last push refused: the push went to another Claret than the one signed in to. */
export function undoOtherClaretText(
  pushed: { baseUrl: string; tenant: string },
  session: { baseUrl: string; tenant: string }
): string {
  return `The last push went to Claret at ${pushed.baseUrl} (tenant ${pushed.tenant}); you are signed in to ${session.baseUrl} (tenant ${session.tenant}). Sign in to ${pushed.baseUrl} (tenant ${pushed.tenant}) to undo it. Nothing was changed.`;
}

/** Undo last push refused: the log does not say which Claret the push went to (logged by an older version). */
export function undoUnknownClaretText(pushed: { tenant: string }): string {
  return `The push log does not say which Claret the last push went to (tenant ${pushed.tenant}): an older version of the add-in logged it. It cannot be undone from here; put the old quantities back in Claret (the push log lists them). Nothing was changed.`;
}

export function undoSentence(s: Omit<UndoSummary, "sentence">): string {
  const parts: string[] = [];
  parts.push(
    s.undone > 0
      ? `Undid the push of ${pushTime(s.pushedAt)}: ${records(s.undone)} put back to ${s.undone === 1 ? "its" : "their"} old quantity.`
      : `Nothing of the push of ${pushTime(s.pushedAt)} was undone.`
  );
  if (s.conflicts.length > 0) {
    const shown = s.conflicts
      .slice(0, 5)
      .map(
        (c) =>
          `${c.item_name}, ${c.customer_group_name}, ${c.sell_date} (Claret holds ${c.claretQuantity ?? "no record"}, the push wrote ${c.pushed})`
      )
      .join("; ");
    const more = s.conflicts.length > 5 ? `; and ${n(s.conflicts.length - 5)} more` : "";
    parts.push(
      `${records(s.conflicts.length)} changed in Claret since the push and ${s.conflicts.length === 1 ? "was" : "were"} not undone: ${shown}${more}.`
    );
  }
  if (s.created.length > 0) {
    const shown = s.created
      .slice(0, 5)
      .map(
        (c) =>
          `${c.item_name}, ${c.customer_group_name}, ${c.sell_date}${c.id !== null ? ` (id ${c.id})` : ""}`
      )
      .join("; ");
    const more =
      s.created.length > 5 ? `; and ${n(s.created.length - 5)} more (see the push log)` : "";
    parts.push(
      `The push created ${records(s.created.length)}, which Claret's API cannot delete; remove ${s.created.length === 1 ? "it" : "them"} in Claret: ${shown}${more}.`
    );
  }
  if (s.failed > 0)
    parts.push(
      `${records(s.failed)} could not be put back (Claret refused or did not answer); see the push log.`
    );
  if (s.log.error) parts.push(`${s.log.error} The undo itself is as reported.`);
  if (!s.refreshed)
    parts.push(
      `The table was not refreshed${s.refreshError ? ` (${s.refreshError})` : ""}; refresh the pushed table's sheet to see Claret's values.`
    );
  return parts.join(" ");
}
