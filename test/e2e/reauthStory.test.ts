// The story of one token expiry meeting two works: a pull from the pane and a refresh from the ribbon,
// each with a page in flight, both get 401. The pane asks once; one sign-in resumes both, and each
// table ends with every record once.
import type { Page } from "playwright-core";
import {
  fillPull,
  pane,
  ribbon,
  screenshot,
  snapshot,
  startSignedIn,
  waitForText,
  type E2E,
  type SnapshotSheet,
} from "./harness";

jest.setTimeout(120_000);

const HISTORY_ALL = {
  saleType: "History",
  startDate: "2020-01-01",
  duration: 1826,
  hierarchy: false,
};
const RECORDS = 2500; // three pages

let e2e: E2E;
let page: Page;

beforeAll(async () => {
  ({ e2e, page } = await startSignedIn({ records: RECORDS }));
});
afterAll(() => e2e?.close());

/** The record ids in a sheet's table, read from its id column. */
function idsOf(sheet: SnapshotSheet): number[] {
  const [header, ...rows] = sheet.values;
  const col = header.indexOf("id");
  return rows.map((r) => Number(r[col])).sort((a, b) => a - b);
}

test("a pane pull and a ribbon refresh paused by one token expiry both finish after one sign-in, every record once", async () => {
  await fillPull(page, HISTORY_ALL);
  await pane(page).getByRole("button", { name: "Pull sales" }).click();
  await waitForText(pane(page).getByRole("status"), /Pulled 2,500 records/, 30_000);
  const refreshed = (await snapshot(page)).activeSheet; // the table the ribbon will refresh

  const hold = e2e.sim.hold("GET /sales");
  try {
    await pane(page).getByRole("button", { name: "Pull sales" }).click();
    await hold.untilWaiting(1);
    await ribbon(page).getByRole("button", { name: "Refresh sheet" }).click();
    await hold.untilWaiting(2);
    hold.releaseWaiting(); // page 1 for both …
    await hold.untilWaiting(2); // … each asks for page 2
    e2e.sim.revokeTokens(); // one token expiry
  } finally {
    hold.end();
  }

  const alert = pane(page).getByRole("alert");
  await waitForText(
    alert,
    // both 401s are in flight at once: which work pauses first (and is named first) is a race
    /(Pulling History and Refreshing \S+|Refreshing \S+ and Pulling History) are paused and carry on where they stopped.*Cancel stops only that one/
  );
  await pane(page).getByRole("button", { name: "Sign in" }).waitFor();
  const paused = pane(page).getByRole("region", { name: /^(Pulling History|Refreshing )/ });
  expect(await paused.count()).toBe(2);
  await waitForText(
    pane(page),
    /paused at 1,000 of 2,500 records until you sign in.*paused at 1,000 of 2,500 records until you sign in/
  );
  await screenshot(page, "reauth-two-works-paused");

  const tokensBefore = e2e.sim.requests.filter((r) => r.method === "POST").length;
  const salesBefore = e2e.sim.requests.length;
  await pane(page).getByLabel("Password").fill(e2e.sim.password);
  await pane(page).getByRole("button", { name: "Sign in" }).click();
  const status = pane(page).getByRole("status");
  await waitForText(status, /Pulled 2,500 records/, 30_000);
  await waitForText(status, /Refreshed table \S+ on sheet "[^"]+":.*2,500 records/, 30_000);

  // one sign-in; each work resumed from its cursor (pages 2 and 3 only)
  expect(e2e.sim.requests.filter((r) => r.method === "POST").length).toBe(tokensBefore + 1);
  const pages = e2e.sim.requests
    .slice(salesBefore)
    .filter((r) => r.method === "GET" && r.path.endsWith("/sales"));
  expect(pages.map((r) => r.query.current_index !== undefined)).toEqual([true, true, true, true]);

  const expected = e2e.sim
    .salesOf("History")
    .map((r) => r.id)
    .sort((a, b) => a - b);
  const snap = await snapshot(page);
  const withTables = snap.sheets.filter((s) => s.tables.length > 0);
  expect(withTables).toHaveLength(2); // the refreshed table and the second pull
  for (const sheet of withTables) expect(idsOf(sheet)).toEqual(expected);
  expect(withTables.map((s) => s.name)).toContain(refreshed);
  await screenshot(page, "reauth-both-finished");
});
