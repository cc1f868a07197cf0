// The workbench itself and what the pane does before any request: the Office theme reaching the pane
// (read at start and when the pane is shown; Excel sends no theme event),
// the grid (selection by click, drag and shift-click; editing by typing; 100,000 rows virtualised),
// and a pull form that refuses bad input without a word to Claret.
import type { Page } from "playwright-core";
import {
  axeViolations,
  fillPull,
  pane,
  reopenPane,
  ribbon,
  screenshot,
  setPaneWidth,
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

type Workbench = {
  host: {
    addSheet(n: string): void;
    activate(n: string): void;
    setValues(s: string, a: string, v: unknown[][]): void;
    getValues(s: string, a: string): unknown[][];
  };
};

/** The computed background of the add-in's own FluentProvider root inside the task pane. */
const paneBackground = () =>
  page.evaluate(
    () =>
      getComputedStyle(document.querySelector("aside #container > .fui-FluentProvider") as Element)
        .backgroundColor
  );

async function waitForBackground(expected: string): Promise<void> {
  await page.waitForFunction(
    (want) => {
      const root = document.querySelector("aside #container > .fui-FluentProvider");
      return !!root && getComputedStyle(root).backgroundColor === want;
    },
    expected,
    { timeout: 5_000 }
  );
}

const selection = async () =>
  (await snapshot(page)).selection as unknown as { sheet: string; address: string };
const cell = (address: string) => page.locator(`[role="grid"] [data-address="${address}"]`);

/**
 * The pane starts a pull in the same render as Pull sales' checks (a progress bar and Cancel appear before
 * any request): a refusal on screen with no work beside it means no request was, or will be, sent.
 */
async function expectNoWorkStarted(): Promise<void> {
  expect(await pane(page).getByRole("progressbar").count()).toBe(0);
  expect(await pane(page).getByRole("button", { name: "Cancel" }).count()).toBe(0);
  expect(await pane(page).getByRole("button", { name: "Pull sales" }).isEnabled()).toBe(true);
}

describe("pull form validation", () => {
  test("Pull sales with an empty start date shows what to enter and sends no request to Claret", async () => {
    const before = e2e.sim.requests.length;
    await fillPull(page, { saleType: "History", startDate: "", duration: 30, hierarchy: false });
    await pane(page).getByRole("button", { name: "Pull sales" }).click();
    await waitForText(pane(page), /Enter the start date as YYYY-MM-DD/);
    await expectNoWorkStarted();
    expect(e2e.sim.requests.length).toBe(before);
  });

  test("Pull sales with a duration that is not a whole number of days sends no request to Claret", async () => {
    const before = e2e.sim.requests.length;
    await fillPull(page, {
      saleType: "History",
      startDate: "2020-01-01",
      duration: 12.5,
      hierarchy: false,
    });
    await pane(page).getByRole("button", { name: "Pull sales" }).click();
    await waitForText(pane(page), /Enter the duration as a whole number of days/);
    await expectNoWorkStarted();
    expect(e2e.sim.requests.length).toBe(before);
  });
});

/** Two animation frames: whatever the page would render in answer to the last action has been painted. */
const painted = () =>
  page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))
  );

const paneWidth = (px: number) => setPaneWidth(page, px);

describe("Office theme", () => {
  test("Dark theme changes Office's theme without telling the running pane (Excel sends no event); the pane is dark the next time it is shown", async () => {
    const toggle = ribbon(page).getByRole("button", { name: "Dark theme" });
    expect(await toggle.getAttribute("aria-pressed")).toBe("false");
    expect(await paneBackground()).toBe("rgb(255, 255, 255)");

    await toggle.click();
    expect(await toggle.getAttribute("aria-pressed")).toBe("true");
    await painted();
    expect(await paneBackground()).toBe("rgb(255, 255, 255)"); // no event reached the add-in

    await reopenPane(page);
    await waitForBackground("rgb(41, 41, 41)"); // webDarkTheme colorNeutralBackground1 #292929
    for (const width of [320, 450]) {
      await paneWidth(width);
      await screenshot(page, `08-dark-theme-${width}`);
    }

    await toggle.click();
    await reopenPane(page);
    await waitForBackground("rgb(255, 255, 255)");
    for (const width of [320, 450]) {
      await paneWidth(width);
      await screenshot(page, `08-light-theme-${width}`);
    }
    await paneWidth(360);
  });

  test("the task pane in the dark theme has no serious or critical accessibility violations", async () => {
    const toggle = ribbon(page).getByRole("button", { name: "Dark theme" });
    await toggle.click();
    await reopenPane(page);
    await waitForBackground("rgb(41, 41, 41)");
    try {
      expect(await axeViolations(page, "aside")).toEqual([]);
    } finally {
      await toggle.click();
      await reopenPane(page);
      await waitForBackground("rgb(255, 255, 255)");
    }
  });

  test("an add-in that starts while Office's theme is dark reads it at start (Office.context.officeTheme)", async () => {
    const dark = await e2e.open("theme=dark");
    try {
      await dark.waitForFunction(() => {
        const root = document.querySelector("aside #container > .fui-FluentProvider");
        return !!root && getComputedStyle(root).backgroundColor === "rgb(41, 41, 41)";
      });
    } finally {
      await dark.close();
    }
  });
});

describe("grid", () => {
  test("dragging from B2 to D5 selects B2:D5 in the workbook", async () => {
    const from = (await cell("B2").boundingBox())!;
    const to = (await cell("D5").boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
    await page.mouse.up();
    expect(await selection()).toEqual({ sheet: "Sheet1", address: "B2:D5" });
  });

  test("shift-click extends the selection from the cell clicked first", async () => {
    await cell("C3").click();
    await cell("E9").click({ modifiers: ["Shift"] });
    expect(await selection()).toEqual({ sheet: "Sheet1", address: "C3:E9" });
  });

  test("typing into a selected cell and pressing Enter writes the value and moves down", async () => {
    await cell("C3").click();
    await page.keyboard.type("Shiraz 2021");
    await page.keyboard.press("Enter");
    // wait on each condition: the workbook takes the value first, the grid repaints after
    await page.waitForFunction(
      () =>
        (window as unknown as { workbench: Workbench }).workbench.host.getValues(
          "Sheet1",
          "C3"
        )[0][0] === "Shiraz 2021"
    );
    await waitForText(cell("C3"), /^Shiraz 2021$/);
    expect(await selection()).toEqual({ sheet: "Sheet1", address: "C4" });
  });

  test("a sheet of 100,000 rows × 16 columns renders only the visible rows and scrolls to row 100,001", async () => {
    await page.evaluate(() => {
      const { host } = (window as unknown as { workbench: Workbench }).workbench;
      host.addSheet("Big");
      host.activate("Big");
      host.setValues("Big", "A1:P1", [Array.from({ length: 16 }, (_, c) => `col ${c + 1}`)]);
      const CHUNK = 10_000;
      for (let first = 2; first <= 100_001; first += CHUNK) {
        const rows = Array.from({ length: CHUNK }, (_, i) =>
          Array.from({ length: 16 }, (_, c) =>
            c === 0 ? `row ${first + i}` : (first + i) * 16 + c
          )
        );
        host.setValues("Big", `A${first}:P${first + CHUNK - 1}`, rows);
      }
    });
    await waitForText(
      page.getByRole("grid", { name: "Sheet Big" }).locator('[data-address="A2"]'),
      /^row 2$/
    );
    const renderedRows = () => page.locator('[role="grid"] [role="row"]').count();
    expect(await renderedRows()).toBeLessThan(200);

    // scroll so the last data row sits at the bottom of the view; it is painted once rendered
    await page.evaluate(() => {
      const scroller = document.querySelector('[role="grid"]') as HTMLElement;
      const header = 22;
      const rowHeight = 22;
      scroller.scrollTop = header + 100_001 * rowHeight - scroller.clientHeight;
    });
    await waitForText(cell("A100001"), /^row 100001$/);
    expect(await cell("A100001").textContent()).toBe("row 100001");
    expect(await cell("P100001").textContent()).toBe(String(100_001 * 16 + 15));
    expect(await renderedRows()).toBeLessThan(200);
    await screenshot(page, "09-100k-rows-bottom");
  });
});
