import {
  cellForContentField,
  columnForField,
  saleTypeConflicts,
  validatePushSelection,
  type CellInput,
  PUSH_FIELDS,
  type Problem,
  type PushField,
  type SelectionInput,
} from "../../src/sales";
import { belowHeaderRow1, columnLetter } from "../helpers/cells";

/** A problem as the preview lists it: its cell, then what is wrong there. */
const atCell = (p: Problem) => `${p.address}: ${p.message}`;

// A selection whose header row is row 1 and whose data start at row 2, from column A.
type Raw = string | number | boolean | null | { error: string } | CellInput;
const cell = (v: Raw): CellInput => {
  if (v === null || v === "") return { value: v === null ? null : "", type: "Empty" };
  if (typeof v === "string") return { value: v, type: "String" };
  if (typeof v === "number") return { value: v, type: "Double" };
  if (typeof v === "boolean") return { value: v, type: "Boolean" };
  if ("error" in v) return { value: v.error, type: "Error" };
  return v;
};
function selection(
  headers: string[],
  rows: Raw[][],
  opts: { hidden?: number[]; dateSystem?: 1900 | 1904 } = {}
): SelectionInput {
  return {
    headers,
    rows: rows.map((r, rowIndex) => ({
      rowIndex,
      cells: r.map(cell),
      hidden: opts.hidden?.includes(rowIndex) ?? false,
    })),
    cellAddress: belowHeaderRow1,
    dateSystem: opts.dateSystem ?? 1900,
  };
}

// A pulled table's own columns: A sell_date, B item_name, C customer_group_name, D quantity, E uom_abbr, F timing_interval_span.
const PULLED = [
  "sell_date",
  "item_name",
  "customer_group_name",
  "quantity",
  "uom_abbr",
  "timing_interval_span",
];
const date = (serial: number): CellInput => ({
  value: serial,
  type: "Double",
  numberFormat: "yyyy-mm-dd",
});
const goodRow = (i: number): Raw[] => [
  date(44713),
  String(100 + i),
  "Palm Tree Distribution",
  196,
  "9LE",
  "month",
];
const COL = { sell_date: 0, item_name: 1, customer_group_name: 2, quantity: 3, timing: 5 } as const;
const COLUMN_OF: Record<PushField, number> = {
  sell_date: COL.sell_date,
  item_name: COL.item_name,
  customer_group_name: COL.customer_group_name,
  quantity: COL.quantity,
  timing_interval_name: COL.timing,
};

/** Eight good rows with one cell of row index 5 (sheet row 7) replaced. */
function withBadCell(col: number, value: Raw) {
  const rows = Array.from({ length: 8 }, (_, i) => goodRow(i));
  rows[5][col] = value;
  return validatePushSelection(selection(PULLED, rows));
}

const CATALOGUE: Array<[string, number, Raw, string]> = [
  ["an empty item", COL.item_name, "", "B7: item_name is empty. Type the item's name."],
  ["an item of spaces", COL.item_name, "   ", "B7: item_name is empty. Type the item's name."],
  [
    "an item cell with no value",
    COL.item_name,
    null,
    "B7: item_name is empty. Type the item's name.",
  ],
  [
    "a boolean item",
    COL.item_name,
    true,
    "B7: TRUE is not an item name. Type the item's name as text.",
  ],
  [
    "an item showing #N/A",
    COL.item_name,
    { error: "#N/A" },
    "B7: the cell shows the error #N/A. Correct it or type the item's name.",
  ],
  [
    "an empty customer group",
    COL.customer_group_name,
    "",
    "C7: customer_group_name is empty. Type the customer group's name.",
  ],
  [
    "a boolean customer group",
    COL.customer_group_name,
    false,
    "C7: FALSE is not a customer group name. Type the customer group's name as text.",
  ],
  [
    "a customer group showing #REF!",
    COL.customer_group_name,
    { error: "#REF!" },
    "C7: the cell shows the error #REF!. Correct it or type the customer group's name.",
  ],
  [
    "February 30th",
    COL.sell_date,
    "2023-02-30",
    'A7: "2023-02-30" is not a real date. Use YYYY-MM-DD or an Excel date.',
  ],
  [
    "a thirteenth month",
    COL.sell_date,
    "2023-13-01",
    'A7: "2023-13-01" is not a real date. Use YYYY-MM-DD or an Excel date.',
  ],
  [
    "February 29th of a common year",
    COL.sell_date,
    "2023-02-29",
    'A7: "2023-02-29" is not a real date. Use YYYY-MM-DD or an Excel date.',
  ],
  [
    "a date without leading zeros",
    COL.sell_date,
    "2022-6-1",
    'A7: "2022-6-1" is not a date. Use YYYY-MM-DD or an Excel date.',
  ],
  [
    "a date written in words",
    COL.sell_date,
    "June 2022",
    'A7: "June 2022" is not a date. Use YYYY-MM-DD or an Excel date.',
  ],
  [
    "a day-first date as text",
    COL.sell_date,
    "01/06/2022",
    'A7: "01/06/2022" is not a date. Use YYYY-MM-DD or an Excel date.',
  ],
  [
    "a date serial typed as text",
    COL.sell_date,
    "44713",
    'A7: "44713" is not a date. Use YYYY-MM-DD or an Excel date.',
  ],
  [
    "an empty sell_date",
    COL.sell_date,
    "",
    "A7: sell_date is empty. Use YYYY-MM-DD or an Excel date.",
  ],
  [
    "a sell_date of spaces",
    COL.sell_date,
    "  ",
    "A7: sell_date is empty. Use YYYY-MM-DD or an Excel date.",
  ],
  [
    "a boolean sell_date",
    COL.sell_date,
    true,
    "A7: TRUE is not a date. Use YYYY-MM-DD or an Excel date.",
  ],
  [
    "a sell_date showing #VALUE!",
    COL.sell_date,
    { error: "#VALUE!" },
    "A7: the cell shows the error #VALUE!. Correct it or use YYYY-MM-DD or an Excel date.",
  ],
  [
    "a date with a time of day",
    COL.sell_date,
    date(44713.5),
    "A7: 2022-06-01 12:00 includes a time of day. Enter the date alone, 2022-06-01.",
  ],
  [
    "a date serial with a time past 9999",
    COL.sell_date,
    date(3000000.25),
    "A7: the date number 3000000.25 is not a real date. Use YYYY-MM-DD or an Excel date.",
  ],
  [
    "Excel's phantom 1900-02-29",
    COL.sell_date,
    date(60),
    "A7: the date number 60 is not a real date. Use YYYY-MM-DD or an Excel date.",
  ],
  [
    "date serial 0",
    COL.sell_date,
    date(0),
    "A7: the date number 0 is not a real date. Use YYYY-MM-DD or an Excel date.",
  ],
  [
    "a negative date serial",
    COL.sell_date,
    date(-5),
    "A7: the date number -5 is not a real date. Use YYYY-MM-DD or an Excel date.",
  ],
  [
    "a date serial past 9999",
    COL.sell_date,
    date(3000000),
    "A7: the date number 3000000 is not a real date. Use YYYY-MM-DD or an Excel date.",
  ],
  [
    "an interval outside the set",
    COL.timing,
    "monthly",
    'F7: "monthly" is not a timing interval. Use day, week, month, quarter or year.',
  ],
  [
    "an unknown interval",
    COL.timing,
    "fortnight",
    'F7: "fortnight" is not a timing interval. Use day, week, month, quarter or year.',
  ],
  [
    "a numeric interval",
    COL.timing,
    3,
    "F7: 3 is not a timing interval. Use day, week, month, quarter or year.",
  ],
  [
    "an empty interval, named by its header",
    COL.timing,
    "",
    "F7: timing_interval_span is empty. Use day, week, month, quarter or year.",
  ],
  [
    "an interval showing #N/A",
    COL.timing,
    { error: "#N/A" },
    "F7: the cell shows the error #N/A. Correct it or use day, week, month, quarter or year.",
  ],
  [
    "an empty quantity",
    COL.quantity,
    "",
    "D7: quantity is empty. Type a number (0 if there were no sales).",
  ],
  [
    "a word for a quantity",
    COL.quantity,
    "abc",
    'D7: "abc" is not a number. Type the quantity as a number.',
  ],
  [
    "a quantity with a unit",
    COL.quantity,
    "12 cases",
    'D7: "12 cases" is not a number. Type the quantity as a number.',
  ],
  [
    "NaN as a quantity",
    COL.quantity,
    "NaN",
    'D7: "NaN" is not a number. Type the quantity as a number.',
  ],
  [
    "a decimal comma",
    COL.quantity,
    "1,5",
    'D7: "1,5" is not a number. Use a dot for decimals and commas only between thousands, e.g. 1,234.5.',
  ],
  [
    "a European thousands dot",
    COL.quantity,
    "1.234,5",
    'D7: "1.234,5" is not a number. Use a dot for decimals and commas only between thousands, e.g. 1,234.5.',
  ],
  [
    "a boolean quantity",
    COL.quantity,
    true,
    "D7: TRUE is not a number. Type the quantity as a number.",
  ],
  [
    "a quantity showing #DIV/0!",
    COL.quantity,
    { error: "#DIV/0!" },
    "D7: the cell shows the error #DIV/0!. Correct it or type a number.",
  ],
  [
    "a quantity too large for a number",
    COL.quantity,
    "9".repeat(400),
    `D7: "${"9".repeat(400)}" is not a finite number. Type the quantity as a number.`,
  ],
];

describe("catalogue of bad cells: each is refused at its cell with a plain sentence", () => {
  // Every field Claret requires, not only those the catalogue happens to list: a new required
  // field that let an empty cell through would fail here.
  test.each(PUSH_FIELDS.map((f) => [f]))(
    "an empty %s cell is refused at its own cell, naming its column",
    (field) => {
      const col = COLUMN_OF[field];
      expect(withBadCell(col, "").errors).toEqual([
        expect.objectContaining({
          rowIndex: 5,
          field,
          address: `${columnLetter(col)}7`,
          message: expect.stringMatching(new RegExp(`^${PULLED[col]} is empty\\. `)),
        }),
      ]);
    }
  );

  test.each(CATALOGUE)("%s is refused with its exact message", (_name, col, value, message) => {
    const result = withBadCell(col, value);
    expect(result.errors.map(atCell)).toEqual([message]);
    expect(result.errors[0].address).toBe(message.split(":")[0]);
    expect(result.errors[0].rowIndex).toBe(5);
  });

  test.each(CATALOGUE)(
    "the row with %s is left out and the other rows are kept",
    (_name, col, value) => {
      const result = withBadCell(col, value);
      expect(result.rowsWithErrors).toBe(1);
      expect(result.rows.map((r) => r.rowIndex)).toEqual([0, 1, 2, 3, 4, 6, 7]);
    }
  );
});

describe("a valid pulled table", () => {
  test("every row becomes a content object in selection order", () => {
    const result = validatePushSelection(selection(PULLED, [goodRow(0), goodRow(1)]));
    expect(result.rows.map((r) => r.content)).toEqual([
      {
        item_name: "100",
        customer_group_name: "Palm Tree Distribution",
        sell_date: "2022-06-01",
        timing_interval_name: "month",
        quantity: 196,
      },
      {
        item_name: "101",
        customer_group_name: "Palm Tree Distribution",
        sell_date: "2022-06-01",
        timing_interval_name: "month",
        quantity: 196,
      },
    ]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  test("the columns Claret does not take are named as ignored", () =>
    expect(
      validatePushSelection(selection([...PULLED, "id", "My forecast"], [])).ignoredColumns
    ).toEqual(["uom_abbr", "id", "My forecast"]));

  test("a row with two bad cells lists both errors in column order and counts one row", () => {
    const rows = [goodRow(0)];
    rows[0][COL.quantity] = "x";
    rows[0][COL.item_name] = "";
    const result = validatePushSelection(selection(PULLED, rows));
    expect(result.errors.map((e) => e.address)).toEqual(["B2", "D2"]);
    expect(result.rowsWithErrors).toBe(1);
  });
});

describe("headers", () => {
  test("headers match in any case, with spaces or underscores, around spaces trimmed", () => {
    const headers = [
      " Sell Date ",
      "ITEM NAME",
      "customer  group_name",
      "Quantity",
      "Timing_Interval Name",
    ];
    const result = validatePushSelection(selection(headers, [[date(44713), "A", "B", 3, "Week"]]));
    expect(result.rows.map((r) => r.content)).toEqual([
      {
        item_name: "A",
        customer_group_name: "B",
        sell_date: "2022-06-01",
        timing_interval_name: "week",
        quantity: 3,
      },
    ]);
    expect(result.ignoredColumns).toEqual([]);
  });

  test("timing_interval_span feeds timing_interval_name, in any case", () =>
    expect(
      validatePushSelection(selection(PULLED, [[date(44713), "A", "B", 3, "9LE", "QUARTER"]]))
        .rows[0].content.timing_interval_name
    ).toBe("quarter"));

  test("when both interval columns are present timing_interval_name wins and the span is ignored", () => {
    const result = validatePushSelection(
      selection(
        [...PULLED, "timing_interval_name"],
        [[date(44713), "A", "B", 3, "9LE", "month", "day"]]
      )
    );
    expect(result.rows[0].content.timing_interval_name).toBe("day");
    expect(result.ignoredColumns).toEqual(["uom_abbr", "timing_interval_span"]);
  });

  test("missing columns give one error naming them all and nothing to send", () => {
    const result = validatePushSelection(
      selection(
        ["item_name", "customer_group_name", "timing_interval_span", "notes"],
        [
          ["A", "B", "month", ""],
          ["", "", "", ""],
          ["C", "D", "day", ""],
        ]
      )
    );
    expect(result.errors).toEqual([
      {
        rowIndex: -1,
        address: "",
        message:
          "The selection has no column for quantity, sell_date. Add headers named item_name, customer_group_name, sell_date, timing_interval_name (or timing_interval_span) and quantity.",
      },
    ]);
    expect(result.rows.map((r) => r.content)).toEqual([]);
    expect([result.rowsWithErrors, result.skippedBlank]).toEqual([2, 1]);
  });

  test("two columns for the same field give one error naming both headers", () =>
    expect(
      validatePushSelection(selection([...PULLED, "Item Name"], [])).errors.map((e) => e.message)
    ).toEqual([
      'The selection has more than one column for the same field: "item_name" and "Item Name". Keep one of each.',
    ]));
});

describe("values that are accepted and how they are sent", () => {
  const one = (col: number, value: Raw, opts: { dateSystem?: 1900 | 1904 } = {}) => {
    const row = goodRow(0);
    row[col] = value;
    return validatePushSelection(selection(PULLED, [row], opts));
  };

  test('an item typed as the number 117 is sent as "117"', () =>
    expect(one(COL.item_name, 117).rows[0].content.item_name).toBe("117"));
  test('an item number shown with a 0000 format is sent as it shows, "0117"', () =>
    expect(
      one(COL.item_name, { value: 117, type: "Double", numberFormat: "0000" }).rows[0].content
        .item_name
    ).toBe("0117"));
  test("spaces around an item name are trimmed", () =>
    expect(one(COL.item_name, "  118 ").rows[0].content.item_name).toBe("118"));
  test("a sell_date typed as YYYY-MM-DD text with spaces is taken", () =>
    expect(one(COL.sell_date, " 2022-06-01 ").rows[0].content.sell_date).toBe("2022-06-01"));
  test("serial 61 in the 1900 date system is 1900-03-01", () =>
    expect(one(COL.sell_date, date(61)).rows[0].content.sell_date).toBe("1900-03-01"));
  test("a sell_date serial is read in the 1904 system when the workbook uses it", () =>
    expect(
      one(COL.sell_date, date(44713 - 1462), { dateSystem: 1904 }).rows[0].content.sell_date
    ).toBe("2022-06-01"));
  test("numeric text with thousands commas is a number", () =>
    expect(one(COL.quantity, "1,234.5").rows[0].content.quantity).toBe(1234.5));
  test("a negative quantity in text is a number", () =>
    expect(one(COL.quantity, " -3 ").rows[0].content.quantity).toBe(-3));
  test("a quantity of 0 is sent", () =>
    expect(one(COL.quantity, 0).rows[0].content.quantity).toBe(0));
});

describe("warnings: the row is sent, the planner is told", () => {
  const one = (values: Partial<Record<keyof typeof COL, Raw>>) => {
    const row = goodRow(0);
    for (const [k, v] of Object.entries(values)) row[COL[k as keyof typeof COL]] = v as Raw;
    return validatePushSelection(selection(PULLED, [row]));
  };

  test("a non-integer quantity warns that Claret documents quantity as an integer, and is sent as is", () => {
    const result = one({ quantity: 196.195 });
    expect(result.warnings.map(atCell)).toEqual([
      "D2: 196.195 is not a whole number. Claret documents quantity as an integer; it will be sent as 196.195.",
    ]);
    expect(result.rows[0].content.quantity).toBe(196.195);
  });

  test.each([
    [
      "month",
      "2022-06-15",
      "A2: 2022-06-15 is not the first day of its month. Claret expects sell_date to be the first day of the interval; did you mean 2022-06-01?",
    ],
    [
      "quarter",
      "2022-05-01",
      "A2: 2022-05-01 is not the first day of its quarter. Claret expects sell_date to be the first day of the interval; did you mean 2022-04-01?",
    ],
    [
      "year",
      "2022-06-01",
      "A2: 2022-06-01 is not the first day of its year. Claret expects sell_date to be the first day of the interval; did you mean 2022-01-01?",
    ],
  ])("a %s interval starting on %s warns", (timing, sellDate, message) =>
    expect(one({ timing, sell_date: sellDate }).warnings.map(atCell)).toEqual([message])
  );

  test.each([
    ["quarter", "2022-10-01"],
    ["year", "2023-01-01"],
    ["week", "2022-06-01"],
    ["day", "2022-06-17"],
  ])("a %s interval starting on %s does not warn", (timing, sellDate) =>
    expect(one({ timing, sell_date: sellDate }).warnings).toEqual([])
  );

  test("a date serial in a cell without a date format warns that it was read as a date", () =>
    expect(
      one({ sell_date: { value: 44713, type: "Double", numberFormat: "General" } }).warnings.map(
        atCell
      )
    ).toEqual([
      "A2: 44713 is a plain number, read as the Excel date 2022-06-01. Check that this column holds dates.",
    ]));

  test("a row that has an error carries no warnings", () =>
    expect(one({ quantity: 1.5, item_name: "" }).warnings).toEqual([]));
});

describe("duplicates, blank rows and hidden rows", () => {
  test("the same key twice is an error at both rows, each naming the other, and neither is sent", () => {
    const rows = [goodRow(0), goodRow(1), goodRow(2), goodRow(3)];
    rows[3][COL.item_name] = "101";
    rows[3][COL.customer_group_name] = "palm tree distribution";
    const result = validatePushSelection(selection(PULLED, rows));
    expect(result.errors.map(atCell)).toEqual([
      "B3: this row has the same item, customer group, sell_date and timing interval as the row at B5 (101, palm tree distribution, 2022-06-01, month). Keep one of the two rows.",
      "B5: this row has the same item, customer group, sell_date and timing interval as the row at B3 (101, palm tree distribution, 2022-06-01, month). Keep one of the two rows.",
    ]);
    expect(result.rows.map((r) => r.rowIndex)).toEqual([0, 2]);
    expect(result.rowsWithErrors).toBe(2);
  });

  test("the same item and date in another interval is not a duplicate", () => {
    const rows = [goodRow(0), goodRow(0)];
    rows[1][COL.timing] = "day";
    expect(validatePushSelection(selection(PULLED, rows)).errors).toEqual([]);
  });

  test("blank rows are skipped and counted, even when a column Claret ignores shows something", () => {
    const headers = [...PULLED, "My formula"];
    const rows: Raw[][] = [
      [...goodRow(0), 1],
      ["", null, "  ", "", "", "", 0],
      [...goodRow(1), 2],
      [null, null, null, null, null, null, null],
    ];
    const result = validatePushSelection(selection(headers, rows));
    expect([result.skippedBlank, result.rows.map((r) => r.rowIndex)]).toEqual([2, [0, 2]]);
    expect(result.errors).toEqual([]);
  });

  test("hidden rows are skipped and counted and never validated", () => {
    const rows = [goodRow(0), [date(44713), "", "x", "abc", "", "nope"], goodRow(2)];
    const result = validatePushSelection(selection(PULLED, rows, { hidden: [1] }));
    expect([result.skippedHidden, result.errors, result.rows.map((r) => r.rowIndex)]).toEqual([
      1,
      [],
      [0, 2],
    ]);
  });

  test("selected rows add up to sent + hidden + blank + rows with errors", () => {
    const rows = [
      goodRow(0),
      goodRow(1),
      [null, null, null, null, null, null],
      [date(44713), "", "x", 1, "", "month"],
      goodRow(4),
    ];
    const result = validatePushSelection(selection(PULLED, rows, { hidden: [4] }));
    expect(result.selectedRows).toBe(5);
    expect(
      result.rows.length + result.skippedHidden + result.skippedBlank + result.rowsWithErrors
    ).toBe(5);
  });
});

describe("mapping a server error back to its cell", () => {
  test("content index N of the valid rows points at its row, past hidden and bad rows", () => {
    const rows = [goodRow(0), goodRow(1), goodRow(2), goodRow(3)];
    rows[1][COL.quantity] = "x";
    const input = selection(PULLED, rows, { hidden: [0] });
    const result = validatePushSelection(input);
    expect(cellForContentField(input, result, 1, "quantity")).toEqual({
      rowIndex: 3,
      address: "D5",
    });
  });

  test("timing_interval_name points at the timing_interval_span column that fed it", () => {
    const input = selection(PULLED, [goodRow(0)]);
    expect(
      cellForContentField(input, validatePushSelection(input), 0, "timing_interval_name")
    ).toEqual({ rowIndex: 0, address: "F2" });
  });

  test("a field without a column of its own points at the row’s item cell", () => {
    const input = selection(PULLED, [goodRow(0)]);
    expect(
      cellForContentField(input, validatePushSelection(input), 0, "sale_type_name")?.address
    ).toBe("B2");
  });

  test("columnForField finds a header written another way", () =>
    expect(columnForField(["x", "Customer Group Name"], "customer_group_name")).toBe(1));
  test("columnForField gives -1 for a field no column holds", () =>
    expect(columnForField(["x"], "quantity")).toBe(-1));
});

describe("a sale_type_name column is checked against the sale type pushed to", () => {
  const headers = [...PULLED, "Sale Type Name"];
  const rows: Raw[][] = [
    [...goodRow(0), "Forecast"],
    [...goodRow(1), "history"],
    [...goodRow(2), ""],
    [...goodRow(3), "FORECAST"],
  ];

  const conflicts = (input: SelectionInput, saleTypeName: string) =>
    saleTypeConflicts(input, validatePushSelection(input), saleTypeName);

  test("rows naming another sale type are listed with their cells, ignoring case", () =>
    expect(conflicts(selection(headers, rows), "forecast")).toEqual([
      { address: "G3", name: "history" },
    ]));

  test("without a sale_type_name column nothing conflicts", () =>
    expect(conflicts(selection(PULLED, [goodRow(0)]), "Budget")).toEqual([]));
});
