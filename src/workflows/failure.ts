// How pull and refresh report a failure: the cause's sentence plus what it means for the workbook.
import { ClaretInputError } from "../claret";
import { TableSwapError } from "../excel";
import { isAbortError, toUserMessage, WorkflowError } from "./messages";

/**
 * Cancels pass through unchanged (they read "Cancelled — nothing was changed."); input errors and our own
 * WorkflowErrors already say what to do; anything else gets `consequence` appended, e.g. "The table was not changed."
 */
export function asWorkflowFailure(error: unknown, consequence: string): unknown {
  if (isAbortError(error) || error instanceof WorkflowError) return error;
  if (error instanceof TableSwapError) {
    // Only a swap that left the table unchanged gets the consequence; the others say what they left.
    return error.state === "unchanged"
      ? new WorkflowError(`${error.userMessage} ${consequence}`, { cause: error })
      : new WorkflowError(error.userMessage, {
          intent: error.state === "refreshed" ? "warning" : "error",
          cause: error,
        });
  }
  if (error instanceof ClaretInputError)
    return new WorkflowError(error.userMessage, { cause: error });
  const { text, intent, needsSignIn } = toUserMessage(error);
  return new WorkflowError(`${text} ${consequence}`, { intent, needsSignIn, cause: error });
}

/**
 * The failure, plus the news that the hidden staging sheet could not be removed (Excel refused the delete even after
 * retries): the user's own sheets are as they were, but a helper sheet is left behind and the user is told how to
 * remove it.
 */
export function withLeftoverStagingSheet(error: unknown, sheetName: string): WorkflowError {
  const cause = toUserMessage(error);
  const text =
    `${cause.text} Your sheets and tables were not changed, but Excel did not let the add-in remove its hidden helper sheet "${sheetName}". ` +
    "Right-click any sheet tab, choose Unhide, pick that sheet, then delete it.";
  return new WorkflowError(text, {
    intent: cause.intent === "info" ? "warning" : cause.intent,
    needsSignIn: cause.needsSignIn,
    cause: error,
  });
}
