// How counts appear in every sentence the planner reads: "1,234", "1 row", "2,500 rows".
// Always en-US digit grouping, whatever the browser's locale, so messages read the same everywhere.

const FORMAT = new Intl.NumberFormat("en-US");

/** 1234 → "1,234" */
export function formatCount(n: number): string {
  return FORMAT.format(n);
}

/** countOf(1, "row") → "1 row", countOf(2500, "row") → "2,500 rows" (regular plurals only) */
export function countOf(n: number, noun: string): string {
  return `${FORMAT.format(n)} ${noun}${n === 1 ? "" : "s"}`;
}
