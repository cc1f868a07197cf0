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
} from "../workflows/signIn/session";
export { pullSales } from "../workflows/pullRefresh/pull";
export {
  activeSheetQuery,
  refreshActiveSheet,
  refreshedMessage,
} from "../workflows/pullRefresh/refresh";
export { refreshAll } from "../workflows/pullRefresh/refreshAll";
export { openChoiceMessage, refreshAllMessage } from "../workflows/pullRefresh/refreshAllMessages";
export { activeTableChoice, chooseRefreshOnOpen } from "../workflows/pullRefresh/refreshOnOpen";
export { toUserMessage } from "../workflows/messages";
