// The task pane's state as one reducer: who is signed in, which view is open, the works running (from
// the pane or the ribbon) and those paused for a sign-in, and the messages to show. Pure data — no
// callbacks, no promise resolvers (paused works wait in workflows/signIn/signInGate.ts; Cancel functions are
// kept by the App beside the state) — so every transition is tested without React.
import type {
  ClaretEndpoint,
  ClaretSession,
  DrainProgress,
  PausedWork,
  RefreshAllStep,
  UserMessage,
} from "../workflows/api";
import type { PaneRequest } from "../workflows/paneRequests";

export type WorkOrigin = "pane" | "ribbon";

export interface Work {
  id: string;
  origin: WorkOrigin;
  label: string;
  progress: DrainProgress;
  /** Refresh all: the table draining now ("Table 2 of 5: History 2021-01-01 730d") */
  step?: RefreshAllStep;
}

/** The views of a signed-in pane: the pull form, or one of the push views over it. */
export type PaneViewName = "pull" | "push" | "pushChanges" | "undo";

export interface PaneState {
  /** undefined until the workflows have loaded and the stored session is known */
  session: ClaretSession | null | undefined;
  /** what the sign-in form starts with */
  endpoint: ClaretEndpoint & { email?: string };
  view: PaneViewName;
  /** bumped each time a push view (selection, changes, undo) is asked for, so it reads the sheet again */
  pushKey: number;
  works: Work[];
  /** works waiting for a sign-in, as the sign-in gate reports them */
  paused: PausedWork[];
  signingIn: boolean;
  /** results and reasons, oldest first: each ended work adds its own */
  messages: UserMessage[];
}

/** The state a planner sees, derived from PaneState (one answer, in this order of precedence). */
export type PanePhase =
  "loading" | "pausedForSignIn" | "signedOut" | "working" | "pushPreview" | "result" | "idle";

export type PaneAction =
  | { type: "loaded"; session: ClaretSession | null; defaultBaseUrl: string }
  | { type: "loadFailed"; message: UserMessage }
  | { type: "signInStarted"; endpoint: ClaretEndpoint; email: string }
  | { type: "signedIn"; session: ClaretSession; message: UserMessage }
  | { type: "signInFailed"; message: UserMessage }
  | { type: "signedOut"; message?: UserMessage; endpoint?: ClaretEndpoint }
  | { type: "workStarted"; work: Omit<Work, "progress"> }
  | {
      type: "workProgress";
      id: string;
      progress: DrainProgress;
      step?: RefreshAllStep;
      origin?: WorkOrigin;
      label?: string;
    }
  /** `more`: further results shown after the message (the tables still waiting for a sign-in) */
  | { type: "workEnded"; id: string; message?: UserMessage; more?: readonly UserMessage[] }
  | { type: "pausedChanged"; paused: readonly PausedWork[] }
  | { type: "openView"; view: PaneViewName }
  | { type: "show"; message: UserMessage | null; more?: readonly UserMessage[] }
  /** a result shown after the others, which stay */
  | { type: "append"; message: UserMessage }
  | { type: "prefill"; endpoint: ClaretEndpoint };

export function initialPaneState(defaultBaseUrl = ""): PaneState {
  return {
    session: undefined,
    endpoint: { baseUrl: defaultBaseUrl, tenant: "" },
    view: "pull",
    pushKey: 0,
    works: [],
    paused: [],
    signingIn: false,
    messages: [],
  };
}

/** Messages kept at once: the latest results, so two works ending together are both reported. */
const MAX_MESSAGES = 3;

/** `messages` with `news` after them; each of `news` replaces the older messages about the same work. */
function withResults(
  messages: readonly UserMessage[],
  news: readonly UserMessage[]
): UserMessage[] {
  const about = new Set(news.map((m) => m.about).filter((a) => a !== undefined));
  const kept = messages.filter((m) => m.about === undefined || !about.has(m.about));
  return [...kept, ...news].slice(-MAX_MESSAGES);
}

export function paneReducer(state: PaneState, action: PaneAction): PaneState {
  switch (action.type) {
    case "loaded":
      return {
        ...state,
        session: action.session,
        endpoint: action.session
          ? { ...state.endpoint, baseUrl: action.session.baseUrl, tenant: action.session.tenant }
          : { ...state.endpoint, baseUrl: state.endpoint.baseUrl || action.defaultBaseUrl },
      };
    case "loadFailed":
      return { ...state, messages: [action.message] };
    case "signInStarted":
      return {
        ...state,
        signingIn: true,
        messages: [],
        endpoint: { ...action.endpoint, email: action.email },
      };
    case "signedIn":
      return {
        ...state,
        signingIn: false,
        session: action.session,
        // works of another tenant still waiting: the form asks for theirs next
        endpoint:
          state.paused.length > 0
            ? { ...state.endpoint, ...state.paused[0].endpoint }
            : {
                ...state.endpoint,
                baseUrl: action.session.baseUrl,
                tenant: action.session.tenant,
              },
        messages: [action.message],
      };
    case "signInFailed":
      return { ...state, signingIn: false, messages: [action.message] };
    case "signedOut":
      return {
        ...state,
        session: null,
        view: "pull",
        endpoint: action.endpoint ? { ...state.endpoint, ...action.endpoint } : state.endpoint,
        messages: action.message ? [action.message] : state.messages,
      };
    case "workStarted":
      if (state.works.some((w) => w.id === action.work.id)) return state;
      return {
        ...state,
        works: [...state.works, { ...action.work, progress: { recordsSoFar: 0, total: null } }],
        // a pull started in the pane clears the last result; ribbon work leaves the pane's messages alone
        messages: action.work.origin === "pane" ? [] : state.messages,
      };
    case "workProgress": {
      const known = state.works.some((w) => w.id === action.id);
      if (!known) {
        // progress of ribbon work whose start the pane did not see (it opened later)
        if (!action.origin || !action.label) return state;
        const work = { id: action.id, origin: action.origin, label: action.label };
        const step = action.step ? { step: action.step } : {};
        return {
          ...state,
          works: [...state.works, { ...work, progress: action.progress, ...step }],
        };
      }
      return {
        ...state,
        works: state.works.map((w) =>
          w.id === action.id
            ? { ...w, progress: action.progress, ...(action.step ? { step: action.step } : {}) }
            : w
        ),
      };
    }
    case "workEnded": {
      const works = state.works.filter((w) => w.id !== action.id);
      const ended = state.works.find((w) => w.id === action.id);
      const news = [...(action.message ? [action.message] : []), ...(action.more ?? [])];
      const messages = news.length > 0 ? withResults(state.messages, news) : state.messages;
      // A work that ended because the session is gone signs the pane out, unless other works still run on it.
      const signedOut = action.message?.needsSignIn === true && ended !== undefined;
      return {
        ...state,
        works,
        paused: state.paused.filter((p) => p.id !== action.id),
        messages,
        session: signedOut && works.length === 0 ? null : state.session,
      };
    }
    case "pausedChanged":
      return {
        ...state,
        paused: [...action.paused],
        // the sign-in form starts with the endpoint of the oldest paused work
        endpoint:
          action.paused.length > 0
            ? { ...state.endpoint, ...action.paused[0].endpoint }
            : state.endpoint,
      };
    case "openView":
      return {
        ...state,
        view: action.view,
        pushKey: action.view !== "pull" ? state.pushKey + 1 : state.pushKey,
        messages: action.view !== "pull" ? [] : state.messages,
      };
    case "show":
      if (!action.message && state.messages.length === 0) return state; // nothing to clear: no re-render
      return {
        ...state,
        messages: action.message ? [action.message, ...(action.more ?? [])] : [],
      };
    case "append":
      return { ...state, messages: withResults(state.messages, [action.message]) };
    case "prefill":
      return { ...state, endpoint: { ...state.endpoint, ...action.endpoint } };
  }
}

/**
 * What a request from the ribbon (paneRequests.ts) does to the pane, in order: the progress of its work, the work's
 * end with its result (or a message shown in place of the last ones), the sign-in form's endpoint, the view.
 */
export function requestActions(request: PaneRequest): PaneAction[] {
  const actions: PaneAction[] = [];
  if (request.activity) {
    const { id, label, progress, step } = request.activity;
    actions.push({ type: "workProgress", id, progress, step, origin: "ribbon", label });
  }
  const { message, more } = request;
  if (request.activityEnded)
    actions.push({ type: "workEnded", id: request.activityEnded, message, more });
  else if (message !== undefined) actions.push({ type: "show", message, more });
  else for (const m of more ?? []) actions.push({ type: "append", message: m });
  if (request.endpoint) actions.push({ type: "prefill", endpoint: request.endpoint });
  if (request.view === "signIn") actions.push({ type: "signedOut", endpoint: request.endpoint });
  else if (request.view) actions.push({ type: "openView", view: request.view });
  return actions;
}

export function phaseOf(state: PaneState): PanePhase {
  if (state.session === undefined) return "loading";
  if (state.paused.length > 0) return "pausedForSignIn";
  if (!state.session) return "signedOut";
  if (state.works.length > 0) return "working";
  if (state.view !== "pull") return "pushPreview";
  return state.messages.length > 0 ? "result" : "idle";
}

/** Works running (not paused): their progress bars and Cancel buttons. */
export function runningWorks(state: PaneState): Work[] {
  const paused = new Set(state.paused.map((p) => p.id));
  return state.works.filter((w) => !paused.has(w.id));
}

/** Whether the pane's own actions (Pull sales, Refresh sheet, Push selection, Sign out) wait. */
export function isBusy(state: PaneState): boolean {
  return state.works.length > 0;
}
