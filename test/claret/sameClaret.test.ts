// One rule for "the same Claret": origin and path of the base URL (scheme and host without case, trailing
// slashes ignored), the tenant without case. The sign-in gate, a refresh, Push changes and Undo last push all
// ask it.
import { sameClaret } from "../../src/claret";
import { SignInGate } from "../../src/workflows/signIn/signInGate";

const ep = (baseUrl: string, tenant = "demo") => ({ baseUrl, tenant });

describe("sameClaret", () => {
  it.each([
    ["https://plan.claret.app", "https://plan.claret.app/"],
    ["https://plan.claret.app", "https://plan.claret.app//"],
    ["https://plan.claret.app", "HTTPS://Plan.Claret.APP"],
    ["https://plan.claret.app", "https://plan.claret.app:443"],
    ["https://addins.example.com/claret", "https://ADDINS.example.com/claret/"],
    ["http://127.0.0.1:3001", " http://127.0.0.1:3001/ "],
  ])("%s and %s are the same Claret", (a, b) => {
    expect(sameClaret(ep(a), ep(b))).toBe(true);
    expect(sameClaret(ep(b), ep(a))).toBe(true);
  });

  it("compares the tenant without case", () => {
    expect(
      sameClaret(ep("https://plan.claret.app", "Demo"), ep("https://plan.claret.app", "DEMO"))
    ).toBe(true);
    expect(
      sameClaret(ep("https://plan.claret.app", "demo"), ep("https://plan.claret.app", "demo2"))
    ).toBe(false);
  });

  it.each([
    ["https://plan.claret.app", "https://staging.claret.app"],
    ["https://plan.claret.app", "http://plan.claret.app"],
    ["https://plan.claret.app", "https://plan.claret.app:8443"],
    ["https://addins.example.com/claret", "https://addins.example.com"],
    ["https://addins.example.com/claret", "https://addins.example.com/Claret"],
    ["http://127.0.0.1:3001", "http://127.0.0.1:3002"],
  ])("%s and %s are different Clarets, even with the same tenant", (a, b) => {
    expect(sameClaret(ep(a), ep(b))).toBe(false);
  });

  it("a base URL that is not a web address is compared as text, without case or trailing slashes", () => {
    expect(sameClaret(ep("not a url/"), ep("NOT A URL"))).toBe(true);
    expect(sameClaret(ep("not a url"), ep("https://plan.claret.app"))).toBe(false);
  });
});

describe("the sign-in gate uses it", () => {
  const reason = { intent: "error" as const, text: "Your Claret session has expired." };

  it("a sign-in to the same Claret written differently resumes the work; another host does not", async () => {
    const gate = new SignInGate();
    const paused = gate.waitForSignIn({
      id: "pane-1",
      label: "Pulling History",
      endpoint: ep("https://Plan.Claret.app/"),
      reason,
    });
    expect(gate.resume({ ...ep("https://staging.claret.app"), token: "1|s" }).resumed).toEqual([]);
    const s = { ...ep("https://plan.claret.app", "DEMO"), token: "1|x" };
    expect(gate.resume(s).resumed.map((w) => w.id)).toEqual(["pane-1"]);
    expect(await paused).toBe(s);
  });
});
