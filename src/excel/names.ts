// Names Excel accepts for the tables and sheets a pull creates. Pure: no Office.js calls here.
import type { SalesQuery } from "../claret/types";

const MAX_TABLE_NAME = 255;
const MAX_SHEET_NAME = 31;

/** A name like A1, XFD1048576 or R1C1 is a cell reference, which Excel refuses as a table name. */
function looksLikeCellReference(name: string): boolean {
  return /^[A-Za-z]{1,3}\d+$/.test(name) || /^[Rr]\d*[Cc]\d*$/.test(name) || /^[RrCc]$/.test(name);
}

function sanitizeForTable(part: string): string {
  return part
    .replace(/[^\p{L}\p{N}_]+/gu, "_")
    .replace(/_+/g, "_")
    .replace(/^_|_$/g, "");
}

/** Table name derived from the query, e.g. `Claret_History_2020_01_01_1826d`. */
export function tableBaseName(query: SalesQuery): string {
  const parts = [
    "Claret",
    sanitizeForTable(query.saleTypeName) || "Sales",
    query.startDate.replace(/-/g, "_"),
    `${query.durationDays}d`,
  ];
  return parts.join("_").slice(0, MAX_TABLE_NAME);
}

/**
 * A table name not in `taken` (compared case-insensitively, as Excel does): `base`, else `base_2`, `base_3`, …
 * Table names share one namespace with defined names, so callers pass both.
 */
export function uniqueTableName(base: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  let clean = sanitizeForTable(base) || "Claret";
  if (!/^[\p{L}_]/u.test(clean) || looksLikeCellReference(clean)) clean = `T_${clean}`;
  clean = clean.slice(0, MAX_TABLE_NAME);
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? "" : `_${n}`;
    const candidate = clean.slice(0, MAX_TABLE_NAME - suffix.length) + suffix;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/** Sheet name derived from the query, e.g. `History 2020-01-01 1826d` (may be cut to 31 characters later). */
export function sheetBaseName(query: SalesQuery): string {
  return `${query.saleTypeName} ${query.startDate} ${query.durationDays}d`;
}

/**
 * A sheet name Excel accepts and not in `taken`: at most 31 characters, none of []:*?/\ , not starting or ending with
 * an apostrophe, not "History" (reserved by Excel). Duplicates get " (2)", " (3)", … within the 31 characters.
 */
export function uniqueSheetName(base: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  let clean = base
    .replace(/[[\]:*?/\\]/g, "_")
    .replace(/^'+|'+$/g, "")
    .trim();
  if (clean === "" || clean.toLowerCase() === "history") clean = `Claret ${clean}`.trim();
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? "" : ` (${n})`;
    const candidate =
      clean
        .slice(0, MAX_SHEET_NAME - suffix.length)
        .replace(/'+$/, "")
        .trimEnd() + suffix;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/** Column letters for a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A1 address of a block: 0-based first row/column, sizes in cells. */
export function blockAddress(
  firstRow: number,
  firstCol: number,
  rows: number,
  cols: number
): string {
  const a = `${columnLetter(firstCol)}${firstRow + 1}`;
  const b = `${columnLetter(firstCol + cols - 1)}${firstRow + rows}`;
  return a === b ? a : `${a}:${b}`;
}
