// Every error a workflow can meet, turned into one plain sentence for the task pane's status region.
import { ClaretError } from "../claret/errors";
import type { UserMessage } from "./api";

export const CANCELLED_NOTHING_CHANGED = "Cancelled — nothing was changed.";

/** An error a workflow raises on purpose, with the sentence the user sees. */
export class WorkflowError extends Error {
  readonly userMessage: UserMessage;
  constructor(message: UserMessage | string, options?: { cause?: unknown }) {
    const userMessage: UserMessage =
      typeof message === "string" ? { intent: "error", text: message } : message;
    super(userMessage.text, options);
    this.name = "WorkflowError";
    this.userMessage = userMessage;
  }
}

export function isAbortError(error: unknown): boolean {
  if (error instanceof ClaretError) return error.kind === "aborted";
  return (
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
  if (error instanceof WorkflowError) return error.userMessage;
  if (isAbortError(error)) return { intent: "info", text: CANCELLED_NOTHING_CHANGED };
  if (error instanceof ClaretError) {
    const needsSignIn = error.kind === "auth";
    return needsSignIn
      ? { intent: "error", text: error.userMessage, needsSignIn }
      : { intent: "error", text: error.userMessage };
  }
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
