// What Excel does with a value written to a cell (by a person typing or by `range.values`):
// text-formatted cells ('@') keep strings literally; otherwise '=', '+' and '@' start formulas,
// number-looking strings become numbers, date-looking strings become date serials with a date
// format, TRUE/FALSE become booleans, error literals become errors.

import { CellError, cellError, isErrorLiteral, type Scalar } from "./formula";
import { ErrorCodes, officeError } from "./errors";
import { dateToSerial } from "./dates";

export interface ParsedInput {
  value?: Scalar;
  formula?: string;
  /** number format Excel applies because of the input (a date typed into a General cell) */
  impliedFormat?: string;
}

const NUMBER = /^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?$/;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function parseNumber(s: string): number | null {
  const t = s.trim();
  if (t === "" || !/\d/.test(t)) return null;
  if (t.endsWith("%")) {
    const n = parseNumber(t.slice(0, -1));
    return n === null ? null : n / 100;
  }
  if (!NUMBER.test(t)) return null;
  const n = Number(t.replace(/,/g, ""));
  return Number.isFinite(n) ? n : null;
}

/** Dates as en-US Excel reads them: 2024-03-01, 3/1/2024, 3/1, 1-2 (month-day), 1-Jan, 1-Jan-2024. */
const THIS_YEAR = new Date().getFullYear();

function parseDate(s: string): { y: number; m: number; d: number; format: string } | null {
  const t = s.trim();
  const year = THIS_YEAR;
  let m: RegExpExecArray | null;
  const ok = (y: number, mo: number, d: number) =>
    mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
  const fullYear = (y: string) => (y.length <= 2 ? (+y < 30 ? 2000 + +y : 1900 + +y) : +y);
  if ((m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(t)) && ok(+m[1], +m[2], +m[3]))
    return { y: +m[1], m: +m[2], d: +m[3], format: "m/d/yyyy" };
  if ((m = /^(\d{1,2})[-/](\d{1,2})[-/](\d{2}|\d{4})$/.exec(t)) && ok(fullYear(m[3]), +m[1], +m[2]))
    return { y: fullYear(m[3]), m: +m[1], d: +m[2], format: "m/d/yyyy" };
  if ((m = /^(\d{1,2})[-/](\d{1,2})$/.exec(t)) && ok(year, +m[1], +m[2]))
    return { y: year, m: +m[1], d: +m[2], format: "d-mmm" };
  if ((m = /^(\d{1,2})[- ]([A-Za-z]{3,9})(?:[- ](\d{2}|\d{4}))?$/.exec(t))) {
    const mo = MONTHS.indexOf(m[2].slice(0, 3).toLowerCase()) + 1;
    const y = m[3] ? fullYear(m[3]) : year;
    if (mo > 0 && ok(y, mo, +m[1]))
      return { y, m: mo, d: +m[1], format: m[3] ? "d-mmm-yy" : "d-mmm" };
  }
  return null;
}

/**
 * Interprets one input for a cell whose current number format is `format`.
 * Returns null for "leave the cell unchanged" (null/undefined, and NaN/Infinity which JSON turns into null).
 */
export function parseInput(
  input: unknown,
  format: string | undefined,
  date1904: boolean,
  where: string
): ParsedInput | null {
  if (input === null || input === undefined) return null;
  if (typeof input === "number") return Number.isFinite(input) ? { value: input } : null;
  if (typeof input === "boolean") return { value: input };
  if (input instanceof CellError) return { value: input };
  if (input instanceof Date) input = input.toJSON(); // Office.js serialises a Date to its JSON string
  if (typeof input !== "string") {
    throw officeError(
      ErrorCodes.invalidArgument,
      `The value for ${where} must be a number, string or boolean; got ${Array.isArray(input) ? "an array" : typeof input}.`
    );
  }
  const s = input;
  if (s.length > 32767)
    throw officeError(
      ErrorCodes.invalidArgument,
      `The text for ${where} is longer than Excel's 32,767 characters per cell.`
    );
  if (format === "@" || s === "") return { value: s };
  const first = s[0];
  // fast path: text starting with a letter other than t/f (TRUE/FALSE) is plain text
  const code = s.charCodeAt(0);
  if (((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) && !/^[tTfF]/.test(first))
    return { value: s };
  if (first === "=" && s.length > 1) return { formula: s };
  if (first === "@" && s.length > 1) return { formula: "=" + s.slice(1) };
  if (first === "+" && s.length > 1) return { formula: "=" + s };
  const n = parseNumber(s);
  if (n !== null)
    return s.trim().endsWith("%") && isGeneral(format)
      ? { value: n, impliedFormat: "0%" }
      : { value: n };
  // "-3" is the number -3 (handled above); "-A1" or "-x" is a formula, as when typed
  if (first === "-" && s.length > 1) return { formula: "=" + s };
  if (/^(true|false)$/i.test(s.trim())) return { value: s.trim().toLowerCase() === "true" };
  if (isErrorLiteral(s.trim())) return { value: cellError(s.trim()) };
  const d = parseDate(s);
  if (d) {
    const serial = dateToSerial(d.y, d.m, d.d, date1904);
    return isGeneral(format) ? { value: serial, impliedFormat: d.format } : { value: serial };
  }
  return { value: s };
}

export function isGeneral(format: string | undefined): boolean {
  return format === undefined || format === "General";
}
