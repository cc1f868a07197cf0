// Pop-ups (the sale type suggestion list, the start date calendar) open over their own patch of the
// pane and nothing else: while one is open the pane's other controls and the workbench page around it
// still receive the pointer, and once it closes Pull sales starts a pull. Fluent mounts every pop-up
// (list, calendar, tooltip, menu, dialog) in a portal node carrying the provider's className, so the
// root check is that no portal mount node has a box of its own.
import type { Locator, Page } from "playwright-core";
import {
  BUDGET_2025,
  fillPull,
  pane,
  screenshot,
  snapshot,
  startSignedIn,
  waitForText,
  type E2E,
} from "./harness";

jest.setTimeout(120_000);

let e2e: E2E;
let page: Page;

beforeAll(async () => {
  ({ e2e, page } = await startSignedIn({ records: 300 }));
});
afterAll(() => e2e?.close());

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const inside = (b: Box, x: number, y: number) =>
  x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height;

/** The controls around a pop-up that must stay reachable: the pane's and the workbench's own. */
function controlsAround(p: Page): [string, Locator][] {
  // includeHidden and CSS roots: the calendar is modal, so it hides the rest of the page from assistive
  // technology (aria-hidden), not from the pointer
  const tp = p.locator('aside[aria-label="Claret task pane"]');
  const rb = p.locator('[role="toolbar"][aria-label="Ribbon"]');
  const h = { includeHidden: true } as const;
  return [
    ["Sale type", tp.getByRole("combobox", { name: "Sale type", ...h })],
    ["Duration (days)", tp.locator("input[inputmode=numeric]")],
    [
      "Include hierarchy columns",
      tp.getByRole("checkbox", { name: "Include hierarchy columns", ...h }),
    ],
    ["Pull sales", tp.getByRole("button", { name: "Pull sales", ...h })],
    ["Refresh sheet (pane)", tp.getByRole("button", { name: "Refresh sheet", ...h })],
    ["Push selection (pane)", tp.getByRole("button", { name: "Push selection", ...h })],
    ["Sign out", tp.getByRole("button", { name: "Sign out", ...h })],
    ["Refresh sheet (ribbon)", rb.getByRole("button", { name: "Refresh sheet", ...h })],
    ["Dark theme (ribbon)", rb.getByRole("button", { name: "Dark theme", ...h })],
    ["grid cell B2", p.locator('[role="grid"] [data-address="B2"]')],
  ];
}

/**
 * While the pop-up is open: it is visible and on top at its own centre, every control outside its box
 * is the element the pointer would hit at the control's centre, and no portal mount node covers anything.
 */
async function expectOnlyThePopupCovers(popup: Locator, name: string): Promise<void> {
  await popup.waitFor({ state: "visible" });
  const popupBox = (await popup.boundingBox())!;
  expect(popupBox.width).toBeGreaterThan(0);
  expect(popupBox.height).toBeGreaterThan(0);
  const popupOnTop = await popup.evaluate(
    (el, [x, y]) => {
      const hit = document.elementFromPoint(x, y);
      return !!hit && el.contains(hit);
    },
    [popupBox.x + popupBox.width / 2, popupBox.y + popupBox.height / 2] as const
  );
  expect(popupOnTop).toBe(true);

  const covered: string[] = [];
  let checked = 0;
  for (const [label, control] of controlsAround(page)) {
    const box = await control.boundingBox();
    if (!box) throw new Error(`${label} is not on the page`);
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    if (inside(popupBox, x, y)) continue; // under the pop-up itself: that is where a pop-up belongs
    checked++;
    const reachable = await control.evaluate(
      (el, [px, py]) => {
        const hit = document.elementFromPoint(px, py);
        // a control's own parts count (the checkbox's indicator, the button's label)
        return (
          !!hit && (el.contains(hit) || hit.contains(el) || el.closest("label")?.contains(hit))
        );
      },
      [x, y] as const
    );
    if (!reachable) covered.push(label);
  }
  expect({ popup: name, covered }).toEqual({ popup: name, covered: [] });
  expect(checked).toBeGreaterThanOrEqual(6);

  // The root cause, for every kind of pop-up: a portal mount node must have no box of its own.
  const mountNodes = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("[data-portal-node]")].map((node) => ({
      height: node.getBoundingClientRect().height,
      minHeight: getComputedStyle(node).minHeight,
    }))
  );
  expect(mountNodes.length).toBeGreaterThan(0);
  for (const node of mountNodes) expect(node).toEqual({ height: 0, minHeight: "0px" });
}

/** After the pop-up has closed: Pull sales starts a pull that reaches Claret and finishes. */
async function expectPullSalesStartsAPull(): Promise<void> {
  const before = e2e.sim.requests.length;
  const sheetsBefore = (await snapshot(page)).sheets.length;
  await pane(page).getByRole("button", { name: "Pull sales" }).click();
  await waitForText(pane(page).getByRole("status"), /Pulled 240 records/, 30_000);
  expect(e2e.sim.requests.length).toBeGreaterThan(before);
  expect((await snapshot(page)).sheets.length).toBe(sheetsBefore + 1);
}

test("the Sale type suggestion list covers only its own patch, and Pull sales works once it closes", async () => {
  await fillPull(page, BUDGET_2025);
  const saleType = pane(page).getByRole("combobox", { name: "Sale type" });
  await saleType.fill("");
  await saleType.pressSequentially("Bu");
  const list = page.getByRole("listbox");
  await expectOnlyThePopupCovers(list, "Sale type suggestions");
  await screenshot(page, "popup-sale-type-list");
  await list.getByRole("option", { name: "Budget" }).click();
  await list.waitFor({ state: "hidden" });
  expect(await saleType.inputValue()).toBe("Budget");
  await expectPullSalesStartsAPull();
});

test("the Start date calendar covers only its own patch, and Pull sales works once it closes", async () => {
  await fillPull(page, BUDGET_2025);
  await pane(page).getByRole("combobox", { name: "Start date" }).click(); // opens on click
  const calendar = page.getByRole("dialog", { name: "Calendar" });
  await expectOnlyThePopupCovers(calendar, "Start date calendar");
  await screenshot(page, "popup-start-date-calendar");
  await page.keyboard.press("Escape");
  await calendar.waitFor({ state: "hidden" });
  expect(await pane(page).getByRole("combobox", { name: "Start date" }).inputValue()).toBe(
    "2025-01-01"
  );
  await expectPullSalesStartsAPull();
});

test("loading the workbench asks for nothing that is not there: /favicon.ico is the add-in's icon", async () => {
  const fresh = await e2e.context.newPage();
  const failed: string[] = [];
  fresh.on("response", (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  try {
    const origin = new URL(page.url()).origin;
    await fresh.goto(page.url());
    await fresh.waitForFunction(() => "workbench" in window);
    const icon = await fresh.evaluate(async (url) => {
      const r = await fetch(url);
      return { status: r.status, head: [...new Uint8Array(await r.arrayBuffer()).slice(0, 4)] };
    }, `${origin}/favicon.ico`);
    expect(icon).toEqual({ status: 200, head: [0, 0, 1, 0] }); // the ICO header: reserved 0, type 1
    expect(failed).toEqual([]);
  } finally {
    await fresh.close();
  }
});
