// The Claret session ends (401: the token expired) during Push changes or Undo last push: the work
// asks the planner to sign in again (the reauthenticate callback the pane wires to its sign-in gate)
// and carries on with the new session; nothing is written to Excel or Claret before that. Without a
// new session nothing is written either. Real HTTP to the simulator, the emulator for Excel.
import type { ClaretSession } from "../../src/claret";
import type { UserMessage } from "../../src/workflows/api";
import { confirmPush, preparePush } from "../../src/workflows/push/push";
import { confirmChanges, prepareChanges } from "../../src/workflows/push/pushChanges";
import { confirmUndo, prepareUndo } from "../../src/workflows/push/undoPush";
import type { ExcelHost } from "../helpers/excelHost";
import { changesOptions, pullTable } from "../helpers/pulledTable";
import type { SimulatorHarness } from "../helpers/simulator";
import { readTable, setTableCell, tableCell } from "../helpers/workbook";

let h: SimulatorHarness;
let host: ExcelHost;
let session: ClaretSession;
let tableName: string;
beforeEach(async () => {
  ({ host, h, session, tableName } = await pullTable(2500)); // three pages
});
afterEach(() => h.close());

const OPTS = changesOptions({ createMissingLinks: false });

const setQuantity = (row: number, value: number) => setTableCell(tableName, row, "quantity", value);
const idOfRow = async (row: number) => (await tableCell(tableName, row, "id")) as number;

const claretQuantity = (id: number) => h.sim.salesOf("History").find((r) => r.id === id)!.quantity;
const posts = () => h.sim.requests.filter((r) => r.method === "POST" && r.path.endsWith("/sales"));

/** The planner signing in again: the reasons asked with, and a new token each time. */
function signInAgain(answer: "sign in" | "cancel" = "sign in") {
  const reasons: UserMessage[] = [];
  return {
    reasons,
    reauthenticate: async (reason: UserMessage): Promise<ClaretSession | null> => {
      reasons.push(reason);
      return answer === "sign in" ? { ...h.freshSession(), email: h.sim.email } : null;
    },
  };
}

test("a session that ends during the comparison asks for a sign-in, then compares with the new session", async () => {
  await setQuantity(7, 777);
  const before = await readTable(tableName);
  h.sim.faults.add({ route: "GET /sales", onRequests: [2], fault: { kind: "token-expired" } });
  const planner = signInAgain();

  const preview = await prepareChanges(session, { reauthenticate: planner.reauthenticate });

  expect(planner.reasons).toEqual([
    expect.objectContaining({ text: expect.stringMatching(/session/i) }),
  ]);
  expect(preview.counts).toMatchObject({ changed: 1, unchanged: 2499, gone: 0 });
  // it carried on from the cursor: page 1, the refused page 2, then pages 2 and 3
  const pages = h.sim.requests.filter((r) => r.method === "GET" && r.path.endsWith("/sales"));
  expect(pages.slice(-4).map((r) => [r.status, r.query.current_index !== undefined])).toEqual([
    [200, false],
    [401, true],
    [200, true],
    [200, true],
  ]);
  expect(preview.rows).toEqual([expect.objectContaining({ kind: "changed", newQuantity: 777 })]);
  expect(posts()).toHaveLength(0);
  expect(await readTable(tableName)).toEqual(before);
});

test("a planner who does not sign in again gets the session's end, and nothing is written", async () => {
  await setQuantity(7, 777);
  const before = await readTable(tableName);
  h.sim.revokeTokens();
  const planner = signInAgain("cancel");

  await expect(
    prepareChanges(session, { reauthenticate: planner.reauthenticate })
  ).rejects.toMatchObject({
    needsSignIn: true,
    userMessage: expect.stringMatching(/Nothing was sent\.$/),
  });
  expect(planner.reasons).toHaveLength(1);
  expect(posts()).toHaveLength(0);
  expect(await readTable(tableName)).toEqual(before);
});

test("a session that ended before Confirm push: the check before sending asks for a sign-in, then sends with the new session", async () => {
  await setQuantity(7, 777);
  const id = await idOfRow(7);
  const preview = await prepareChanges(session);
  h.sim.revokeTokens(); // the planner looked at the preview too long
  const planner = signInAgain();

  const summary = await confirmChanges(preview, session, {
    ...OPTS,
    reauthenticate: planner.reauthenticate,
  });

  expect(planner.reasons).toHaveLength(1);
  expect(summary).toMatchObject({ sent: 1, refused: 0, unknown: 0, writtenBack: 1 });
  expect(summary.sentence).toBe("Sent 1 record to Claret (1 record updated).");
  expect(posts()).toHaveLength(1);
  expect(claretQuantity(id)).toBe(777);
});

test("Confirm push with an ended session and no new sign-in sends nothing and writes nothing", async () => {
  await setQuantity(7, 777);
  const id = await idOfRow(7);
  const old = claretQuantity(id);
  const preview = await prepareChanges(session);
  const before = await readTable(tableName);
  h.sim.revokeTokens();

  await expect(
    confirmChanges(preview, session, {
      ...OPTS,
      reauthenticate: signInAgain("cancel").reauthenticate,
    })
  ).rejects.toMatchObject({
    needsSignIn: true,
    userMessage: expect.stringMatching(/Nothing was sent\.$/),
  });
  expect(posts()).toHaveLength(0);
  expect(claretQuantity(id)).toBe(old);
  expect(await readTable(tableName)).toEqual(before);
});

test("undo with an ended session asks for a sign-in, then puts the old quantity back", async () => {
  const id = await idOfRow(4);
  const old = claretQuantity(id);
  await setQuantity(4, 444);
  await confirmChanges(await prepareChanges(session), session, OPTS);
  expect(claretQuantity(id)).toBe(444);
  const preview = await prepareUndo();
  h.sim.revokeTokens();
  const planner = signInAgain();

  const summary = await confirmUndo(preview, session, { reauthenticate: planner.reauthenticate });

  expect(planner.reasons).toHaveLength(1);
  expect(summary).toMatchObject({ undone: 1, failed: 0, refreshed: true });
  expect(claretQuantity(id)).toBe(old);
});

test("undo with an ended session and no new sign-in puts nothing back", async () => {
  const id = await idOfRow(4);
  await setQuantity(4, 444);
  await confirmChanges(await prepareChanges(session), session, OPTS);
  const preview = await prepareUndo();
  h.sim.revokeTokens();
  const postsBefore = posts().length;

  await expect(
    confirmUndo(preview, session, { reauthenticate: signInAgain("cancel").reauthenticate })
  ).rejects.toMatchObject({
    needsSignIn: true,
    userMessage: expect.stringMatching(/Nothing was undone\.$/),
  });
  expect(posts()).toHaveLength(postsBefore);
  expect(claretQuantity(id)).toBe(444);
});

test("Push selection with a session that ended since the preview asks for a sign-in before sending, then sends", async () => {
  await setQuantity(7, 777);
  const id = await idOfRow(7);
  const t = await readTable(tableName);
  host.select(t.sheetName, "A9:J9"); // data row 7 (header on row 1)
  const preview = await preparePush();
  h.sim.revokeTokens();
  const planner = signInAgain();

  const summary = await confirmPush(preview, session, {
    saleTypeName: "History",
    createMissingLinks: false,
    reauthenticate: planner.reauthenticate,
  });

  expect(planner.reasons).toHaveLength(1);
  expect(summary).toMatchObject({ sent: 1, refused: 0 });
  expect(claretQuantity(id)).toBe(777);
});

test("a session that ends between the POST and the re-read asks for a sign-in, then the rows still get Claret's new versions", async () => {
  await setQuantity(7, 777);
  const preview = await prepareChanges(session);
  // the check before sending is GET 1; the re-read after the POST is GET 2
  h.sim.faults.add({ route: "GET /sales", onRequests: [2], fault: { kind: "token-expired" } });
  const planner = signInAgain();

  const summary = await confirmChanges(preview, session, {
    ...OPTS,
    reauthenticate: planner.reauthenticate,
  });

  expect(planner.reasons).toHaveLength(1);
  expect(summary).toMatchObject({ sent: 1, writtenBack: 1, notWrittenBack: 0 });
  expect(summary.sentence).toBe("Sent 1 record to Claret (1 record updated).");
  expect(posts()).toHaveLength(1);
  expect((await prepareChanges(h.freshSession())).rows).toEqual([]); // the old token expired
});

test("a session that ends at the POST itself (Claret wrote nothing: 401) asks for a sign-in, then the batch is sent", async () => {
  await setQuantity(7, 777);
  const id = await idOfRow(7);
  const preview = await prepareChanges(session);
  h.sim.faults.add({ route: "POST /sales", onRequests: [1], fault: { kind: "token-expired" } });
  const planner = signInAgain();

  const summary = await confirmChanges(preview, session, {
    ...OPTS,
    reauthenticate: planner.reauthenticate,
  });

  expect(planner.reasons).toHaveLength(1);
  expect(summary).toMatchObject({ sent: 1, refused: 0, unknown: 0, writtenBack: 1 });
  expect(summary.sentence).toBe("Sent 1 record to Claret (1 record updated).");
  expect(posts().map((r) => r.status)).toEqual([401, 200]);
  expect(claretQuantity(id)).toBe(777);
});

test("undo whose POST meets an ended session asks for a sign-in, then puts the old quantity back", async () => {
  const id = await idOfRow(4);
  const old = claretQuantity(id);
  await setQuantity(4, 444);
  await confirmChanges(await prepareChanges(session), session, OPTS);
  const preview = await prepareUndo();
  h.sim.faults.add({ route: "POST /sales", onRequests: [1], fault: { kind: "token-expired" } });
  const planner = signInAgain();

  const summary = await confirmUndo(preview, session, { reauthenticate: planner.reauthenticate });

  expect(planner.reasons).toHaveLength(1);
  expect(summary).toMatchObject({ undone: 1, failed: 0 });
  expect(claretQuantity(id)).toBe(old);
});
