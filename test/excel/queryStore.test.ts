import {
  MAX_PROPERTY_VALUE,
  parseStoredQuery,
  queryPropertyKey,
  serializeStoredQuery,
  storedQueryEntries,
} from "../../src/excel/queryStore";
import {
  readActiveTableQuery,
  readClaretTables,
  storeRefreshOnOpen,
} from "../../src/excel/queryStore";
import { installExcelHost } from "../helpers/excelHost";

const stored = {
  tableName: "Claret_History_2020_01_01_1826d",
  endpoint: { baseUrl: "https://plan.claret.app", tenant: "demo" },
  query: {
    saleTypeName: "History",
    startDate: "2020-01-01",
    durationDays: 1826,
    includeHierarchy: true,
  },
  claretColumns: ["sell_date", "item_name"],
};

describe("the query stored with a table", () => {
  test("round-trips through its text form", () => {
    expect(parseStoredQuery(serializeStoredQuery(stored))).toEqual(stored);
  });

  test("never carries a token, even when handed a session as the endpoint", () => {
    const text = serializeStoredQuery({
      ...stored,
      endpoint: { ...stored.endpoint, token: "1|secretsecretsecret" } as never,
    });
    expect(text).not.toContain("secret");
    expect(text).not.toContain("token");
  });

  test("carries the workbook's date system when known; a query stored without it (or with a value not 1900/1904) still loads", () => {
    expect(parseStoredQuery(serializeStoredQuery({ ...stored, dateSystem: 1904 }))).toEqual({
      ...stored,
      dateSystem: 1904,
    });
    expect(serializeStoredQuery(stored)).not.toContain("dateSystem");
    const odd = serializeStoredQuery(stored).replace(/}$/, ',"dateSystem":1901}');
    expect(parseStoredQuery(odd)).toEqual(stored);
  });

  test("text that is not a stored query reads as none", () => {
    expect(parseStoredQuery('{"v":1}')).toBeNull();
    expect(parseStoredQuery("not json")).toBeNull();
  });
});

describe("stored in worksheet custom properties of at most 255 characters (office-js#4530)", () => {
  const withColumns = (n: number, name = (i: number) => `hierarchy level ${i} name`) => ({
    ...stored,
    claretColumns: Array.from({ length: n }, (_, i) => name(i)),
  });

  /** Stores `entries` on a sheet with a table, saves and reopens, and reads the stored query back as refresh does. */
  async function storeAndReopen(
    entries: Array<[string, string]> | ((tableId: string) => Array<[string, string]>)
  ) {
    const host = installExcelHost();
    host.setValues("Sheet1", "A1:B2", [
      ["sell_date", "item_name"],
      [1, "x"],
    ]);
    host.addTable("Sheet1", "A1:B2", "Claret_History_2020_01_01_1826d");
    await Excel.run(async (context) => {
      const table = context.workbook.tables.getItem("Claret_History_2020_01_01_1826d");
      table.load("id");
      await context.sync();
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      for (const [k, v] of typeof entries === "function" ? entries(table.id) : entries)
        sheet.customProperties.add(k, v);
      await context.sync();
    });
    host.saveAndReopen();
    return readActiveTableQuery();
  }

  test.each([2, 14, 60, 400])(
    "a query with %i columns is split into values of at most 255 characters",
    (n) => {
      const entries = storedQueryEntries("{0A1B}", withColumns(n));
      expect(entries.every(([, v]) => v.length <= MAX_PROPERTY_VALUE)).toBe(true);
      expect(entries[0][0]).toBe(queryPropertyKey("{0A1B}"));
      expect(entries[0][1]).toMatch(new RegExp(`^2:${entries.length}:`));
    }
  );

  test("a long query survives save and reopen, which cuts every value to 255 characters", async () => {
    const long = withColumns(40, (i) => `niveau ${i} — 🍷 cépage`);
    const found = await storeAndReopen((id) => storedQueryEntries(id, long));
    expect(found?.stored).toEqual(long);
  });

  test("no value ends in half of a surrogate pair (🍷 is two UTF-16 code units)", () => {
    for (let pad = 0; pad < 6; pad++) {
      const entries = storedQueryEntries(
        "7",
        withColumns(30, (i) => `${"x".repeat(pad)}🍷${i}`)
      );
      for (const [, v] of entries) {
        const last = v.charCodeAt(v.length - 1);
        expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
      }
      expect(
        parseStoredQuery(
          entries.map(([, v], i) => (i === 0 ? v.replace(/^2:\d+:/, "") : v)).join("")
        )
      ).toEqual(withColumns(30, (i) => `${"x".repeat(pad)}🍷${i}`));
    }
  });

  test("a query of the first version (one JSON value) is still read when it survived", async () => {
    const short = { ...stored, tableName: "T", claretColumns: ["sell_date"] };
    expect(serializeStoredQuery(short).length).toBeLessThanOrEqual(255);
    const found = await storeAndReopen((id) => [
      [queryPropertyKey(id), serializeStoredQuery(short)],
    ]);
    expect(found?.stored).toEqual({ ...short, tableName: stored.tableName });
  });

  test("a query of the first version cut to 255 characters reads as none", async () => {
    const found = await storeAndReopen((id) => [
      [queryPropertyKey(id), serializeStoredQuery(stored)],
    ]);
    expect(found).toBeNull();
  });

  test("a query with a part missing reads as none, not as a wrong query", async () => {
    const found = await storeAndReopen((id) =>
      storedQueryEntries(id, withColumns(14)).slice(0, -1)
    );
    expect(found).toBeNull();
  });
});

describe("every Claret table of the workbook", () => {
  /** A table on `sheet` whose query is stored with it (as a pull leaves it); returns the table's id. */
  async function claretTable(sheet: string, tableName: string, extra: object = {}) {
    const host = installed;
    host.addSheet(sheet);
    host.setValues(sheet, "B3:C4", [
      ["sell_date", "item_name"],
      [1, "x"],
    ]);
    host.addTable(sheet, "B3:C4", tableName);
    return Excel.run(async (context) => {
      const table = context.workbook.tables.getItem(tableName).load("id");
      await context.sync();
      const ws = context.workbook.worksheets.getItem(sheet);
      for (const [k, v] of storedQueryEntries(table.id, { ...stored, tableName, ...extra }))
        ws.customProperties.add(k, v);
      await context.sync();
      return table.id;
    });
  }
  let installed: ReturnType<typeof installExcelHost>;
  beforeEach(() => {
    installed = installExcelHost();
  });

  test("are found on every sheet, in sheet order, whichever sheet is active; other tables are not Claret's", async () => {
    await claretTable("Sales history", "Claret_History");
    installed.addSheet("Notes");
    installed.setValues("Notes", "A1:A2", [["note"], ["x"]]);
    installed.addTable("Notes", "A1:A2", "MyNotes");
    await claretTable("Budget", "Claret_Budget");
    installed.activate("Notes");
    const found = await readClaretTables();
    expect(found.map((t) => [t.sheetName, t.tableName])).toEqual([
      ["Sales history", "Claret_History"],
      ["Budget", "Claret_Budget"],
    ]);
    expect(found[1].stored.query).toEqual(stored.query);
  });

  test("a workbook without Claret tables has none", async () => {
    expect(await readClaretTables()).toEqual([]);
  });

  test("'refresh when this workbook opens' is stored with the table's query and survives save and reopen", async () => {
    const id = await claretTable("Sales history", "Claret_History");
    await claretTable("Budget", "Claret_Budget");
    expect(
      await storeRefreshOnOpen({ sheetName: "Sales history", tableId: id }, true)
    ).toMatchObject({
      tableName: "Claret_History",
      refreshOnOpen: true,
    });
    installed.saveAndReopen();
    const found = await readClaretTables();
    expect(found.map((t) => t.stored.refreshOnOpen === true)).toEqual([true, false]);
    expect(found[0].stored).toEqual({
      ...stored,
      tableName: "Claret_History",
      refreshOnOpen: true,
    });

    await storeRefreshOnOpen({ sheetName: "Sales history", tableId: id }, false);
    expect((await readClaretTables())[0].stored).toEqual({
      ...stored,
      tableName: "Claret_History",
    });
  });

  test("a table that is gone stores nothing and says so", async () => {
    await claretTable("Sales history", "Claret_History");
    expect(
      await storeRefreshOnOpen({ sheetName: "Sales history", tableId: "no-such-id" }, true)
    ).toBeNull();
  });

  test("a query stored without the choice (before it existed) reads as not refreshed at open", () => {
    const text = serializeStoredQuery(stored);
    expect(text).not.toContain("refreshOnOpen");
    expect(parseStoredQuery(text)).toEqual(stored);
    expect(parseStoredQuery(serializeStoredQuery({ ...stored, refreshOnOpen: true }))).toEqual({
      ...stored,
      refreshOnOpen: true,
    });
  });
});
