// The use cases the task pane and the ribbon commands call.
export * from './api';
export { DEFAULT_BASE_URL, signIn, signOut, currentSession, sessionFor } from './session';
export { pullSales } from './pull';
export { activeSheetQuery, refreshActiveSheet } from './refresh';
export { WorkflowError, toUserMessage, isAbortError, CANCELLED_NOTHING_CHANGED } from './messages';
export { preparePush, confirmPush, selectCell, POST_BETA_WARNING } from './push';
