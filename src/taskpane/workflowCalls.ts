// The workflows the task pane and the ribbon commands call, gathered in one module that is loaded
// on demand: it carries the Claret client and its validation (zod), which the first paint of the
// pane does not need, so the initial JS stays small.
export {
  DEFAULT_BASE_URL,
  defaultBaseUrl,
  currentSession,
  sessionFor,
  signIn,
  signOut,
} from "../workflows/session";
export { pullSales } from "../workflows/pull";
export { activeSheetQuery, refreshActiveSheet, refreshedMessage } from "../workflows/refresh";
export { refreshAll } from "../workflows/refreshAll";
export { openChoiceMessage, refreshAllMessage } from "../workflows/refreshAllMessages";
export { activeTableChoice, chooseRefreshOnOpen } from "../workflows/refreshOnOpen";
export { toUserMessage } from "../workflows/messages";
