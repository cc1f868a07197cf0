import { isIsoDate } from "../../src/claret/isoDate";
import {
  isoDateTimeToSerial,
  isoDateToSerial,
  serialToIsoDate,
  serialToIsoDateTime,
} from "../../src/sales";

describe("ISO dates to Excel serials, 1900 date system", () => {
  test("1900-01-01 is serial 1", () => expect(isoDateToSerial("1900-01-01", 1900)).toBe(1));
  test("1900-02-28 is serial 59, just before the phantom leap day", () =>
    expect(isoDateToSerial("1900-02-28", 1900)).toBe(59));
  test("1900-03-01 is serial 61, because Excel counts a 1900-02-29 that never existed", () =>
    expect(isoDateToSerial("1900-03-01", 1900)).toBe(61));
  test("2022-06-01 is serial 44713", () => expect(isoDateToSerial("2022-06-01", 1900)).toBe(44713));
  test("9999-12-31, the last date Excel knows, is serial 2958465", () =>
    expect(isoDateToSerial("9999-12-31", 1900)).toBe(2958465));
  test("a date before 1900 has no serial", () =>
    expect(isoDateToSerial("1899-12-31", 1900)).toBeNull());
  test("the default date system is 1900", () => expect(isoDateToSerial("2022-06-01")).toBe(44713));
});

describe("ISO dates to Excel serials, 1904 date system", () => {
  test("1904-01-01 is serial 0", () => expect(isoDateToSerial("1904-01-01", 1904)).toBe(0));
  test("2022-06-01 is 1462 less than in the 1900 system", () =>
    expect(isoDateToSerial("2022-06-01", 1904)).toBe(44713 - 1462));
  test("a date before 1904 has no serial", () =>
    expect(isoDateToSerial("1903-12-31", 1904)).toBeNull());
});

describe("strict date parsing", () => {
  test.each([
    "2023-02-30",
    "2023-02-29",
    "2022-13-01",
    "2022-00-10",
    "2022-06-00",
    "2022-6-1",
    "2022/06/01",
    "20220601",
    " 2022-06-01",
    "abcd-ef-gh",
    "",
  ])("%j is not a date", (text) => {
    expect(isIsoDate(text)).toBe(false);
    expect(isoDateToSerial(text)).toBeNull();
  });
  test("2024-02-29 is a date, 2024 being a leap year", () =>
    expect(isoDateToSerial("2024-02-29")).toBe(45351));
  test("2000-02-29 is a date, 2000 being divisible by 400", () =>
    expect(isIsoDate("2000-02-29")).toBe(true));
  test("1900-02-29 is not a date", () => expect(isIsoDate("1900-02-29")).toBe(false));
});

describe("Excel serials back to ISO dates", () => {
  test("serial 61 in the 1900 system is 1900-03-01", () =>
    expect(serialToIsoDate(61, 1900)).toBe("1900-03-01"));
  test("serial 59 in the 1900 system is 1900-02-28", () =>
    expect(serialToIsoDate(59, 1900)).toBe("1900-02-28"));
  test("serial 60, Excel's 1900-02-29, is no real date", () =>
    expect(serialToIsoDate(60, 1900)).toBeNull());
  test("serial 0 in the 1900 system is no real date", () =>
    expect(serialToIsoDate(0, 1900)).toBeNull());
  test("serial 0 in the 1904 system is 1904-01-01", () =>
    expect(serialToIsoDate(0, 1904)).toBe("1904-01-01"));
  test("a serial with a time of day reads back as its day", () =>
    expect(serialToIsoDate(44713.75, 1900)).toBe("2022-06-01"));
  test("every day from 1900-01-01 to 2100-12-31 round-trips in both systems", () => {
    const mismatches: string[] = [];
    for (let t = Date.UTC(1900, 0, 1); t <= Date.UTC(2100, 11, 31); t += 86_400_000) {
      const iso = new Date(t).toISOString().slice(0, 10);
      for (const system of [1900, 1904] as const) {
        const serial = isoDateToSerial(iso, system);
        if (serial === null) continue;
        if (serialToIsoDate(serial, system) !== iso) mismatches.push(`${iso}@${system}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
  test("consecutive days have consecutive serials except across the phantom 1900-02-29", () => {
    expect(isoDateToSerial("2020-01-01")! - isoDateToSerial("2019-12-31")!).toBe(1);
    expect(isoDateToSerial("1900-03-01")! - isoDateToSerial("1900-02-28")!).toBe(2);
  });
});

describe("timestamps to date-time serials", () => {
  test("Claret's timestamp with microseconds and Z keeps its UTC time of day as the fraction", () => {
    const serial = isoDateTimeToSerial("2021-09-28T16:51:44.000000Z", 1900)!;
    expect(Math.floor(serial)).toBe(isoDateToSerial("2021-09-28"));
    expect((serial - Math.floor(serial)) * 86400).toBeCloseTo(16 * 3600 + 51 * 60 + 44, 3);
  });
  test("noon is half a day", () =>
    expect(isoDateTimeToSerial("2022-06-01T12:00:00.000000Z")).toBe(44713.5));
  test("the same timestamp in the 1904 system is 1462 days less", () =>
    expect(isoDateTimeToSerial("2022-06-01T12:00:00Z", 1904)).toBe(44713.5 - 1462));
  test("an offset is converted to UTC", () =>
    expect(isoDateTimeToSerial("2022-06-01T14:00:00+02:00")).toBe(44713.5));
  test("a timestamp without a zone is read as UTC", () =>
    expect(isoDateTimeToSerial("2022-06-01 06:00:00")).toBe(44713.25));
  test.each([
    "2021-09-28T24:00:00Z",
    "2021-09-28T16:60:00Z",
    "2021-02-30T10:00:00Z",
    "2021-09-28T16:51:44.Z",
    "2021-09-28T16:51:44.000000ZZ",
    "2021-09-28T16:51",
  ])("%j is not a timestamp", (text) => expect(isoDateTimeToSerial(text)).toBeNull());
  test("a date-time serial reads back as Claret's timestamp shape", () =>
    expect(serialToIsoDateTime(isoDateTimeToSerial("2021-09-28T16:51:44.000000Z")!)).toBe(
      "2021-09-28T16:51:44.000000Z"
    ));
  test("milliseconds survive a round trip in the 1904 system", () =>
    expect(serialToIsoDateTime(isoDateTimeToSerial("2023-01-31T23:59:59.123Z", 1904)!, 1904)).toBe(
      "2023-01-31T23:59:59.123000Z"
    ));
});
