// The one YYYY-MM-DD rule and real-date check (src/claret/isoDate.ts) that the client, the stored
// query, the Excel date conversion, push validation and the pull form all use.
import { hasIsoDateShape, isIsoDate } from "../../src/claret/isoDate";
import { validateSalesQuery } from "../../src/claret";
import { parseIsoDate } from "../../src/taskpane/formValidation";
import { isoDateToSerial } from "../../src/sales";

test.each(["2024-02-29", "2000-02-29", "2022-12-31", "0001-01-01"])("%s is a date", (text) => {
  expect([hasIsoDateShape(text), isIsoDate(text)]).toEqual([true, true]);
});

test.each(["2023-02-29", "1900-02-29", "2022-13-01", "2022-04-31", "2022-00-10", "2022-01-00"])(
  "%s has the shape but is no real date",
  (text) => expect([hasIsoDateShape(text), isIsoDate(text)]).toEqual([true, false])
);

test.each(["2022-6-1", "20220601", " 2022-06-01", "2022-06-01T00:00", "２０２２-06-01", ""])(
  "%j is not YYYY-MM-DD",
  (text) => expect([hasIsoDateShape(text), isIsoDate(text)]).toEqual([false, false])
);

test("the client, the pull form and the Excel conversion agree on every case", () => {
  for (const text of ["2024-02-29", "2023-02-29", "2022-13-01", "2022-6-1"]) {
    const real = isIsoDate(text);
    expect(parseIsoDate(text) !== null).toBe(real);
    expect(isoDateToSerial(text) !== null).toBe(real);
    const query = {
      saleTypeName: "History",
      startDate: text,
      durationDays: 1,
      includeHierarchy: false,
    };
    if (real) expect(() => validateSalesQuery(query)).not.toThrow();
    else expect(() => validateSalesQuery(query)).toThrow(/start date/i);
  }
});
