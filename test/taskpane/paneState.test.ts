// The pane's transitions, one reducer: signed out, idle, working (pane or ribbon), paused for sign-in
// (one or more works), push preview, result.
import type { PausedWork, UserMessage } from "../../src/workflows/api";
import {
  initialPaneState,
  isBusy,
  paneReducer,
  phaseOf,
  runningWorks,
  type PaneAction,
  type PaneState,
} from "../../src/taskpane/paneState";

const session = { baseUrl: "https://plan.claret.app", tenant: "demo", token: "1|t" };
const ok = (text: string): UserMessage => ({ intent: "success", text });
const expired: UserMessage = { intent: "error", text: "Your session expired.", needsSignIn: true };
const paused = (id: string, label: string): PausedWork => ({
  id,
  label,
  endpoint: { baseUrl: session.baseUrl, tenant: "demo" },
  reason: expired,
});
const run = (actions: PaneAction[], from = initialPaneState("https://plan.claret.app")) =>
  actions.reduce(paneReducer, from);
const signedIn: PaneAction[] = [
  { type: "loaded", session, defaultBaseUrl: "https://plan.claret.app" },
];
const pullStarted: PaneAction = {
  type: "workStarted",
  work: { id: "pane-1", origin: "pane", label: "Pulling History" },
};
const ribbonProgress: PaneAction = {
  type: "workProgress",
  id: "ribbon-2",
  origin: "ribbon",
  label: "Refreshing T",
  progress: { recordsSoFar: 1000, total: 2500 },
};

test("loading until the stored session is known; then signed out or idle", () => {
  expect(phaseOf(initialPaneState())).toBe("loading");
  expect(phaseOf(run([{ type: "loaded", session: null, defaultBaseUrl: "https://x.test" }]))).toBe(
    "signedOut"
  );
  expect(
    run([{ type: "loaded", session: null, defaultBaseUrl: "https://x.test" }]).endpoint
  ).toEqual(
    { baseUrl: "https://plan.claret.app", tenant: "" } // the pane's own default wins over the workflows'
  );
  expect(phaseOf(run(signedIn))).toBe("idle");
});

test("signing in: the form waits, then the pane is idle with the sentence", () => {
  const s = run([
    { type: "loaded", session: null, defaultBaseUrl: "" },
    {
      type: "signInStarted",
      endpoint: { baseUrl: session.baseUrl, tenant: "demo" },
      email: "a@b.c",
    },
  ]);
  expect(s.signingIn).toBe(true);
  expect(s.endpoint.email).toBe("a@b.c");
  const after = paneReducer(s, { type: "signedIn", session, message: ok("Signed in to demo.") });
  expect(phaseOf(after)).toBe("result");
  expect(after.signingIn).toBe(false);
  expect(after.messages).toEqual([ok("Signed in to demo.")]);
  const failed = paneReducer(s, { type: "signInFailed", message: expired });
  expect([phaseOf(failed), failed.signingIn]).toEqual(["signedOut", false]);
});

test("a pane pull: working with its progress, then a result", () => {
  let s = run([...signedIn, pullStarted]);
  expect([phaseOf(s), isBusy(s)]).toEqual(["working", true]);
  s = paneReducer(s, {
    type: "workProgress",
    id: "pane-1",
    progress: { recordsSoFar: 5, total: 9 },
  });
  expect(runningWorks(s)).toEqual([
    {
      id: "pane-1",
      origin: "pane",
      label: "Pulling History",
      progress: { recordsSoFar: 5, total: 9 },
    },
  ]);
  s = paneReducer(s, { type: "workEnded", id: "pane-1", message: ok("Pulled 9 records.") });
  expect([phaseOf(s), isBusy(s), s.messages]).toEqual(["result", false, [ok("Pulled 9 records.")]]);
});

test("ribbon work the pane hears of only by its progress is shown, and a pane pull beside it keeps both", () => {
  let s = run([...signedIn, ribbonProgress]);
  expect(runningWorks(s).map((w) => [w.id, w.origin])).toEqual([["ribbon-2", "ribbon"]]);
  s = paneReducer(s, pullStarted);
  expect(runningWorks(s).map((w) => w.id)).toEqual(["ribbon-2", "pane-1"]);
  // both end: both results stay in view
  s = paneReducer(s, { type: "workEnded", id: "ribbon-2", message: ok("Refreshed T.") });
  s = paneReducer(s, { type: "workEnded", id: "pane-1", message: ok("Pulled 9 records.") });
  expect(s.messages).toEqual([ok("Refreshed T."), ok("Pulled 9 records.")]);
  expect(phaseOf(s)).toBe("result");
});

test("paused for sign-in while one or more works wait; the form starts with their tenant", () => {
  let s = run([...signedIn, pullStarted, ribbonProgress]);
  s = paneReducer(s, { type: "pausedChanged", paused: [paused("pane-1", "Pulling History")] });
  expect(phaseOf(s)).toBe("pausedForSignIn");
  expect(runningWorks(s).map((w) => w.id)).toEqual(["ribbon-2"]);
  s = paneReducer(s, {
    type: "pausedChanged",
    paused: [paused("pane-1", "Pulling History"), paused("ribbon-2", "Refreshing T")],
  });
  expect([phaseOf(s), runningWorks(s)]).toEqual(["pausedForSignIn", []]);
  expect(s.endpoint).toMatchObject({ baseUrl: session.baseUrl, tenant: "demo" });
  // one sign-in: the gate reports nothing paused, both run again
  s = paneReducer(s, { type: "signedIn", session, message: ok("Signed in again.") });
  s = paneReducer(s, { type: "pausedChanged", paused: [] });
  expect([phaseOf(s), runningWorks(s).map((w) => w.id)]).toEqual([
    "working",
    ["pane-1", "ribbon-2"],
  ]);
});

test("Cancel while paused ends only that work; the other stays paused", () => {
  let s = run([
    ...signedIn,
    pullStarted,
    ribbonProgress,
    {
      type: "pausedChanged",
      paused: [paused("pane-1", "Pulling History"), paused("ribbon-2", "Refreshing T")],
    },
  ]);
  s = paneReducer(s, {
    type: "workEnded",
    id: "pane-1",
    message: { intent: "info", text: "Cancelled — nothing was changed." },
  });
  expect(s.paused.map((p) => p.id)).toEqual(["ribbon-2"]);
  expect(s.works.map((w) => w.id)).toEqual(["ribbon-2"]);
  expect(phaseOf(s)).toBe("pausedForSignIn");
});

test("a work that ends because the session is gone signs the pane out once no other work runs on it", () => {
  let s = run([...signedIn, pullStarted, ribbonProgress]);
  s = paneReducer(s, { type: "workEnded", id: "pane-1", message: expired });
  expect(s.session).toBe(session); // the refresh still runs
  s = paneReducer(s, { type: "workEnded", id: "ribbon-2", message: expired });
  expect([phaseOf(s), s.session]).toEqual(["signedOut", null]);
});

test("push preview: each opening asks again; closing returns to the pull form", () => {
  let s = run([...signedIn, { type: "show", message: ok("Pulled.") }]);
  s = paneReducer(s, { type: "openView", view: "push" });
  expect([phaseOf(s), s.pushKey, s.messages]).toEqual(["pushPreview", 1, []]);
  s = paneReducer(s, { type: "openView", view: "push" });
  expect(s.pushKey).toBe(2);
  s = paneReducer(s, { type: "openView", view: "pull" });
  expect(phaseOf(s)).toBe("idle");
});

test("sign out (or a ribbon asking to sign in) returns to the sign-in form with the endpoint prefilled", () => {
  const s: PaneState = run([
    ...signedIn,
    { type: "openView", view: "push" },
    { type: "signedOut", endpoint: { baseUrl: "https://other.test", tenant: "acme" } },
  ]);
  expect([phaseOf(s), s.view, s.endpoint.tenant, s.endpoint.baseUrl]).toEqual([
    "signedOut",
    "pull",
    "acme",
    "https://other.test",
  ]);
});

test("clearing messages that are already clear keeps the same state (no re-render loop)", () => {
  const s = run(signedIn);
  expect(paneReducer(s, { type: "show", message: null })).toBe(s);
});

test("Refresh all's progress names the table draining now; its result so far frees the pane while a table waits", () => {
  const step = (index: number) => ({ index, of: 3, label: `History 202${index}-01-01 365d` });
  const s = run([
    ...signedIn,
    { type: "workStarted", work: { id: "pane-7", origin: "pane", label: "Refresh all" } },
    {
      type: "workProgress",
      id: "pane-7",
      progress: { recordsSoFar: 1000, total: 3000 },
      step: step(1),
    },
    {
      type: "workProgress",
      id: "pane-7",
      progress: { recordsSoFar: 0, total: null },
      step: step(2),
    },
  ]);
  expect(runningWorks(s)).toEqual([
    {
      id: "pane-7",
      origin: "pane",
      label: "Refresh all",
      progress: { recordsSoFar: 0, total: null },
      step: step(2),
    },
  ]);
  const waiting = run(
    [
      { type: "pausedChanged", paused: [paused("pane-7/1", "Refreshing History 2021-01-01 365d")] },
      { type: "workEnded", id: "pane-7", message: ok("Refresh all: 2 of 3 tables refreshed") },
    ],
    s
  );
  expect(isBusy(waiting)).toBe(false);
  expect(phaseOf(waiting)).toBe("pausedForSignIn");
  expect(waiting.session).toEqual(session);
});

test("signed in to one tenant while a work of another still waits, the sign-in form asks for that other tenant", () => {
  const acmeWork: PausedWork = {
    ...paused("ribbon-3/1", "Refreshing Budget"),
    endpoint: { baseUrl: "http://127.0.0.1:2", tenant: "acme" },
  };
  const s = run([
    ...signedIn,
    { type: "pausedChanged", paused: [paused("pane-1/1", "Refreshing History"), acmeWork] },
    { type: "signInStarted", endpoint: { baseUrl: session.baseUrl, tenant: "demo" }, email: "p@x" },
    { type: "pausedChanged", paused: [acmeWork] }, // the demo work resumed
    { type: "signedIn", session, message: ok("Signed in to demo again") },
  ]);
  expect(phaseOf(s)).toBe("pausedForSignIn");
  expect(s.endpoint).toEqual({ baseUrl: "http://127.0.0.1:2", tenant: "acme", email: "p@x" });
});

test("a result appended after another keeps both (the ribbon's refresh and the tables still waiting)", () => {
  const s = run([
    ...signedIn,
    { type: "show", message: ok("Refreshed table T") },
    { type: "append", message: { intent: "warning", text: "Still waiting", polite: true } },
  ]);
  expect(s.messages.map((m) => m.text)).toEqual(["Refreshed table T", "Still waiting"]);
});

test("a refresh's outcome replaces an earlier refresh's error; the other works' messages stay", () => {
  const failed: UserMessage = {
    intent: "error",
    text: "Claret had a server problem (HTTP 500). The table was not changed.",
    about: "refresh",
  };
  const s = run([
    ...signedIn,
    { type: "show", message: failed }, // the ribbon's failed refresh
    pullStarted,
    { type: "workEnded", id: "pane-1", message: ok("Pulled 9 records.") },
    ribbonProgress,
    {
      type: "workEnded",
      id: "ribbon-2",
      message: { ...ok("Refreshed table T: 1 added."), about: "refresh" },
      more: [{ intent: "warning", text: "Still waiting: Budget", polite: true, about: "refresh" }],
    },
  ]);
  expect(s.messages.map((m) => m.text)).toEqual([
    "Pulled 9 records.",
    "Refreshed table T: 1 added.",
    "Still waiting: Budget",
  ]);
  // and the next refresh's failure replaces that result and its note, not the pull's
  const again = paneReducer(s, { type: "workEnded", id: "ribbon-3", message: failed });
  expect(again.messages.map((m) => m.text)).toEqual(["Pulled 9 records.", failed.text]);
});
