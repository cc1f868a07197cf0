// Every error a workflow can meet, turned into one plain sentence for the task pane's status region.
// The errors raised on purpose (ClaretError, TableSwapError, SelectionError, WorkflowError) all
// carry that sentence as `userMessage: string`; toUserMessage is the one place that turns an error
// into the UserMessage the UI shows. The refresh's result sentence is made here too (refreshedMessage).
import { ClaretAbortedError, ClaretAuthError, ClaretError } from "../claret/errors";
import { columnLetter, type RefreshApplyError, type TableChange } from "../excel";
import { formatCount, type PlanProblem } from "../sales";
import type { RefreshResult, UserMessage } from "./api";

export const CANCELLED_NOTHING_CHANGED = "Cancelled — nothing was changed.";

/** Said when Excel refused to make the work one undo step, so it was done without (see excel/excelRun.ts). */
export const UNDO_NOT_ONE_STEP =
  "Excel could not make this change one undo step, so Ctrl+Z cannot undo it in one step: each Ctrl+Z undoes only part of it.";

/** An error a workflow raises on purpose, with the sentence the user sees and how to show it. */
export class WorkflowError extends Error {
  readonly userMessage: string;
  /** "error" unless said otherwise: a refresh that did write its rows but could not finish is a "warning" */
  readonly intent: UserMessage["intent"];
  /** true when the user must sign in (again) before retrying */
  readonly needsSignIn: boolean;
  constructor(
    userMessage: string,
    options: { intent?: UserMessage["intent"]; needsSignIn?: boolean; cause?: unknown } = {}
  ) {
    super(userMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "WorkflowError";
    this.userMessage = userMessage;
    this.intent = options.intent ?? "error";
    this.needsSignIn = options.needsSignIn ?? false;
  }
}

/** A cancel: the Claret client's, or any AbortError (fetch, AbortSignal.reason). */
export function isAbortError(error: unknown): boolean {
  if (error instanceof ClaretAbortedError) return true;
  return (
    !(error instanceof ClaretError) &&
    typeof error === "object" &&
    error !== null &&
    (error as { name?: unknown }).name === "AbortError"
  );
}

/** Office.js errors carry a `code` (OfficeExtension.ErrorCodes / Excel.ErrorCodes) and a `debugInfo`. */
function officeErrorCode(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const e = error as { code?: unknown; debugInfo?: unknown; name?: unknown };
  if (
    typeof e.code === "string" &&
    (e.debugInfo !== undefined || e.name === "RichApi.Error" || e.name === "OfficeExtension.Error")
  )
    return e.code;
  return null;
}

const OFFICE_MESSAGES: Record<string, string> = {
  InvalidOperationInCellEditMode:
    "Excel is busy editing a cell. Press Enter or Esc to leave the cell, then try again.",
  EditModeCannotAcquireLock:
    "Excel is busy editing a cell. Press Enter or Esc to leave the cell, then try again.",
  ItemNotFound:
    "Excel could not find the sheet or table this needs; it may have been renamed or deleted. Check the sheet, then try again.",
  AccessDenied:
    "Excel refused the change because the sheet or workbook is protected. Unprotect it, then try again.",
  RequestPayloadSizeLimitExceeded:
    "Excel refused a request that was too large. Try a shorter date window.",
  InsertDeleteConflict:
    "Excel could not insert or delete cells because they would collide with another table or merged cells. Move what is next to the table, then try again.",
  ActivityLimitReached:
    "Excel reached its limit of changes for one operation. Try a shorter date window.",
  ApiNotFound:
    "This version of Excel lacks a feature the add-in needs. Update Office, or use Excel on the web.",
  GeneralException:
    "Excel reported an internal error. Try again; if it keeps happening, reload the add-in.",
};

/** Turns any error into one plain sentence; cancels become an info message. */
export function toUserMessage(error: unknown): UserMessage {
  if (error instanceof WorkflowError) {
    const { intent, userMessage: text, needsSignIn } = error;
    return needsSignIn ? { intent, text, needsSignIn } : { intent, text };
  }
  if (isAbortError(error)) return { intent: "info", text: CANCELLED_NOTHING_CHANGED };
  if (error instanceof ClaretAuthError)
    return { intent: "error", text: error.userMessage, needsSignIn: true };
  if (error instanceof ClaretError) return { intent: "error", text: error.userMessage };
  const code = officeErrorCode(error);
  if (code !== null) {
    const known = OFFICE_MESSAGES[code];
    if (known) return { intent: "error", text: known };
    const detail =
      error instanceof Error && error.message
        ? `: ${error.message.replace(/\s+$/, "").replace(/\.$/, "")}`
        : "";
    return { intent: "error", text: `Excel reported an error (${code})${detail}. Try again.` };
  }
  if (error instanceof Error && error.message) {
    return {
      intent: "error",
      text: `Something went wrong: ${error.message.replace(/\.$/, "")}. Try again.`,
    };
  }
  return { intent: "error", text: "Something went wrong. Try again." };
}

// ---------- refresh ----------

const count = (n: number) => formatCount(n);

/** What a refresh changed: "N updated, M added, K removed (K₂ of them kept on …)", or "no changes". */
export function refreshChanges(r: RefreshResult): string {
  return r.updated + r.added + r.removed === 0
    ? "no changes"
    : `${count(r.updated)} updated, ${count(r.added)} added, ${count(r.removed)} removed` +
        (r.keptOnRemovedSheet > 0
          ? ` (${count(r.keptOnRemovedSheet)} of them kept on "${r.removedSheet}", with what you had typed in them)`
          : "");
}

/** What else a completed refresh tells: new columns, a sort not reapplied, a helper sheet left; and whether to warn. */
export function refreshNotes(r: RefreshResult): { notes: string[]; warn: boolean } {
  const notes: string[] = [];
  if (r.columnsAdded.length > 0)
    notes.push(
      `New Claret column${r.columnsAdded.length === 1 ? "" : "s"}: ${r.columnsAdded.join(", ")}.`
    );
  if (r.sortReapplied === false)
    notes.push(
      "The table's sort was not applied again: changed values would have moved rows away from the notes beside the table. Sort again when you are ready."
    );
  if (r.undoGroupRefused) notes.push(UNDO_NOT_ONE_STEP);
  if (r.leftoverSheet)
    notes.push(
      `Excel did not let the add-in remove its hidden helper sheet "${r.leftoverSheet}": right-click any sheet tab, choose Unhide, pick that sheet, then delete it.`
    );
  return { notes, warn: r.leftoverSheet !== null || r.sortReapplied === false || r.rowCount === 0 };
}

/** The sentence for a refresh that completed: "N updated, M added, K removed (K₂ of them kept on …)". */
export function refreshedMessage(r: RefreshResult): UserMessage {
  const { notes, warn } = refreshNotes(r);
  const parts = [
    `Refreshed table ${r.tableName} on sheet "${r.sheetName}": ${refreshChanges(r)}; ${count(r.rowCount)} record${r.rowCount === 1 ? "" : "s"} now.`,
    ...notes,
  ];
  return { intent: warn ? "warning" : "success", text: parts.join(" ") };
}

function cellList(cells: string[]): string {
  const shown = cells.slice(0, 10).join(", ");
  return cells.length > 10 ? `${shown} and ${count(cells.length - 10)} more` : shown;
}

/** Why a table cannot be refreshed by id, with the cells to look at and what to do. */
export function planProblemMessage(
  problem: PlanProblem,
  table: { tableName: string; headerRow: number; firstColumn: number }
): string {
  switch (problem.kind) {
    case "noIdColumn":
      return `The table "${table.tableName}" has no "id" column, so its rows cannot be matched to Claret's records and a refresh would misplace what you typed. Put the id column back (undo its deletion), or pull the sales again into a new sheet. Nothing was changed.`;
    case "badIds": {
      const letter = columnLetter(table.firstColumn + problem.idColumn);
      const at = (row: number) => `${letter}${table.headerRow + 2 + row}`;
      const parts: string[] = [];
      if (problem.blank.length > 0)
        parts.push(`no record id in ${cellList(problem.blank.map(at))}`);
      if (problem.duplicates.length > 0)
        parts.push(
          `the same id in ${problem.duplicates
            .map((g) => g.map(at).join(" and "))
            .slice(0, 5)
            .join(
              "; "
            )}${problem.duplicates.length > 5 ? ` and ${count(problem.duplicates.length - 5)} more groups` : ""}`
        );
      return `The table "${table.tableName}" cannot be refreshed: its rows are matched to Claret's records by id, and there is ${parts.join(", and ")}. Put back the ids Claret gave (or delete rows you added by hand), then refresh again. Nothing was changed.`;
    }
    case "duplicateRecords":
      return `Claret sent record id ${problem.ids.join(", ")} more than once, so the refresh cannot tell which is right. Try again in a minute; if it keeps happening, tell your Claret administrator. Nothing was changed.`;
  }
}

/** The table changed between the refresh's read and its first write: nothing was written. */
export function tableChangedMessage(
  change: TableChange,
  table: { tableName: string; headerRow: number; firstColumn: number }
): string {
  const shown = (v: unknown) => (v === "" || v === null || v === undefined ? "empty" : String(v));
  const what = ((): string => {
    switch (change.kind) {
      case "rows":
        return `it has ${count(change.now)} rows now and had ${count(change.was)} when the refresh read it`;
      case "columns":
        return "its columns or their headers changed";
      case "moved":
        return "it moved on the sheet";
      case "totals":
        return "its totals row was shown or hidden";
      case "filter":
        return "its filter changed";
      case "beside":
        return `something was typed beside it, in column ${columnLetter(change.column)}`;
      case "id": {
        const cell = `${columnLetter(table.firstColumn + change.column)}${table.headerRow + 2 + change.row}`;
        return `the id in ${cell} was ${shown(change.was)} when the refresh read the table and is ${shown(change.now)} now: rows were sorted or moved, or an id was edited`;
      }
    }
  })();
  return `The table "${table.tableName}" changed while the refresh was running (${what}), so Claret's changes could no longer be put on the right rows. Nothing was changed: refresh again.`;
}

/** A refresh that failed while being applied: rolled back, or not. */
export function refreshApplyFailure(error: RefreshApplyError, tableName: string): string {
  const cause = toUserMessage(error.failure).text.replace(/ Try again\.$/, "");
  return error.restored
    ? `${cause} The refresh of table "${tableName}" was undone: the table is as it was. Try again.`
    : `${cause} The refresh of table "${tableName}" stopped part-way and could not be undone. The rows it had removed are kept on the hidden sheet "${error.backupSheet}" (right-click a sheet tab, Unhide); check the table against them before you save.`;
}

// ---------- a structure-protected workbook ----------

/** Said whenever work needs a sheet that the workbook's structure protection forbids adding. */
export const UNPROTECT_STRUCTURE =
  "Unprotect the workbook structure (Review > Protect Workbook), then try again.";

/** What needed a new sheet on a structure-protected workbook. */
export type BlockedSheet =
  | { kind: "pull"; saleTypeName: string }
  | { kind: "refreshBackup"; tableName: string }
  | { kind: "removedSheet"; tableName: string; rows: number; sheetName: string }
  | { kind: "pushLog"; sheetName: string };

/** One sentence naming what needed the sheet, what to do, and that nothing happened. */
export function structureProtectedMessage(blocked: BlockedSheet): string {
  const cannot = "Excel cannot add one while the workbook's structure is protected";
  switch (blocked.kind) {
    case "pull":
      return `The pull of ${blocked.saleTypeName} needs a new sheet for its table, and ${cannot}. ${UNPROTECT_STRUCTURE} Nothing was fetched or changed.`;
    case "refreshBackup":
      return `The refresh of table "${blocked.tableName}" adds or removes rows (or columns), which needs a hidden sheet that keeps the table's rows until the refresh has completed, and ${cannot}. ${UNPROTECT_STRUCTURE} The table was not changed.`;
    case "removedSheet": {
      const rows =
        blocked.rows === 1
          ? "1 row that holds values you typed; it would be kept"
          : `${count(blocked.rows)} rows that hold values you typed; they would be kept`;
      return `The refresh of table "${blocked.tableName}" removes ${rows} on the sheet "${blocked.sheetName}", which does not exist yet, and ${cannot}. ${UNPROTECT_STRUCTURE} The table was not changed.`;
    }
    case "pushLog":
      return `Every push is recorded on the sheet "${blocked.sheetName}" (Undo last push reads it there). That sheet does not exist yet, and ${cannot}. ${UNPROTECT_STRUCTURE} Once the first push has added the sheet, you can protect the structure again. Nothing was sent to Claret.`;
  }
}
