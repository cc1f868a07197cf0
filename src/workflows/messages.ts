// Every error a workflow can meet, turned into one plain sentence for the task pane's status region.
// The errors raised on purpose (ClaretError, TableSwapError, SelectionError, WorkflowError) all
// carry that sentence as `userMessage: string`; toUserMessage is the one place that turns an error
// into the UserMessage the UI shows.
import { ClaretAbortedError, ClaretAuthError, ClaretError } from "../claret/errors";
import type { UserMessage } from "./api";

export const CANCELLED_NOTHING_CHANGED = "Cancelled — nothing was changed.";

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
