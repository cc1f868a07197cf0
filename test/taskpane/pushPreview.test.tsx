// The push preview as a planner sees it: the real PushPanel reads the selection through the real
// workflow and adapters, on a workbook in the Excel emulator; nothing is sent (no network here).
// Warnings come grouped one line per kind; errors stay one per cell, 200 at a time, all reachable.
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import PushPanel from "../../src/taskpane/PushPanel";
import type { UserMessage } from "../../src/workflows/api";
import { installExcelHost, type ExcelHost } from "../helpers/excelHost";

const SESSION = { baseUrl: "http://127.0.0.1:9", tenant: "demo", token: "1|abc" };
const JUNE_1 = 44713; // 2022-06-01
const HEADERS = [
  "sell_date",
  "item_name",
  "customer_group_name",
  "quantity",
  "timing_interval_span",
];

interface RowSpec {
  quantity?: number;
  dayOffset?: number;
  item?: string;
}

let host: ExcelHost;
beforeEach(() => {
  host = installExcelHost();
});

/** A sheet "Plan" with a header row and one row per spec (A sell_date … E timing), all selected. */
function sheetWithSelectedRows(specs: RowSpec[]): void {
  host.addSheet("Plan");
  const last = specs.length + 1;
  host.setValues("Plan", `A1:E${last}`, [
    HEADERS,
    ...specs.map((s, i) => [
      JUNE_1 + (s.dayOffset ?? 0),
      s.item ?? `Item ${i}`,
      "Palm Tree Distribution",
      s.quantity ?? 10,
      "month",
    ]),
  ]);
  host.setNumberFormat("Plan", `A2:A${last}`, "yyyy-mm-dd");
  host.activate("Plan");
  host.select("Plan", `A1:E${last}`);
}

async function openPreview() {
  const messages: Array<UserMessage | null> = [];
  render(
    <FluentProvider theme={webLightTheme}>
      <PushPanel
        session={SESSION}
        requestKey={1}
        onClose={() => {}}
        onMessage={(m) => messages.push(m)}
      />
    </FluentProvider>
  );
  await screen.findByRole("region", { name: "Push preview" }, { timeout: 10_000 });
  return { messages, user: userEvent.setup() };
}

const warnings = () => screen.getByRole("region", { name: "Warnings" });
const errors = () => screen.getByRole("region", { name: "Errors" });
/** the top-level lines of a problem section (not the cells listed inside an opened group) */
const lines = (section: HTMLElement) => Array.from(section.querySelector("ul")!.children);

// three rows in four carry a decimal quantity, as data pulled from Claret does
const PULLED_10K: RowSpec[] = Array.from({ length: 10_000 }, (_, i) => ({
  quantity: i % 4 === 0 ? 196 : 196.195 + i,
}));

test("decimal quantities on 7,500 of 10,000 rows show as one warning line naming the count and the first cells", async () => {
  sheetWithSelectedRows(PULLED_10K);
  await openPreview();
  expect(within(warnings()).getByRole("heading")).toHaveTextContent("Warnings (7,500)");
  expect(lines(warnings())).toHaveLength(1);
  expect(lines(warnings())[0]).toHaveTextContent(
    "D3: 7,500 rows have decimal quantities (first: D3, D4, D5 …). Claret documents quantity as a whole number but returns decimals itself; they are sent as they are."
  );
}, 30_000);

test("clicking a grouped warning's address selects its first cell on the sheet", async () => {
  sheetWithSelectedRows(PULLED_10K.slice(0, 40));
  const { user } = await openPreview();
  await user.click(within(warnings()).getByRole("button", { name: "D3" }));
  expect(host.selection()).toEqual({ sheet: "Plan", address: "D3" });
});

test("opening a warning group lists its cells 200 at a time, each with its own message, and 'Show more' reaches the rest", async () => {
  sheetWithSelectedRows(PULLED_10K.slice(0, 400)); // 300 decimal quantities
  const { user } = await openPreview();
  await user.click(within(warnings()).getByRole("button", { name: "List all 300 cells" }));
  const cells = () => within(lines(warnings())[0] as HTMLElement).getAllByRole("listitem");
  expect(cells()).toHaveLength(200);
  expect(cells()[0]).toHaveTextContent(
    "D3: 197.195 is not a whole number. Claret documents quantity as an integer; it will be sent as 197.195."
  );
  expect(within(warnings()).getByText("…and 100 more.")).toBeInTheDocument();
  await user.click(within(warnings()).getByRole("button", { name: "Show 100 more" }));
  expect(cells()).toHaveLength(300);
  expect(cells()[299]).toHaveTextContent(/^D401: /);
});

test("sell_dates that are not the first day of their month are grouped into one line too", async () => {
  sheetWithSelectedRows(
    Array.from({ length: 30 }, (_, i) => ({ dayOffset: i % 3 === 0 ? 0 : 14 }))
  );
  await openPreview();
  expect(lines(warnings()).map((l) => l.textContent)).toEqual([
    expect.stringContaining(
      "20 rows have a sell_date that is not the first day of its month, quarter or year (first: A3, A4, A6 …). Claret expects sell_date to be the first day of the interval; they are sent as they are."
    ),
  ]);
});

test("a single decimal quantity keeps its own warning naming the value", async () => {
  sheetWithSelectedRows([{ quantity: 4 }, { quantity: 2.5 }]);
  await openPreview();
  expect(lines(warnings()).map((l) => l.textContent)).toEqual([
    "D3: 2.5 is not a whole number. Claret documents quantity as an integer; it will be sent as 2.5.",
  ]);
});

test("errors stay one line per cell, the first 200 shown with a count of the rest, and 'Show 200 more' shows the next", async () => {
  sheetWithSelectedRows(Array.from({ length: 450 }, () => ({ item: "" })));
  const { user } = await openPreview();
  expect(within(errors()).getByRole("heading")).toHaveTextContent("Errors (450)");
  expect(lines(errors())).toHaveLength(200);
  expect(lines(errors())[0]).toHaveTextContent("B2: item_name is empty. Type the item's name.");
  expect(within(errors()).getByText("…and 250 more.")).toBeInTheDocument();
  await user.click(within(errors()).getByRole("button", { name: "Show 200 more" }));
  expect(lines(errors())).toHaveLength(400);
  await user.click(within(errors()).getByRole("button", { name: "Show 50 more" }));
  expect(lines(errors())).toHaveLength(450);
  expect(lines(errors())[449]).toHaveTextContent("B451: item_name is empty. Type the item's name.");
  expect(within(errors()).queryByText(/more\.$/)).toBeNull();
});

test("each row shows what the POST will carry: quantities typed as text as numbers, dates as ISO sell_date", async () => {
  sheetWithSelectedRows([{ item: "Item A" }, { item: "Item B", dayOffset: 30 }]);
  host.setNumberFormat("Plan", "D2:D3", "@"); // text cells keep what the planner typed
  host.setValues("Plan", "D2:D3", [[" 12 "], ["1,200"]]);
  await openPreview();
  const rows = screen.getByRole("region", { name: "Rows to send" });
  expect(within(rows).getByRole("heading")).toHaveTextContent("To send (2)");
  expect(
    within(rows)
      .getAllByRole("listitem")
      .map((li) => li.textContent)
  ).toEqual([
    "Item A, Palm Tree Distribution, 2022-06-01, month: 12",
    "Item B, Palm Tree Distribution, 2022-07-01, month: 1200",
  ]);
});
