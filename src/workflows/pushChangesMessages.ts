// The sentences of Push changes and Undo last push, made from their typed results in one place.
import type { ChangesPreview, ChangesSummary, UndoSummary } from "./api";

const fmt = new Intl.NumberFormat("en-US");
const n = (x: number) => fmt.format(x);
const records = (x: number) => `${n(x)} ${x === 1 ? "record" : "records"}`;
const rows = (x: number) => `${n(x)} ${x === 1 ? "row" : "rows"}`;

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
  for (const b of s.batches) {
    const label = `Batch ${b.index} (sheet rows ${n(b.firstSheetRow ?? 0)}–${n(b.lastSheetRow ?? 0)})`;
    if (b.status === "refused")
      parts.push(
        `${label} was refused, so nothing of it was written: ${b.message.replace(/^Refused, nothing of it was written: /, "")}`
      );
    else if (b.status === "unknown")
      parts.push(
        `${label} may or may not have been written: ${b.message.replace(/^Outcome unknown: /, "")}`
      );
  }
  if (s.notSent > 0)
    parts.push(
      `${rows(s.notSent)} ${s.notSent === 1 ? "was" : "were"} not sent: the push stopped.`
    );
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

export function undoSentence(s: Omit<UndoSummary, "sentence">): string {
  const parts: string[] = [];
  parts.push(
    s.undone > 0
      ? `Undid the push of ${s.pushedAt}: ${records(s.undone)} put back to ${s.undone === 1 ? "its" : "their"} old quantity.`
      : `Nothing of the push of ${s.pushedAt} was undone.`
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
  if (!s.refreshed) parts.push("Refresh the pushed table's sheet to see Claret's values.");
  return parts.join(" ");
}
