// The Claret session ends during Push changes (the comparison, or before Confirm push) and during
// Undo last push: the pane asks for a sign-in with the paused work listed, nothing reaches Claret
// meanwhile, and after the sign-in the work carries on in its own view. By the contract's names.
import type { Page } from "playwright-core";
import {
  budgetRowOf,
  pane,
  reopenPane,
  ribbon,
  screenshot,
  setPaneWidth,
  startWithBudget2025,
  typeInCell,
  until,
  waitForText,
  type E2E,
} from "./harness";

jest.setTimeout(120_000);

let e2e: E2E;
let page: Page;

beforeAll(async () => {
  ({ e2e, page } = await startWithBudget2025());
});
afterAll(() => e2e?.close());

const rowOf = (sheetRow: number) => budgetRowOf(e2e, page, sheetRow);
const type = (address: string, text: string) => typeInCell(page, address, text);

const quantityOf = (id: number) => e2e.sim.salesOf("Budget").find((r) => r.id === id)!.quantity;
const salesPosts = () =>
  e2e.sim.requests.filter((r) => r.method === "POST" && r.path.endsWith("/sales")).length;
const preview = () => pane(page).getByRole("region", { name: "Push changes preview" });
const paneWidth = (px: number) => setPaneWidth(page, px);

/** Light and dark, 320 and 450 px; the pane keeps its state while hidden for the theme switch. */
async function shots(name: string, ready: () => Promise<void>): Promise<void> {
  for (const theme of ["light", "dark"]) {
    if (theme === "dark") {
      await ribbon(page).getByRole("button", { name: "Dark theme" }).click();
      await reopenPane(page);
      await ready();
    }
    for (const width of [320, 450]) {
      await paneWidth(width);
      await screenshot(page, `${name}-${theme}-${width}`);
    }
  }
  await ribbon(page).getByRole("button", { name: "Dark theme" }).click();
  await reopenPane(page);
  await ready();
  await paneWidth(360);
}

/** The pane asks for a sign-in with `label` paused; nothing was posted meanwhile. */
async function expectPaused(label: string, postsBefore: number): Promise<void> {
  await waitForText(
    pane(page).getByRole("alert"),
    /session.*The work is paused and carries on where it stopped once you sign in again; Cancel stops it and changes nothing\./
  );
  await pane(page).getByRole("heading", { name: "Sign in again" }).waitFor();
  await waitForText(
    pane(page).getByRole("region", { name: label }),
    new RegExp(`${label}: paused until you sign in`)
  );
  // the push view waits hidden behind the sign-in: its buttons are not offered meanwhile
  expect(await pane(page).getByRole("button", { name: "Confirm push" }).count()).toBe(0);
  expect(salesPosts()).toBe(postsBefore);
}

async function signInAgain(): Promise<void> {
  await pane(page).getByLabel("Password").fill(e2e.sim.password);
  await pane(page).getByRole("button", { name: "Sign in" }).click();
}

test("a session that ends during the Push changes comparison asks for a sign-in, then the preview comes", async () => {
  const a = await rowOf(3);
  await type(a.quantityCell, "123");
  const posts = salesPosts();
  e2e.sim.faults.add({ route: "GET /sales", onRequests: [1], fault: { kind: "token-expired" } });

  await pane(page).getByRole("button", { name: "Push changes" }).click();

  await expectPaused("Comparing with Claret", posts);
  await shots("14-push-changes-paused-comparing", () =>
    pane(page).getByRole("heading", { name: "Sign in again" }).waitFor()
  );
  await signInAgain();
  await waitForText(
    pane(page).getByRole("status"),
    /Signed in to demo again; carrying on with Comparing with Claret\./
  );
  await waitForText(preview(), /1 changed by you · 239 unchanged/);
  expect(salesPosts()).toBe(posts);
  await screenshot(page, "14-push-changes-after-sign-in");

  await pane(page).getByRole("button", { name: "Confirm push" }).click();
  await waitForText(pane(page).getByRole("status"), /Sent 1 record to Claret/, 30_000);
  expect(quantityOf(a.record.id)).toBe(123);
});

test("a session that ended before Confirm push: the push waits for a sign-in, sends nothing meanwhile, then sends", async () => {
  await pane(page).getByRole("button", { name: "Done" }).click();
  const b = await rowOf(4);
  await type(b.quantityCell, "456");
  await pane(page).getByRole("button", { name: "Push changes" }).click();
  await waitForText(preview(), /1 changed by you/);
  const posts = salesPosts();
  e2e.sim.revokeTokens(); // the planner left the preview open too long

  await pane(page).getByRole("button", { name: "Confirm push" }).click();

  await expectPaused("Pushing changes", posts);
  await shots("14-push-changes-paused-confirm", () =>
    pane(page).getByRole("heading", { name: "Sign in again" }).waitFor()
  );
  await signInAgain();
  await waitForText(pane(page).getByRole("status"), /Sent 1 record to Claret/, 30_000);
  expect(salesPosts()).toBe(posts + 1);
  expect(quantityOf(b.record.id)).toBe(456);
});

test("Undo last push with an ended session waits for a sign-in, then puts the old quantity back", async () => {
  const b = await rowOf(4);
  await pane(page).getByRole("button", { name: "Done" }).click();
  await pane(page).getByRole("button", { name: "Undo last push" }).click();
  await pane(page).getByRole("button", { name: "Confirm undo" }).waitFor();
  const posts = salesPosts();
  e2e.sim.revokeTokens();

  await pane(page).getByRole("button", { name: "Confirm undo" }).click();

  await expectPaused("Undoing the last push", posts);
  await shots("14-undo-paused", () =>
    pane(page).getByRole("heading", { name: "Sign in again" }).waitFor()
  );
  await signInAgain();
  await waitForText(
    pane(page).getByRole("status"),
    /Undid the push of .*: 1 record put back/,
    30_000
  );
  expect(quantityOf(b.record.id)).not.toBe(456);
});

test("Cancel of a paused comparison stops it, and nothing was sent", async () => {
  await pane(page).getByRole("button", { name: "Done" }).click();
  const posts = salesPosts();
  e2e.sim.revokeTokens();
  await pane(page).getByRole("button", { name: "Push changes" }).click();
  await expectPaused("Comparing with Claret", posts);

  await pane(page)
    .getByRole("region", { name: "Comparing with Claret" })
    .getByRole("button", { name: "Cancel" })
    .click();

  await waitForText(pane(page).getByRole("status"), /Cancelled — nothing was changed\./);
  expect(salesPosts()).toBe(posts);
});

test("Push changes asked again while its comparison waits for a sign-in: one paused comparison, and one preview after the sign-in", async () => {
  await pane(page).getByRole("button", { name: "Back" }).click();
  const a = await rowOf(6);
  await type(a.quantityCell, "66");
  const posts = salesPosts();
  const refused = () => e2e.sim.requests.filter((r) => r.status === 401).length;
  const refusedBefore = refused();
  e2e.sim.revokeTokens();
  await pane(page).getByRole("button", { name: "Push changes" }).click();
  await expectPaused("Comparing with Claret", posts);

  await ribbon(page).getByRole("button", { name: "Push changes" }).click();
  await until(() => refused() === refusedBefore + 2); // the new comparison met the 401 too

  // the first comparison gave way to the new one: one paused work, not two
  await expectPaused("Comparing with Claret", posts);
  expect(await pane(page).getByRole("region", { name: "Comparing with Claret" }).count()).toBe(1);
  await signInAgain();
  await waitForText(preview(), /1 changed by you/);
  await waitForText(
    pane(page).getByRole("status"),
    /Signed in to demo again; carrying on with Comparing with Claret\./
  );
  expect(salesPosts()).toBe(posts);
});
