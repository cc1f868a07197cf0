// Grouping push warnings for the preview: one line per kind, every cell still in the group.
// The problems come from the real validation of a selection, not from hand-written lists.
import {
  groupProblemsByKind,
  validatePushSelection,
  type CellInput,
  type SelectionInput,
} from "../../src/sales";
import { belowHeaderRow1 } from "../helpers/cells";

// Columns: A sell_date, B item_name, C customer_group_name, D quantity, E timing_interval_span; data from row 2.
const HEADERS = [
  "sell_date",
  "item_name",
  "customer_group_name",
  "quantity",
  "timing_interval_span",
];
const dateCell = (serial: number, numberFormat = "yyyy-mm-dd"): CellInput => ({
  value: serial,
  type: "Double",
  numberFormat,
});
const JUNE_1 = 44713;

interface RowSpec {
  quantity?: number;
  /** days after 2022-06-01 */
  dayOffset?: number;
  plainNumberDate?: boolean;
  item?: string;
}

function validate(specs: RowSpec[]) {
  const input: SelectionInput = {
    headers: HEADERS,
    rows: specs.map((s, rowIndex) => ({
      rowIndex,
      hidden: false,
      cells: [
        dateCell(JUNE_1 + (s.dayOffset ?? 0), s.plainNumberDate ? "General" : "yyyy-mm-dd"),
        { value: s.item ?? `Item ${rowIndex}`, type: "String" },
        { value: "Palm Tree Distribution", type: "String" },
        { value: s.quantity ?? 10, type: "Double" },
        { value: "month", type: "String" },
      ],
    })),
    cellAddress: belowHeaderRow1,
    dateSystem: 1900,
  };
  return validatePushSelection(input);
}

// 10,000 rows as a pull from Claret gives them: three rows in four carry a decimal quantity
const PULLED_10K: RowSpec[] = Array.from({ length: 10_000 }, (_, i) => ({
  quantity: i % 4 === 0 ? 196 : 196.195 + i,
}));

test("7,500 decimal quantities of 10,000 rows become one line naming the count and the first three cells", () => {
  const groups = groupProblemsByKind(validate(PULLED_10K).warnings);
  expect(groups.map((g) => g.message)).toEqual([
    "7,500 rows have decimal quantities (first: D3, D4, D5 …). Claret documents quantity as a whole number but returns decimals itself; they are sent as they are.",
  ]);
});

test("a group keeps every one of its cells, first cell first, so each stays reachable", () => {
  const [group] = groupProblemsByKind(validate(PULLED_10K).warnings);
  expect(group.problems).toHaveLength(7500);
  expect(group.problems[0].address).toBe("D3");
  expect(group.problems[7499].address).toBe("D10001");
});

test("a single decimal quantity keeps its own message naming the value", () => {
  const groups = groupProblemsByKind(validate([{ quantity: 3 }, { quantity: 2.5 }]).warnings);
  expect(groups.map((g) => [g.problems[0].address, g.message])).toEqual([
    [
      "D3",
      "2.5 is not a whole number. Claret documents quantity as an integer; it will be sent as 2.5.",
    ],
  ]);
});

test('two or three rows are all named, without "first:"', () => {
  const groups = groupProblemsByKind(
    validate([{ quantity: 1.5 }, { quantity: 1 }, { quantity: 2.5 }]).warnings
  );
  expect(groups.map((g) => g.message)).toEqual([
    "2 rows have decimal quantities (D2, D4). Claret documents quantity as a whole number but returns decimals itself; they are sent as they are.",
  ]);
});

test("sell_dates that are not the first day of their month are grouped the same way", () => {
  const groups = groupProblemsByKind(
    validate(Array.from({ length: 50 }, (_, i) => ({ dayOffset: i % 2 === 0 ? 0 : 14 }))).warnings
  );
  expect(groups.map((g) => [g.kind, g.problems.length, g.message])).toEqual([
    [
      "not-interval-start",
      25,
      "25 rows have a sell_date that is not the first day of its month, quarter or year (first: A3, A5, A7 …). Claret expects sell_date to be the first day of the interval; they are sent as they are.",
    ],
  ]);
});

test("dates read from plain numbers are grouped into one line", () => {
  const groups = groupProblemsByKind(
    validate([
      { plainNumberDate: true },
      { plainNumberDate: true },
      { plainNumberDate: true },
      { plainNumberDate: true },
    ]).warnings
  );
  expect(groups.map((g) => g.message)).toEqual([
    "4 rows have a sell_date that is a plain number, read as an Excel date (first: A2, A3, A4 …). Check that this column holds dates, and give it a date format if it does.",
  ]);
});

test("each kind gets its own group, in the order its first cell appears in the selection", () => {
  const groups = groupProblemsByKind(
    validate([
      { dayOffset: 3 },
      { quantity: 0.5 },
      { dayOffset: 3, quantity: 0.25 },
      { dayOffset: 4 },
    ]).warnings
  );
  expect(groups.map((g) => [g.kind, g.problems.map((p) => p.address)])).toEqual([
    ["not-interval-start", ["A2", "A4", "A5"]],
    ["decimal-quantity", ["D3", "D4"]],
  ]);
});

test("problems without a kind, such as errors, stay one line each with their own message", () => {
  const { errors } = validate([{ item: "" }, { item: "" }]);
  const groups = groupProblemsByKind(errors);
  expect(groups.map((g) => [g.kind, g.problems[0].address, g.message])).toEqual([
    [null, "B2", "item_name is empty. Type the item's name."],
    [null, "B3", "item_name is empty. Type the item's name."],
  ]);
});
