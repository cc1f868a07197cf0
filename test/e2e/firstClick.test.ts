// The first ribbon click after Excel loads the add-in. Excel delivers a click as soon as Office.js is ready in
// the shared runtime and drops it when no function is associated yet (office-js#5176, #3378, #2744). The
// workbench's ?click=… makes that click while the page is still loading, before Office.js is ready.
import { pane, startE2E, waitForText, type E2E } from "./harness";

jest.setTimeout(90_000);

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E({ records: 50 });
});
afterAll(() => e2e?.close());

type Host = { actions: { dropped: string[] } };
const dropped = (page: import("playwright-core").Page) =>
  page.evaluate(
    () => (window as unknown as { workbench: { host: Host } }).workbench.host.actions.dropped
  );

test("a Refresh sheet click made while the add-in loads runs its command: the pane says the sheet has no table pulled from Claret", async () => {
  const page = await e2e.open("click=refreshSheet");
  try {
    await waitForText(
      pane(page).getByRole("alert"),
      /The active sheet has no table pulled from Claret/
    );
    expect(await dropped(page)).toEqual([]);
  } finally {
    await page.close();
  }
});

test("a Push selection click made while the add-in loads, with the pane closed, opens the task pane", async () => {
  const page = await e2e.open("click=pushSelection&paneOpen=0");
  try {
    await pane(page).waitFor({ state: "visible" });
    expect(await dropped(page)).toEqual([]);
  } finally {
    await page.close();
  }
});
