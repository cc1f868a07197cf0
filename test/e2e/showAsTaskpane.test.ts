// Ribbon commands that need the planner, in both deployments Excel has: sideloaded or centrally deployed
// (Office.addin.showAsTaskpane() opens the pane) and installed from the Marketplace (since 2026-02-23 the
// call is ignored). Where the pane cannot be opened, the message reaches the planner in the add-in's own
// dialog (Office dialog API); the command completes without waiting for them.
import type { Page } from "playwright-core";
import {
  BUDGET_2025,
  pane,
  pullThroughPane,
  ribbon,
  screenshot,
  setPaneWidth,
  signIn,
  startE2E,
  waitForText,
  type E2E,
} from "./harness";

jest.setTimeout(120_000);

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E({ records: 300 });
});
afterAll(() => e2e?.close());

type Host = {
  actions: { invoke: (id: string) => Promise<{ completed: boolean; dropped?: boolean }> };
  dialog: { history: { url: string; ended?: string }[]; current: unknown };
};
const host = <T>(page: Page, fn: (h: Host) => T | Promise<T>) =>
  page.evaluate(`(${fn.toString()})(window.workbench.host)` as unknown as () => T) as Promise<T>;

/** Clicks a ribbon button the way Excel runs it and resolves when the command called event.completed(). */
const runCommand = (page: Page, id: string) =>
  page.evaluate(
    (actionId) =>
      (window as unknown as { workbench: { host: Host } }).workbench.host.actions.invoke(actionId),
    id
  );

const dialogWindow = (page: Page) => page.getByRole("dialog", { name: "Claret dialog" });
const dialogPage = (page: Page) => page.frameLocator('iframe[title="Claret dialog page"]');

async function closePane(page: Page): Promise<void> {
  await pane(page).getByRole("button", { name: "Close task pane" }).click();
  await pane(page).waitFor({ state: "hidden" });
}

describe("sideloaded: showAsTaskpane opens the pane", () => {
  test("Push selection on the ribbon with the pane closed opens the pane, and no dialog", async () => {
    const page = await e2e.open("paneOpen=0");
    try {
      expect(await pane(page).isVisible()).toBe(false);
      expect(await runCommand(page, "pushSelection")).toEqual({ completed: true });
      expect(await pane(page).isVisible()).toBe(true);
      expect(await host(page, (h) => h.dialog.history.length)).toBe(0);
    } finally {
      await page.close();
    }
  });
});

describe("Marketplace: showAsTaskpane is ignored", () => {
  test("Push selection on the ribbon shows the add-in's dialog with the message; OK closes it; the pane stays closed", async () => {
    const page = await e2e.open("showAsTaskpane=ignored&paneOpen=0");
    try {
      await ribbon(page).getByRole("button", { name: "Push selection" }).click();
      await dialogWindow(page).waitFor({ state: "visible" });
      await waitForText(
        dialogPage(page).locator("body"),
        /Push selection shows its preview in the Claret pane.*Show task pane in the Claret group on the Home tab/s
      );
      expect(await pane(page).isVisible()).toBe(false);
      await screenshot(page, "10-dialog-pane-closed");
      await dialogPage(page).getByRole("button", { name: "OK" }).click();
      await dialogWindow(page).waitFor({ state: "hidden" });
      // gone from view at once; Office finishes closing it a moment later (Dialog.close() is asynchronous)
      await page.waitForFunction(
        () =>
          (window as unknown as { workbench: { host: Host } }).workbench.host.dialog.history
            .map((d) => d.ended ?? "open")
            .join() === "closed by add-in"
      );
    } finally {
      await page.close();
    }
  });

  test("the command completes while the dialog is still open: it never waits for the planner", async () => {
    const page = await e2e.open("showAsTaskpane=ignored&paneOpen=0");
    try {
      expect(await runCommand(page, "refreshSheet")).toEqual({ completed: true });
      expect(await host(page, (h) => h.dialog.current !== null)).toBe(true);
      await waitForText(
        dialogPage(page).locator("body"),
        /The active sheet has no table pulled from Claret/
      );
    } finally {
      await page.close();
    }
  });

  test("a dialog closed with its ✕ (12006) does not block the next one", async () => {
    const page = await e2e.open("showAsTaskpane=ignored&paneOpen=0");
    try {
      await ribbon(page).getByRole("button", { name: "Refresh sheet" }).click();
      await dialogWindow(page).waitFor({ state: "visible" });
      await dialogWindow(page).getByRole("button", { name: "Close dialog" }).click();
      await dialogWindow(page).waitFor({ state: "hidden" });
      expect(await runCommand(page, "refreshSheet")).toEqual({ completed: true });
      await dialogWindow(page).waitFor({ state: "visible" });
      expect(await host(page, (h) => h.dialog.history.map((d) => d.ended ?? "open"))).toEqual([
        "closed by user",
        "open",
      ]);
    } finally {
      await page.close();
    }
  });

  test("a second message right after the first replaces it in the dialog (Office's close is asynchronous: 12007 at first)", async () => {
    const page = await e2e.open("showAsTaskpane=ignored&paneOpen=0");
    try {
      expect(await runCommand(page, "refreshSheet")).toEqual({ completed: true });
      await waitForText(dialogPage(page).locator("body"), /no table pulled from Claret/);
      expect(await runCommand(page, "pushSelection")).toEqual({ completed: true });
      await waitForText(dialogPage(page).locator("body"), /Push selection shows its preview/);
      expect(await host(page, (h) => h.dialog.history.map((d) => d.ended ?? "open"))).toEqual([
        "closed by add-in",
        "open",
      ]);
    } finally {
      await page.close();
    }
  });

  test("Refresh sheet when signed out asks, in the dialog, to sign in to the tenant; the sign-in form waits in the pane", async () => {
    const page = await e2e.open("showAsTaskpane=ignored");
    try {
      await signIn(page, e2e.sim);
      await waitForText(pane(page).getByRole("status"), /Signed in/);
      await pullThroughPane(page, BUDGET_2025, /Pulled 240 records/);
      await pane(page).getByRole("button", { name: "Sign out" }).click();
      await pane(page).getByLabel("Password").waitFor();
      await closePane(page);
      await ribbon(page).getByRole("button", { name: "Refresh sheet" }).click();
      await dialogWindow(page).waitFor({ state: "visible" });
      await waitForText(
        dialogPage(page).locator("body"),
        /Sign in to demo to refresh .*and sign in there/s
      );
      expect(await pane(page).isVisible()).toBe(false);
      await ribbon(page).getByRole("button", { name: "Claret" }).click();
      await waitForText(pane(page), /Sign in to demo to refresh/);
    } finally {
      await page.close();
    }
  });

  test("with the pane open, the dialog stands beside it and leaves it usable (screenshots at 320 and 450 px)", async () => {
    const page = await e2e.open("showAsTaskpane=ignored");
    try {
      await pane(page).getByLabel("Tenant").waitFor();
      await ribbon(page).getByRole("button", { name: "Push selection" }).click();
      await dialogWindow(page).waitFor({ state: "visible" });
      await waitForText(dialogPage(page).locator("body"), /Push selection shows its preview/);
      for (const width of [320, 450]) {
        await setPaneWidth(page, width);
        const box = (await dialogWindow(page).boundingBox())!;
        const paneBox = (await pane(page).boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(paneBox.x);
        await screenshot(page, `10-dialog-beside-pane-${width}`);
      }
      await pane(page).getByLabel("Tenant").fill("demo"); // the pane still takes input
      expect(await pane(page).getByLabel("Tenant").inputValue()).toBe("demo");
    } finally {
      await page.close();
    }
  });

  test("in Office's dark theme the dialog is dark too (it reads Office.context.officeTheme)", async () => {
    const page = await e2e.open("showAsTaskpane=ignored&paneOpen=0&theme=dark");
    try {
      await ribbon(page).getByRole("button", { name: "Push selection" }).click();
      await waitForText(dialogPage(page).locator("body"), /Push selection shows its preview/);
      const background = await dialogPage(page)
        .locator("main")
        .evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(background).toBe("rgb(41, 41, 41)");
      await screenshot(page, "10-dialog-dark");
    } finally {
      await page.close();
    }
  });
});
