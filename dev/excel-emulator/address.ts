// A1 addresses: parsing and formatting, with Excel's sheet limits and sheet-name quoting.

import { ErrorCodes, officeError } from "./errors";

export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** A rectangle of cells, 0-based and inclusive. */
export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export interface ParsedAddress extends Rect {
  /** sheet name given in the address ("Sheet1!A1"), unquoted */
  sheet?: string;
}

export function columnName(c: number): string {
  let n = c + 1;
  let s = "";
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function columnIndex(name: string): number {
  let n = 0;
  for (const ch of name.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Excel quotes a sheet name in an address unless it is a plain identifier that cannot be read as a cell. */
export function quoteSheetName(name: string): string {
  const plain = /^[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_.\u00C0-\uFFFF]*$/.test(name);
  const looksLikeCell =
    /^[A-Za-z]{1,3}\d+$/.test(name) || /^[Rr]\d*([Cc]\d*)?$/.test(name) || /^[Cc]\d*$/.test(name);
  if (plain && !looksLikeCell) return name;
  return `'${name.replace(/'/g, "''")}'`;
}

export function cellAddress(r: number, c: number): string {
  return `${columnName(c)}${r + 1}`;
}

export function formatRect(rect: Rect): string {
  const wholeCols = rect.r0 === 0 && rect.r1 === MAX_ROWS - 1;
  const wholeRows = rect.c0 === 0 && rect.c1 === MAX_COLUMNS - 1;
  if (wholeRows) return `${rect.r0 + 1}:${rect.r1 + 1}`;
  if (wholeCols) return `${columnName(rect.c0)}:${columnName(rect.c1)}`;
  const a = cellAddress(rect.r0, rect.c0);
  if (rect.r0 === rect.r1 && rect.c0 === rect.c1) return a;
  return `${a}:${cellAddress(rect.r1, rect.c1)}`;
}

export function formatAddress(sheet: string, rect: Rect): string {
  return `${quoteSheetName(sheet)}!${formatRect(rect)}`;
}

function invalid(address: string, why: string) {
  return officeError(ErrorCodes.invalidArgument, `The address '${address}' is not valid: ${why}.`);
}

/** Splits "Sheet1!A1:B2" or "'My Sheet'!A1" into sheet and local part. */
export function splitSheet(address: string): { sheet?: string; local: string } {
  const s = address.trim();
  if (s.startsWith("'")) {
    let i = 1;
    let name = "";
    while (i < s.length) {
      if (s[i] === "'") {
        if (s[i + 1] === "'") {
          name += "'";
          i += 2;
          continue;
        }
        break;
      }
      name += s[i++];
    }
    if (s[i + 1] !== "!") throw invalid(address, 'a quoted sheet name must be followed by "!"');
    return { sheet: name, local: s.slice(i + 2) };
  }
  const bang = s.lastIndexOf("!");
  if (bang >= 0) return { sheet: s.slice(0, bang), local: s.slice(bang + 1) };
  return { local: s };
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const COL = /^\$?([A-Za-z]{1,3})$/;
const ROW = /^\$?(\d{1,7})$/;

/** Parses one area ("A1", "A1:B2", "A:C", "3:5", optionally with a sheet prefix). */
export function parseAddress(address: string): ParsedAddress {
  const { sheet, local } = splitSheet(address);
  const parts = local.split(":");
  if (parts.length > 2 || parts[0] === "")
    throw invalid(address, "expected a form like A1, A1:B2, A:A or 1:1");
  const [a, b = a] = parts;
  let rect: Rect;
  const ca = CELL.exec(a);
  const cb = CELL.exec(b);
  if (ca && cb) {
    rect = { r0: +ca[2] - 1, c0: columnIndex(ca[1]), r1: +cb[2] - 1, c1: columnIndex(cb[1]) };
  } else if (parts.length === 2 && COL.test(a) && COL.test(b)) {
    rect = {
      r0: 0,
      r1: MAX_ROWS - 1,
      c0: columnIndex(COL.exec(a)![1]),
      c1: columnIndex(COL.exec(b)![1]),
    };
  } else if (parts.length === 2 && ROW.test(a) && ROW.test(b)) {
    rect = { c0: 0, c1: MAX_COLUMNS - 1, r0: +ROW.exec(a)![1] - 1, r1: +ROW.exec(b)![1] - 1 };
  } else {
    throw invalid(address, "expected a form like A1, A1:B2, A:A or 1:1");
  }
  rect = normalise(rect);
  checkRect(rect, address);
  return sheet === undefined ? rect : { ...rect, sheet };
}

/** Splits a multi-area address "A1:B3,D1:D3" (commas inside quoted sheet names are kept). */
export function splitAreas(address: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (const ch of address) {
    if (ch === "'") quoted = !quoted;
    if (ch === "," && !quoted) {
      out.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function normalise(r: Rect): Rect {
  return {
    r0: Math.min(r.r0, r.r1),
    r1: Math.max(r.r0, r.r1),
    c0: Math.min(r.c0, r.c1),
    c1: Math.max(r.c0, r.c1),
  };
}

export function checkRect(r: Rect, what: string): void {
  if (r.r0 < 0 || r.c0 < 0) throw invalid(what, "rows and columns start at 1 and A");
  if (r.r1 >= MAX_ROWS)
    throw invalid(what, `a worksheet has ${MAX_ROWS.toLocaleString("en-US")} rows`);
  if (r.c1 >= MAX_COLUMNS)
    throw invalid(what, `a worksheet has ${MAX_COLUMNS.toLocaleString("en-US")} columns (A:XFD)`);
}

export function rectRows(r: Rect): number {
  return r.r1 - r.r0 + 1;
}
export function rectCols(r: Rect): number {
  return r.c1 - r.c0 + 1;
}
export function intersects(a: Rect, b: Rect): boolean {
  return a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}
export function intersection(a: Rect, b: Rect): Rect | null {
  if (!intersects(a, b)) return null;
  return {
    r0: Math.max(a.r0, b.r0),
    c0: Math.max(a.c0, b.c0),
    r1: Math.min(a.r1, b.r1),
    c1: Math.min(a.c1, b.c1),
  };
}
export function contains(outer: Rect, inner: Rect): boolean {
  return (
    outer.r0 <= inner.r0 && outer.c0 <= inner.c0 && outer.r1 >= inner.r1 && outer.c1 >= inner.c1
  );
}
