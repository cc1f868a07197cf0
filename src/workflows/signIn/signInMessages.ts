// The sentences of signing in again: works paused by a 401, what one sign-in resumed, a work that cannot
// resume. Kept apart from messages.ts (no client imports) because the pane's first bundle needs them.
import type { UserMessage } from "../api";
import type { PausedWork } from "./signInGate";

const listOf = (labels: string[]) =>
  labels.length <= 1
    ? (labels[0] ?? "")
    : `${labels.slice(0, -1).join(", ")} and ${labels[labels.length - 1]}`;

/**
 * Works paused by a 401: nothing is lost, what a sign-in does and what Cancel does. A warning rather than an
 * error, so the planner knows the work waits for them.
 */
export function pausedForSignInMessage(paused: readonly PausedWork[]): UserMessage {
  const reason = paused[0]?.reason.text ?? "Your Claret session has ended.";
  if (paused.length <= 1)
    return {
      intent: "warning",
      needsSignIn: true,
      text: `${reason} The work is paused and carries on where it stopped once you sign in again; Cancel stops it and changes nothing.`,
    };
  return {
    intent: "warning",
    needsSignIn: true,
    text: `${reason} ${listOf(paused.map((w) => w.label))} are paused and carry on where they stopped once you sign in again; each one's Cancel stops only that one and changes nothing.`,
  };
}

/** After a sign-in while works were paused: which carry on, which still wait for another tenant. */
export function signedInMessage(
  session: { tenant: string },
  resumed: readonly PausedWork[],
  stillPaused: readonly PausedWork[]
): UserMessage {
  const waiting =
    stillPaused.length > 0
      ? ` ${listOf(stillPaused.map((w) => `${w.label} (${w.endpoint.tenant})`))} still wait${stillPaused.length === 1 ? "s" : ""} for a sign-in to ${stillPaused.length === 1 ? "its" : "their"} own tenant.`
      : "";
  if (resumed.length === 0)
    return { intent: "success", text: `Signed in to ${session.tenant}.${waiting}` };
  return {
    intent: "info",
    text: `Signed in to ${session.tenant} again; carrying on with ${listOf(resumed.map((w) => w.label))}.${waiting}`,
  };
}

/** A 401 after rows were staged, with no cursor to resume from: the work stops rather than fetch rows twice. */
export function cannotResumeText(reason: string): string {
  return `${reason} The work could not carry on where it stopped (Claret gave no point to resume from), so it stopped and nothing was changed. Sign in, then start it again.`;
}
