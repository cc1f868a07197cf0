// The one YYYY-MM-DD rule (Claret's wire format for start_date and sell_date, claret-api.md) and the
// one calendar check, used by the client, the stored query, the Excel date conversion, push
// validation and the pull form (through workflows). It lives in src/claret, the layer that defines the
// format and imports no other layer: src/sales already imports claret's types, so a home in sales
// would make the two folders import each other.

const ISO_DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** True when `text` has the shape YYYY-MM-DD (digits only), real date or not. */
export function hasIsoDateShape(text: string): boolean {
  return ISO_DATE_SHAPE.test(text);
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month of the proleptic Gregorian calendar (month 1-12). */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month];
}

/** True when year, month, day name a real calendar day. */
export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    year >= 0 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** True when `text` is exactly YYYY-MM-DD and a real calendar date (2023-02-29 and 2022-13-01 are not). */
export function isIsoDate(text: string): boolean {
  if (!hasIsoDateShape(text)) return false;
  return isRealDate(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));
}
