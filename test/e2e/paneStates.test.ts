// Every main state of the task pane as a planner sees it, in light and dark, at Office's real task pane
// widths (320 px and 450 px), saved to test-output/screenshots/pane-<theme>-<width>-<n>-<state>.png so a
// later session can regenerate and look at them. Each state is also checked for what would make it
// unusable: nothing of the pane's content runs past its right edge.
import type { Page } from "playwright-core";
import { columnLetter } from "../helpers/cells";
import {
  BUDGET_2025,
  fillPull,
  pane,
  pulledTable,
  SCREENSHOTS,
  signIn,
  startE2E,
  waitForText,
  type E2E,
} from "./harness";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

jest.setTimeout(240_000);

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ records: 300 });
});
afterAll(() => e2e?.close());

/** Elements inside the pane whose right edge passes the pane's (cut off), by their text. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const aside = document.querySelector('aside[aria-label="Claret task pane"]') as HTMLElement;
    const edge = aside.getBoundingClientRect().right;
    return [...aside.querySelectorAll<HTMLElement>("button, input, label, [role=status] *, h2")]
      .filter((el) => el.getBoundingClientRect().right > edge + 0.5)
      .map(
        (el) =>
          `${el.tagName} "${(el.textContent ?? el.getAttribute("aria-label") ?? "").slice(0, 40)}"`
      );
  });
}

/**
 * WCAG contrast of each disabled button's text against the colour behind it, computed from the rendered
 * (computed-style) colours: the button's own background, else the nearest ancestor's that is not transparent.
 */
function disabledButtonContrasts(page: Page): Promise<{ name: string; ratio: number }[]> {
  return page.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const lin = (v: number) => {
        const s = v / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const background = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length >= 3 && (c.length < 4 || c[3] > 0)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const aside = document.querySelector('aside[aria-label="Claret task pane"]')!;
    return [
      ...aside.querySelectorAll<HTMLButtonElement>("button:disabled, button[aria-disabled=true]"),
    ]
      .filter((b) => (b.textContent ?? "").trim() !== "")
      .map((b) => {
        const [l1, l2] = [luminance(rgb(getComputedStyle(b).color)), luminance(background(b))];
        const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
        return { name: (b.textContent ?? "").trim(), ratio: Math.round(ratio * 100) / 100 };
      });
  });
}

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  expect({ state: name, cutOff: await overflowing(page) }).toEqual({ state: name, cutOff: [] });
  await pane(page).screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

describe.each([
  ["light", 320],
  ["light", 450],
  ["dark", 320],
  ["dark", 450],
] as const)("the pane in the %s theme, %i px wide", (theme, width) => {
  test("sign-in, pull form, pull in progress, paused for sign-in, pulled, push preview with errors, push done, waiting for a cell edit", async () => {
    const page = await e2e.open(theme === "dark" ? "theme=dark" : undefined);
    const name = (n: number, state: string) => `pane-${theme}-${width}-${n}-${state}`;
    try {
      await page.addStyleTag({ content: `.wb-pane { width: ${width}px !important; }` });
      const p = pane(page);
      await p.getByRole("button", { name: "Sign in" }).waitFor();
      await shoot(page, name(1, "sign-in"));

      await signIn(page, e2e.sim);
      await waitForText(p.getByRole("status"), /Signed in/);
      await fillPull(page, BUDGET_2025);
      await shoot(page, name(2, "pull-form"));

      const hold = e2e.sim.hold("GET /sales");
      try {
        await p.getByRole("button", { name: "Pull sales" }).click();
        await hold.untilWaiting(1);
        await waitForText(p, /Pulling Budget: 0 records so far/);
        await shoot(page, name(3, "pull-in-progress"));
        // every action but Cancel waits: disabled buttons must stay readable (3:1), dark theme included
        const contrasts = await disabledButtonContrasts(page);
        expect(contrasts.map((c) => c.name)).toEqual(
          expect.arrayContaining(["Pull sales", "Refresh sheet", "Push selection", "Sign out"])
        );
        for (const c of contrasts) expect(c).toEqual({ name: c.name, ratio: expect.any(Number) });
        expect(contrasts.filter((c) => c.ratio < 3)).toEqual([]);
        e2e.sim.revokeTokens();
      } finally {
        hold.end();
      }
      await waitForText(p.getByRole("alert"), /paused and carries on/);
      await p.getByLabel("Password").waitFor();
      await shoot(page, name(4, "paused-for-sign-in"));

      await p.getByLabel("Password").fill(e2e.sim.password);
      await p.getByRole("button", { name: "Sign in" }).click();
      await waitForText(p.getByRole("status"), /Pulled 240 records/, 30_000);
      await shoot(page, name(5, "pulled"));

      // rows 2-3 selected, with a quantity the push refuses
      const { sheet, table } = await pulledTable(page);
      const quantity = `${columnLetter(table.headers.indexOf("quantity"))}3`;
      const last = columnLetter(table.headers.length - 1);
      await page.evaluate(
        ([s, a]) =>
          (
            window as unknown as {
              workbench: { setValue: (s: string, a: string, v: unknown) => void };
            }
          ).workbench.setValue(s, a, "lots"),
        [sheet.name, quantity] as const
      );
      const selectRows = async () => {
        await page.locator('[data-address="A2"]').click();
        await page.locator(`[data-address="${last}3"]`).click({ modifiers: ["Shift"] });
      };
      await selectRows();
      await p.getByRole("button", { name: "Push selection" }).click();
      await waitForText(p.getByRole("region", { name: "Push preview" }), /Errors \(1\)/);
      await shoot(page, name(6, "push-preview-errors"));

      await p.getByRole("button", { name: "Back" }).click();
      await page.evaluate(
        ([s, a]) =>
          (
            window as unknown as {
              workbench: { setValue: (s: string, a: string, v: unknown) => void };
            }
          ).workbench.setValue(s, a, 12),
        [sheet.name, quantity] as const
      );
      await selectRows();
      await p.getByRole("button", { name: "Push selection" }).click();
      const confirm = p.getByRole("button", { name: "Confirm push" });
      await confirm.waitFor();
      await waitForText(p.getByRole("region", { name: "Push preview" }), /2 rows to send/);
      await confirm.click();
      await waitForText(p.getByRole("status"), /2 rows|2 records/, 30_000);
      await shoot(page, name(7, "push-done"));

      // the planner is typing in a cell while a refresh waits for Excel: the pane says so, beside the progress
      const editing = (on: boolean) =>
        page.evaluate((start) => {
          const { editCell } = (
            window as unknown as {
              workbench: { host: { editCell: { start(): void; end(): void } } };
            }
          ).workbench.host;
          if (start) editCell.start();
          else editCell.end();
        }, on);
      await p.getByRole("button", { name: "Done" }).click();
      await editing(true);
      try {
        await p.getByRole("button", { name: "Refresh sheet" }).click();
        await waitForText(
          p.getByRole("status"),
          /Waiting for you to finish editing the cell/,
          30_000
        );
        await shoot(page, name(8, "waiting-for-cell-edit"));
      } finally {
        await editing(false);
      }
      await waitForText(p.getByRole("status"), /Refreshed table/, 30_000);
    } finally {
      await page.close();
    }
  });
});
