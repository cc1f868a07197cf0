// A1 addresses: parsing what Office.js returns ("Sheet1!A2:J40", "'Q1 plan'!B:D", "Sheet1!3:5")
// and formatting cell addresses for messages ("D7"). Pure helpers, no Office.js calls.

import { blockAddress, columnLetter } from "./names";

/** Excel's grid limits (every Excel version since 2007). */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** A rectangle of cells, 0-based and inclusive on both ends. */
export interface CellBlock {
  firstRow: number;
  firstColumn: number;
  lastRow: number;
  lastColumn: number;
}

/** "A" → 0, "AA" → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

// Push validation names a cell in every warning (thousands per selection): the letters of the
// first columns are kept rather than rebuilt each time.
const LETTERS_KEPT = 1024;
const keptLetters: string[] = [];

/** (6, 3) → "D7" */
export function cellA1(row0: number, column0: number): string {
  let letters = column0 >= 0 && column0 < LETTERS_KEPT ? keptLetters[column0] : undefined;
  if (letters === undefined) {
    letters = columnLetter(column0);
    if (column0 >= 0 && column0 < LETTERS_KEPT) keptLetters[column0] = letters;
  }
  return letters + (row0 + 1);
}

/** A block as an A1 address without the sheet name: "A2:J40", or "D7" for one cell. */
export function blockA1(block: CellBlock): string {
  return blockAddress(
    block.firstRow,
    block.firstColumn,
    block.lastRow - block.firstRow + 1,
    block.lastColumn - block.firstColumn + 1
  );
}

/**
 * Splits a comma-separated list of areas ("Sheet1!A1:B3,Sheet1!D1:D3") into its areas. Commas
 * inside a quoted sheet name ('Plan, 2024'!A1) do not split.
 */
export function splitAreas(addressList: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of addressList) {
    if (ch === "'") quoted = !quoted; // a doubled '' inside a name toggles twice: still right
    if (ch === "," && !quoted) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  if (current !== "") parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

/** Drops the sheet part of "Sheet1!A2:J40" or "'My sheet'!A2" → "A2:J40" / "A2". */
export function withoutSheet(address: string): string {
  const bang = address.lastIndexOf("!");
  return bang < 0 ? address : address.slice(bang + 1);
}

/**
 * Parses one area ("Sheet1!A2:J40", "B:D" for whole columns, "3:5" for whole rows, "$A$1") into
 * a block. Throws on anything else; callers pass addresses Office.js produced.
 */
export function parseBlock(address: string): CellBlock {
  const local = withoutSheet(address).replace(/\$/g, "").toUpperCase();
  const [a, b = a] = local.split(":");
  const start = parseRef(a, "start");
  const end = parseRef(b, "end");
  return {
    firstRow: start.row,
    firstColumn: start.column,
    lastRow: end.row,
    lastColumn: end.column,
  };
}

function parseRef(ref: string, side: "start" | "end"): { row: number; column: number } {
  const m = /^([A-Z]*)(\d*)$/.exec(ref);
  if (!m || (m[1] === "" && m[2] === "")) throw new Error(`Not an A1 address: "${ref}"`);
  const column = m[1] === "" ? (side === "start" ? 0 : MAX_COLUMNS - 1) : columnIndex(m[1]);
  const row = m[2] === "" ? (side === "start" ? 0 : MAX_ROWS - 1) : Number(m[2]) - 1;
  return { row, column };
}

/** The overlap of two blocks, or null when they do not touch. */
export function intersect(a: CellBlock, b: CellBlock): CellBlock | null {
  const block = {
    firstRow: Math.max(a.firstRow, b.firstRow),
    firstColumn: Math.max(a.firstColumn, b.firstColumn),
    lastRow: Math.min(a.lastRow, b.lastRow),
    lastColumn: Math.min(a.lastColumn, b.lastColumn),
  };
  return block.firstRow <= block.lastRow && block.firstColumn <= block.lastColumn ? block : null;
}
