import { ClaretAbortedError, ClaretAuthError, ClaretServerError } from "../../src/claret/errors";
import { pushTime } from "../../src/workflows/push/pushMessages";
import {
  CANCELLED_NOTHING_CHANGED,
  toUserMessage,
  WorkflowError,
} from "../../src/workflows/messages";

describe("turning errors into one plain sentence", () => {
  test("a cancel is information, saying nothing was changed", () => {
    expect(toUserMessage(new ClaretAbortedError())).toEqual({
      intent: "info",
      text: CANCELLED_NOTHING_CHANGED,
    });
    expect(toUserMessage(new DOMException("The operation was aborted.", "AbortError"))).toEqual({
      intent: "info",
      text: CANCELLED_NOTHING_CHANGED,
    });
  });

  test("an auth loss asks the user to sign in again", () => {
    expect(
      toUserMessage(new ClaretAuthError("Your Claret session has expired. Sign in again."))
    ).toEqual({
      intent: "error",
      text: "Your Claret session has expired. Sign in again.",
      needsSignIn: true,
    });
  });

  test("a Claret error keeps its own sentence", () => {
    expect(
      toUserMessage(
        new ClaretServerError("Claret had a problem (503). Try again in a few minutes.")
      )
    ).toEqual({ intent: "error", text: "Claret had a problem (503). Try again in a few minutes." });
  });

  test("a workflow error passes its sentence and intent through unchanged", () => {
    expect(
      toUserMessage(new WorkflowError("Select one block of cells.", { intent: "warning" }))
    ).toEqual({ intent: "warning", text: "Select one block of cells." });
  });

  test("a workflow error that needs a new sign-in says so", () => {
    expect(toUserMessage(new WorkflowError("Sign in to demo.", { needsSignIn: true }))).toEqual({
      intent: "error",
      text: "Sign in to demo.",
      needsSignIn: true,
    });
  });

  test("an expired session asks for a new sign-in", () => {
    expect(toUserMessage(new ClaretAuthError("Your session has expired. Sign in again."))).toEqual({
      intent: "error",
      text: "Your session has expired. Sign in again.",
      needsSignIn: true,
    });
  });

  test("an Office error in cell-edit mode says how to get out of it", () => {
    const officeError = Object.assign(
      new Error("The operation is not allowed in cell edit mode."),
      { code: "InvalidOperationInCellEditMode", debugInfo: {} }
    );
    expect(toUserMessage(officeError).text).toMatch(/Press Enter or Esc/);
  });

  test("an unknown Office error names its code", () => {
    const officeError = Object.assign(new Error("Something odd."), {
      code: "WeirdCode",
      debugInfo: {},
    });
    expect(toUserMessage(officeError)).toEqual({
      intent: "error",
      text: "Excel reported an error (WeirdCode): Something odd. Try again.",
    });
  });
});

describe("a push's time as the planner reads it", () => {
  test("an ISO time from the push log reads as a date and a clock time, not as ISO", () => {
    const text = pushTime("2026-12-01T18:20:04.123Z");
    expect(text).toMatch(/2026/);
    expect(text).toMatch(/\d{1,2}:\d{2}/);
    expect(text).not.toMatch(/T\d{2}:|\.123|Z$/);
  });

  test("text that is not a time is shown as it is", () => {
    expect(pushTime("yesterday")).toBe("yesterday");
  });
});
