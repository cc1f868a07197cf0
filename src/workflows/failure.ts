// How pull and refresh report a failure: the cause's sentence plus what it means for the workbook.
import { ClaretError } from '../claret';
import { TableSwapError } from '../excel';
import { isAbortError, toUserMessage, WorkflowError } from './messages';

/**
 * Cancels pass through unchanged (they read "Cancelled — nothing was changed."); input errors and our own
 * WorkflowErrors already say what to do; anything else gets `consequence` appended, e.g. "The table was not changed."
 */
export function asWorkflowFailure(error: unknown, consequence: string): unknown {
  if (isAbortError(error) || error instanceof WorkflowError) return error;
  if (error instanceof TableSwapError) return new WorkflowError(`${error.userMessage} ${consequence}`, { cause: error });
  if (error instanceof ClaretError && error.kind === 'input') return new WorkflowError(error.userMessage, { cause: error });
  const message = toUserMessage(error);
  return new WorkflowError({ ...message, text: `${message.text} ${consequence}` }, { cause: error });
}
