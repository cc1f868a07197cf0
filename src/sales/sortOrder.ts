// Excel's sort order for a table column, so the add-in can put a new row where table.sort.reapply() would: numbers,
// then text (case-insensitive unless matchCase), then logicals; blank cells last in either direction.
// Excel's sort is stable: rows with equal keys keep their order.
import type { CellValue } from "./rows";

type SortValue = CellValue | undefined;

const COLLATOR = new Intl.Collator("en", { sensitivity: "base" });
const COLLATOR_CASE = new Intl.Collator("en", { sensitivity: "case", caseFirst: "lower" });

function kind(v: SortValue): number {
  if (v === "" || v === null || v === undefined) return 4;
  if (typeof v === "number") return 0;
  if (typeof v === "boolean") return 2;
  return 1; // text (an error value read back as "#N/A" sorts as text here: Claret's columns hold no formulas)
}

export interface SortKey {
  ascending: boolean;
}

/** <0 when a sorts before b under one key. */
export function compareForSort(
  a: SortValue,
  b: SortValue,
  ascending: boolean,
  matchCase = false
): number {
  const ka = kind(a);
  const kb = kind(b);
  if (ka === 4 || kb === 4) return ka === kb ? 0 : ka === 4 ? 1 : -1;
  let d: number;
  if (ka !== kb) d = ka - kb;
  else if (ka === 0) d = (a as number) - (b as number);
  else if (ka === 1) d = (matchCase ? COLLATOR_CASE : COLLATOR).compare(a as string, b as string);
  else if (ka === 2) d = Number(a) - Number(b);
  else d = 0;
  return ascending ? d : -d;
}

/** Compares two rows' key values field by field. */
export function compareKeys(
  a: readonly SortValue[],
  b: readonly SortValue[],
  keys: readonly SortKey[],
  matchCase = false
): number {
  for (let k = 0; k < keys.length; k++) {
    const d = compareForSort(a[k], b[k], keys[k].ascending, matchCase);
    if (d !== 0) return d;
  }
  return 0;
}
