// `range.text`: a small rendering of number formats — General, '@', fixed decimals with optional
// thousands separators ("0", "0.00", "#,##0.00"), percentages ("0%", "0.0%") and dates/times
// built from y, m, d, h, s and AM/PM tokens. Anything else falls back to General.

import { CellError, type Scalar } from "./formula";
import { serialToParts } from "./dates";

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

export function isDateFormat(format: string | undefined): boolean {
  if (!format || format === "General" || format === "@") return false;
  const stripped = format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, "");
  return /[dmyhs]/i.test(stripped) && !/[0#]/.test(stripped.replace(/ss?\.0+/, ""));
}

function general(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e11) return String(n);
  const s = Number(n.toPrecision(10)).toString();
  return s.length > 11 ? n.toExponential(5).replace("e+", "E+").replace("e-", "E-") : s;
}

export function formatValue(v: Scalar, format: string | undefined, date1904: boolean): string {
  if (v instanceof CellError) return v.code;
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "string") return v;
  if (!format || format === "General" || format === "@") return general(v);
  if (isDateFormat(format)) return formatDate(v, format, date1904);
  const m = /^(#,##)?0(\.(0+))?(%)?$/.exec(format.split(";")[0]);
  if (!m) return general(v);
  const x = m[4] ? v * 100 : v;
  const decimals = m[3]?.length ?? 0;
  let s = Math.abs(x).toFixed(decimals);
  if (m[1]) {
    const [int, frac] = s.split(".");
    s = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac !== undefined ? "." + frac : "");
  }
  return (x < 0 ? "-" : "") + s + (m[4] ? "%" : "");
}

function formatDate(serial: number, format: string, date1904: boolean): string {
  if (serial < 0) return "#".repeat(8);
  const p = serialToParts(serial, date1904);
  const ampm = /AM\/PM/i.test(format);
  const pad = (n: number) => String(n).padStart(2, "0");
  const tokens =
    format
      .replace(/\\(.)/g, "$1")
      .match(/"[^"]*"|yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|AM\/PM|./gi) ?? [];
  let out = "";
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const low = t.toLowerCase();
    const prev =
      tokens
        .slice(0, i)
        .reverse()
        .find((x) => /^[a-z]/i.test(x))
        ?.toLowerCase() ?? "";
    const next =
      tokens
        .slice(i + 1)
        .find((x) => /^[a-z]/i.test(x))
        ?.toLowerCase() ?? "";
    const isMinute =
      (prev.startsWith("h") || next.startsWith("s")) && (low === "m" || low === "mm");
    if (t.startsWith('"')) out += t.slice(1, -1);
    else if (low === "yyyy") out += p.y;
    else if (low === "yy") out += pad(p.y % 100);
    else if (low === "mmmm") out += MONTH_NAMES[p.m - 1];
    else if (low === "mmm") out += MONTH_NAMES[p.m - 1].slice(0, 3);
    else if (isMinute) out += low === "mm" ? pad(p.min) : p.min;
    else if (low === "mm") out += pad(p.m);
    else if (low === "m") out += p.m;
    else if (low === "dd") out += pad(p.d);
    else if (low === "d") out += p.d;
    else if (low === "hh" || low === "h") {
      const h = ampm ? ((p.h + 11) % 12) + 1 : p.h;
      out += low === "hh" ? pad(h) : h;
    } else if (low === "ss") out += pad(p.s);
    else if (low === "s") out += p.s;
    else if (low === "am/pm") out += p.h < 12 ? "AM" : "PM";
    else out += t;
  }
  return out;
}
