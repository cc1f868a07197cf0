// Table headers: Excel keeps a table's header names unique without regard to case ("Brand" and "brand" cannot both
// be headers; Excel renames the second "brand2"). Claret's record keys are case-sensitive, so the layout gives each
// key a header of its own, and every lookup of a column by name goes through findColumns, which compares as Excel does.

/** Header text per key: the key itself, or "key (2)", "key (3)"… when an earlier header already has it in another case. */
export function headerNames(keys: readonly string[], taken: readonly string[] = []): string[] {
  const used = new Set(taken.map((t) => t.toLowerCase()));
  return keys.map((key) => {
    let name = key;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${key} (${n})`;
    used.add(name.toLowerCase());
    return name;
  });
}

/** The index of each name among the headers (compared case-insensitively, as Excel does), or -1. */
export function findColumns(headers: readonly string[], names: readonly string[]): number[] {
  const at = new Map<string, number>();
  headers.forEach((h, i) => {
    const low = h.toLowerCase();
    if (!at.has(low)) at.set(low, i);
  });
  return names.map((n) => at.get(n.toLowerCase()) ?? -1);
}
