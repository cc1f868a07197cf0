import {
  tableBaseName,
  uniqueSheetName,
  uniqueTableName,
  sheetBaseName,
  blockAddress,
  columnLetter,
} from "../../src/excel/names";

const query = {
  saleTypeName: "History",
  startDate: "2020-01-01",
  durationDays: 1826,
  includeHierarchy: false,
};

describe("names of the table and sheet a pull creates", () => {
  test("the table is named after its query", () => {
    expect(uniqueTableName(tableBaseName(query), [])).toBe("Claret_History_2020_01_01_1826d");
  });

  test("a sale type with spaces and punctuation gives a valid table name", () => {
    const name = uniqueTableName(tableBaseName({ ...query, saleTypeName: "Forecast FY (v2)" }), []);
    expect(name).toBe("Claret_Forecast_FY_v2_2020_01_01_1826d");
    expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });

  test("a taken table name gets a numbered suffix, compared case-insensitively", () => {
    expect(
      uniqueTableName("Claret_History_2020_01_01_1826d", [
        "claret_history_2020_01_01_1826D",
        "Claret_History_2020_01_01_1826d_2",
      ])
    ).toBe("Claret_History_2020_01_01_1826d_3");
  });

  test("a name that looks like a cell reference is prefixed", () => {
    expect(uniqueTableName("AB12", [])).toBe("T_AB12");
    expect(uniqueTableName("R1C1", [])).toBe("T_R1C1");
  });

  test("a table name never exceeds 255 characters, suffix included", () => {
    const long = "X".repeat(300);
    expect(uniqueTableName(long, [long.slice(0, 255)])).toHaveLength(255);
  });

  test("a sheet name drops characters Excel forbids and fits 31 characters", () => {
    const name = uniqueSheetName(
      sheetBaseName({ ...query, saleTypeName: "Forecast [a/b]: *?\\ long sale type" }),
      []
    );
    expect(name.length).toBeLessThanOrEqual(31);
    expect(name).not.toMatch(/[[\]:*?/\\]/);
  });

  test('a taken sheet name gets " (2)" within 31 characters', () => {
    const base = sheetBaseName({ ...query, saleTypeName: "A very long sale type name" });
    const first = uniqueSheetName(base, []);
    const second = uniqueSheetName(base, [first]);
    expect(second.endsWith(" (2)")).toBe(true);
    expect(second.length).toBeLessThanOrEqual(31);
  });

  test('the reserved sheet name "History" is avoided', () => {
    expect(uniqueSheetName("History", []).toLowerCase()).not.toBe("history");
  });

  test("block addresses use column letters beyond Z", () => {
    expect(columnLetter(0)).toBe("A");
    expect(columnLetter(25)).toBe("Z");
    expect(columnLetter(26)).toBe("AA");
    expect(columnLetter(51)).toBe("AZ");
    expect(columnLetter(701)).toBe("ZZ");
    expect(columnLetter(702)).toBe("AAA");
    expect(columnLetter(16383)).toBe("XFD");
    expect(blockAddress(1, 0, 1000, 16)).toBe("A2:P1001");
    expect(blockAddress(0, 2, 1, 1)).toBe("C1");
  });
});
