// The refresh plan, without Excel: rows matched by id, only changed Claret cells written, rows that come and go and
// where the new ones go.
import {
  findColumns,
  headerNames,
  planRefresh,
  RefreshPlanError,
  rowsToLookUp,
  type CellValue,
  type CurrentTable,
  type PlanProblem,
} from "../../src/sales";

// A small layout: the plan only cares about keys, not about the ten base fields.
const KEYS = ["item_name", "quantity", "id"];

function table(rows: CellValue[][], extra: Partial<CurrentTable> = {}): CurrentTable {
  return {
    headers: [...KEYS, "note"],
    claretKeys: KEYS,
    claretCells: rows,
    sort: null,
    otherSortCells: new Map(),
    ...extra,
  };
}
const fresh = (rows: CellValue[][], keys = KEYS) => ({ keys, rows });
const problemOf = (f: () => unknown): PlanProblem => {
  try {
    f();
  } catch (e) {
    if (e instanceof RefreshPlanError) return e.problem;
    throw e;
  }
  throw new Error("no problem raised");
};

const OLD = [
  ["Merlot", 10, 1],
  ["Syrah", 20, 2],
  ["Rosé", 30, 3],
];

test("an unchanged table plans nothing: no cell written, no row moved", () => {
  const plan = planRefresh(table(OLD), fresh(OLD.map((r) => [...r])));
  expect(plan.updates).toEqual([]);
  expect(plan.removals).toEqual([]);
  expect(plan.insertions).toEqual([]);
  expect(plan.counts).toEqual({ updated: 0, added: 0, removed: 0, cellsChanged: 0 });
});

test("a changed quantity is one cell of its own row, found by id wherever the planner moved the row", () => {
  // the planner sorted the table: Rosé first; Claret still sends records in its own order
  const plan = planRefresh(
    table([OLD[2], OLD[0], OLD[1]]),
    fresh([
      ["Merlot", 10, 1],
      ["Syrah", 25, 2],
      ["Rosé", 30, 3],
    ])
  );
  expect(plan.updates).toEqual([{ row: 2, changes: [{ column: 1, value: 25, old: 20 }] }]);
  expect(plan.counts).toMatchObject({ updated: 1, cellsChanged: 1 });
});

test("a record gone from Claret is its row's removal; a new record goes after the kept rows", () => {
  const plan = planRefresh(
    table(OLD),
    fresh([
      ["Merlot", 10, 1],
      ["Rosé", 30, 3],
      ["Cava", 5, 9],
    ])
  );
  expect(plan.removals).toEqual([1]);
  expect(plan.keptRows).toBe(2);
  expect(plan.insertions).toEqual([{ before: 2, rows: [["Cava", 5, 9]] }]);
  expect(plan.counts).toMatchObject({ added: 1, removed: 1, updated: 0 });
});

describe("with the planner's sort", () => {
  const byQuantityDown = { fields: [{ column: 1, ascending: false }], matchCase: false };
  const sortedOld = [OLD[2], OLD[1], OLD[0]]; // 30, 20, 10

  test("a new record goes where the sort puts it, after rows with an equal key", () => {
    const plan = planRefresh(
      table(sortedOld, { sort: byQuantityDown }),
      fresh([...OLD, ["Cava", 20, 9], ["Port", 99, 8]])
    );
    expect(plan.insertions).toEqual([
      { before: 0, rows: [["Port", 99, 8]] },
      { before: 2, rows: [["Cava", 20, 9]] },
    ]);
    expect(plan.sortHolds).toBe(true);
  });

  test("a change that breaks the order is said, so reapplying the sort would move rows", () => {
    const plan = planRefresh(
      table(sortedOld, { sort: byQuantityDown }),
      fresh([["Merlot", 99, 1], OLD[1], OLD[2]])
    );
    expect(plan.sortHolds).toBe(false);
  });

  test("sorted by the planner's own column, new rows (blank there) go last", () => {
    const plan = planRefresh(
      table(OLD, {
        sort: { fields: [{ column: 3, ascending: true }], matchCase: false },
        otherSortCells: new Map([[3, ["a", "b", "c"]]]),
      }),
      fresh([...OLD, ["Cava", 1, 9]])
    );
    expect(plan.insertions).toEqual([{ before: 3, rows: [["Cava", 1, 9]] }]);
  });
});

describe("ids that cannot be matched stop the plan", () => {
  test("blank and duplicate ids name their rows", () => {
    const problem = problemOf(() =>
      planRefresh(
        table([
          ["Merlot", 10, 1],
          ["Typed by hand", 1, ""],
          ["Syrah", 20, 1],
          ["Rosé", 30, 3],
        ]),
        fresh(OLD)
      )
    );
    expect(problem).toEqual({ kind: "badIds", blank: [1], duplicates: [[0, 2]], idColumn: 2 });
  });

  test("a table without its id column is refused", () => {
    const t = table(OLD, { headers: ["item_name", "quantity", "note"] });
    expect(problemOf(() => planRefresh(t, fresh(OLD)))).toEqual({ kind: "noIdColumn" });
  });

  test("Claret sending one record twice is refused", () => {
    expect(problemOf(() => planRefresh(table(OLD), fresh([...OLD, OLD[0]])))).toEqual({
      kind: "duplicateRecords",
      ids: [1],
    });
  });
});

test("a new hierarchy key adds a column after the last Claret column; the planner's column moves right", () => {
  const keys = [...KEYS, "item_brand"];
  const plan = planRefresh(
    table(OLD),
    fresh(
      [
        ["Merlot", 10, 1, "Estate"],
        ["Syrah", 20, 2],
        ["Rosé", 30, 3, "Coast"],
      ],
      keys
    )
  );
  expect(plan.columnsToAdd).toEqual([
    expect.objectContaining({ key: "item_brand", header: "item_brand", at: 3 }),
  ]);
  expect(plan.headersAfter).toEqual(["item_name", "quantity", "id", "item_brand", "note"]);
  expect(plan.claretColumnsAfter).toEqual([0, 1, 2, 3]);
  expect(plan.addedColumnValues).toEqual([["Estate", "", "Coast"]]);
  expect(plan.updates).toEqual([]);
});

describe("keys that differ only in case", () => {
  test("get headers of their own, which one matcher tells apart", () => {
    expect(headerNames(["Brand", "brand", "BRAND"])).toEqual(["Brand", "brand (2)", "BRAND (3)"]);
    expect(findColumns(["Brand", "brand (2)"], ["brand (2)", "BRAND"])).toEqual([1, 0]);
  });

  test("are refreshed into their own columns", () => {
    const keys = ["id", "Brand", "brand"];
    const plan = planRefresh(
      {
        headers: ["id", "Brand", "brand (2)"],
        claretKeys: keys,
        claretCells: [[1, "Upper", "lower"]],
        sort: null,
        otherSortCells: new Map(),
      },
      fresh([[1, "Upper", "lower!"]], keys)
    );
    expect(plan.updates).toEqual([
      { row: 0, changes: [{ column: 2, value: "lower!", old: "lower" }] },
    ]);
    expect(plan.columnsToAdd).toEqual([]);
  });
});

describe("a table keeps one data row", () => {
  test("when every record is gone and new ones come, the last old row goes after they are in", () => {
    const plan = planRefresh(table(OLD), fresh([["Cava", 5, 9]]));
    expect(plan.removals).toEqual([0, 1]);
    expect(plan.placeholder).toEqual({ row: 2, then: "delete", removed: true });
    expect(plan.counts).toMatchObject({ removed: 3, added: 1 });
  });

  test("when every record is gone and none come, one emptied row stays", () => {
    const plan = planRefresh(table(OLD), fresh([]));
    expect(plan.placeholder).toEqual({ row: 2, then: "clear", removed: true });
  });

  test("the blank row of a table pulled empty is not a record: it is replaced, not reported removed", () => {
    const plan = planRefresh(table([["", "", ""]]), fresh([["Cava", 5, 9]]));
    expect(plan.placeholder).toEqual({ row: 0, then: "delete", removed: false });
    expect(plan.counts).toMatchObject({ removed: 0, added: 1 });
  });
});

describe("rows the stored query did not return are looked up at their own sell dates", () => {
  const DATED = ["sell_date", "quantity", "id"];
  const dated = (rows: CellValue[][]): CurrentTable => ({
    ...table(rows),
    headers: DATED,
    claretKeys: DATED,
  });

  test("each removed row's id and ISO sell date (a serial or ISO text), the table's sale type", () => {
    // 47484 = 2030-01-01 in the 1900 system; a cell that holds no date is not looked up by date
    const current = dated([
      [47484, 1, 10],
      ["2030-02-01", 2, 11],
      [45292, 3, 12],
      ["soon", 4, 13],
    ]);
    const plan = planRefresh(current, fresh([[45292, 3, 12]], DATED));
    expect(rowsToLookUp(current, plan, 1900)).toEqual([
      { rowIndex: 0, id: 10, sellDate: "2030-01-01", saleTypeName: null },
      { rowIndex: 1, id: 11, sellDate: "2030-02-01", saleTypeName: null },
      { rowIndex: 3, id: 13, sellDate: null, saleTypeName: null },
    ]);
  });

  test("the row kept as the table's last (the placeholder) is looked up too when it would go", () => {
    const current = dated([[47484, 1, 10]]);
    const plan = planRefresh(current, fresh([], DATED));
    expect(plan.placeholder).toMatchObject({ row: 0, removed: true });
    expect(rowsToLookUp(current, plan, 1900).map((r) => r.id)).toEqual([10]);
  });

  test("nothing to look up when every id was returned", () => {
    const current = dated([[47484, 1, 10]]);
    const plan = planRefresh(current, fresh([[47484, 1, 10]], DATED));
    expect(rowsToLookUp(current, plan, 1900)).toEqual([]);
  });
});
