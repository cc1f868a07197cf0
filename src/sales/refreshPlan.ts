// The plan of a refresh, worked out before anything in the workbook changes: the old table's rows are matched to
// Claret's records by `id`, so every record still in Claret keeps its row. The plan says which Claret cells changed
// (only those are written), which rows go (records gone from Claret), which records are new and where they go (at
// the end, or where the table's sort puts them), and which Claret columns the table gains. Pure: it calls no Excel API.
import { columnSpec, type ColumnSpec } from "./columns";
import type { DateSystem } from "./excelDates";
import { findColumns, headerNames } from "./headers";
import { isoDateOf, type UnmatchedRow } from "./pushChanges";
import type { CellValue } from "./rows";
import { compareKeys } from "./sortOrder";

export interface TableSortState {
  /** table column indexes (before any column is added) */
  fields: Array<{ column: number; ascending: boolean }>;
  matchCase: boolean;
}

/** The table as it is now, read before the refresh. */
export interface CurrentTable {
  headers: readonly string[];
  /** the Claret keys stored with the table, in layout order */
  claretKeys: readonly string[];
  /** per data row, the cell of each of claretKeys' columns ("" where that column is missing from the table) */
  claretCells: readonly (readonly CellValue[])[];
  sort: TableSortState | null;
  /** per data row, the values of sort-key columns that are not Claret's, by table column */
  otherSortCells: ReadonlyMap<number, readonly CellValue[]>;
}

/** Claret's records as rows: `keys` (the stored keys first, new hierarchy keys after), one row per record. */
export interface FreshRecords {
  keys: readonly string[];
  /** rows laid out by `keys`; a row may be shorter than keys (a key first seen on a later page): "" */
  rows: readonly (readonly CellValue[])[];
}

export type PlanProblem =
  | { kind: "noIdColumn" }
  /** 0-based data rows: blank or non-numeric ids, and groups of rows sharing one id */
  | { kind: "badIds"; blank: number[]; duplicates: number[][]; idColumn: number }
  | { kind: "duplicateRecords"; ids: Array<string | number> };

export class RefreshPlanError extends Error {
  constructor(readonly problem: PlanProblem) {
    super(`refresh plan: ${problem.kind}`);
    this.name = "RefreshPlanError";
  }
}

export interface ColumnToAdd {
  key: string;
  header: string;
  spec: ColumnSpec;
  /** table column index once added */
  at: number;
}

export interface CellChange {
  /** table column, after columns are added */
  column: number;
  value: CellValue;
  old: CellValue;
}

export interface RowUpdate {
  /** 0-based data row, before any row moves */
  row: number;
  changes: CellChange[];
}

export interface Insertion {
  /** insert before this row of the kept rows (0..keptRows; keptRows = at the end) */
  before: number;
  /** one row per new record, laid out by plan.claretKeysAfter */
  rows: CellValue[][];
}

export interface RefreshPlan {
  idColumn: number;
  headersAfter: string[];
  claretKeysAfter: string[];
  /** table column (after adding) of each of claretKeysAfter */
  claretColumnsAfter: number[];
  columnsToAdd: ColumnToAdd[];
  /** per added column, the value for each old data row (old order) */
  addedColumnValues: CellValue[][];
  updates: RowUpdate[];
  /** 0-based old data rows whose records are gone from Claret, ascending (the placeholder excluded) */
  removals: number[];
  /**
   * A table keeps at least one data row: when every old row goes, this one stays until the new rows are in, then is
   * deleted ("delete") or, with no new rows, emptied ("clear"). Null when some row is kept.
   */
  placeholder: { row: number; then: "delete" | "clear"; removed: boolean } | null;
  insertions: Insertion[];
  /** rows left after the removals (placeholder not counted) */
  keptRows: number;
  /** with a sort: the rows are in the sort's order after the refresh (so reapplying it moves nothing) */
  sortHolds: boolean;
  counts: { updated: number; added: number; removed: number; cellsChanged: number };
}

function isBlank(v: CellValue | undefined): boolean {
  return v === undefined || v === "";
}

function idOf(v: CellValue | undefined): number | null {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^\s*\d+\s*$/.test(v)) return Number(v);
  return null;
}

/** Works out the refresh. Throws RefreshPlanError when the table or the records cannot be matched safely. */
export function planRefresh(current: CurrentTable, fresh: FreshRecords): RefreshPlan {
  const oldNames = headerNames(current.claretKeys);
  const oldColumns = findColumns(current.headers, oldNames);
  const idKey = current.claretKeys.indexOf("id");
  const idColumn = idKey < 0 ? -1 : oldColumns[idKey];
  if (idColumn < 0) throw new RefreshPlanError({ kind: "noIdColumn" });

  // Old rows by id. A lone row with no Claret values at all is the blank row of a table pulled empty.
  const oldCount = current.claretCells.length;
  const blankTable =
    oldCount === 1 && current.claretCells[0].every((v, k) => oldColumns[k] < 0 || isBlank(v));
  const oldById = new Map<number, number>();
  const blank: number[] = [];
  const sharing = new Map<number, number[]>();
  if (!blankTable)
    for (let i = 0; i < oldCount; i++) {
      const id = idOf(current.claretCells[i][idKey]);
      if (id === null) blank.push(i);
      else if (oldById.has(id)) {
        const group = sharing.get(id) ?? [oldById.get(id)!];
        group.push(i);
        sharing.set(id, group);
      } else oldById.set(id, i);
    }
  if (blank.length > 0 || sharing.size > 0)
    throw new RefreshPlanError({
      kind: "badIds",
      blank,
      duplicates: [...sharing.values()],
      idColumn,
    });

  // Claret columns after the refresh: the stored ones where they are, then the ones the table lacks (a new
  // hierarchy key, or a Claret column the planner deleted), right after the last Claret column.
  const keysAfter = [...fresh.keys];
  const keyIndex = new Map(keysAfter.map((k, i) => [k, i]));
  const freshKey = (k: string) => keyIndex.get(k) ?? -1;
  const present = current.claretKeys
    .map((key, k) => ({ key, column: oldColumns[k], header: oldNames[k] }))
    .filter((c) => c.column >= 0);
  const presentKeys = new Set(present.map((c) => c.key));
  const missing = keysAfter.filter((k) => !presentKeys.has(k));
  const lastClaret = Math.max(...present.map((c) => c.column));
  const missingHeaders = headerNames(missing, [...current.headers]);
  const columnsToAdd: ColumnToAdd[] = missing.map((key, i) => ({
    key,
    header: missingHeaders[i],
    spec: columnSpec(key),
    at: lastClaret + 1 + i,
  }));
  const headersAfter = [...current.headers];
  headersAfter.splice(lastClaret + 1, 0, ...missingHeaders);
  const columnOfKey = new Map<string, number>();
  for (const c of present) columnOfKey.set(c.key, c.column);
  for (const c of columnsToAdd) columnOfKey.set(c.key, c.at);
  const claretColumnsAfter = keysAfter.map((k) => columnOfKey.get(k)!);

  // Match.
  const freshId = freshKey("id");
  const seen = new Map<number, number>();
  const repeated = new Set<string | number>();
  const newRows: number[] = [];
  const matchOf = new Int32Array(oldCount).fill(-1);
  for (let j = 0; j < fresh.rows.length; j++) {
    const id = idOf(fresh.rows[j][freshId]);
    if (id === null) {
      newRows.push(j); // Claret always sends an id; a record without one is added, never matched
      continue;
    }
    if (seen.has(id)) {
      repeated.add(id);
      continue;
    }
    seen.set(id, j);
    const i = oldById.get(id);
    if (i === undefined) newRows.push(j);
    else matchOf[i] = j;
  }
  if (repeated.size > 0)
    throw new RefreshPlanError({ kind: "duplicateRecords", ids: [...repeated].slice(0, 20) });

  // Changed cells of kept rows; the rows gone.
  const compared = present.map((c) => ({
    oldIndex: current.claretKeys.indexOf(c.key),
    freshIndex: freshKey(c.key),
    column: c.column,
  }));
  const updates: RowUpdate[] = [];
  const removals: number[] = [];
  let cellsChanged = 0;
  for (let i = 0; i < oldCount; i++) {
    const j = matchOf[i];
    if (j < 0) {
      if (!blankTable) removals.push(i);
      continue;
    }
    const before = current.claretCells[i];
    const after = fresh.rows[j];
    let changes: CellChange[] | null = null;
    for (const { oldIndex, freshIndex, column } of compared) {
      const old = before[oldIndex] ?? "";
      const value = freshIndex < 0 ? "" : (after[freshIndex] ?? "");
      if (old !== value) (changes ??= []).push({ column, value, old });
    }
    if (changes) {
      updates.push({ row: i, changes });
      cellsChanged += changes.length;
    }
  }
  const addedColumnValues = columnsToAdd.map((c) => {
    const k = freshKey(c.key);
    return Array.from(matchOf, (j) => (j < 0 ? "" : (fresh.rows[j][k] ?? "")));
  });

  const keptRows = oldCount - removals.length - (blankTable ? 1 : 0);
  let placeholder: RefreshPlan["placeholder"] = null;
  if (keptRows === 0) {
    const row = blankTable ? 0 : removals.pop()!;
    placeholder = { row, then: newRows.length > 0 ? "delete" : "clear", removed: !blankTable };
  }

  // New rows: laid out by keysAfter; placed at the end, or where the sort puts them.
  const layout = (j: number): CellValue[] => keysAfter.map((_, k) => fresh.rows[j][k] ?? "");
  const sorted = sortPlacement(current, fresh, matchOf, newRows, keyIndex);
  const insertions: Insertion[] = [];
  for (const { before, row } of sorted.placed) {
    const last = insertions[insertions.length - 1];
    if (last && last.before === before) last.rows.push(layout(row));
    else insertions.push({ before, rows: [layout(row)] });
  }

  return {
    idColumn,
    headersAfter,
    claretKeysAfter: keysAfter,
    claretColumnsAfter,
    columnsToAdd,
    addedColumnValues,
    updates,
    removals,
    placeholder,
    insertions,
    keptRows,
    sortHolds: sorted.holds,
    counts: {
      updated: updates.length,
      added: newRows.length,
      removed: removals.length + (placeholder?.removed ? 1 : 0),
      cellsChanged,
    },
  };
}

/**
 * The old rows a plan removes (the placeholder too, when it goes), with the id and sell date of each: the stored
 * query leaves out a record created or re-keyed to a date outside its window, though Claret has it, so a refresh
 * looks these up at their own dates before it calls them gone. The table's sale type is the query's.
 */
export function rowsToLookUp(
  current: Pick<CurrentTable, "claretKeys" | "claretCells">,
  plan: Pick<RefreshPlan, "removals" | "placeholder">,
  dateSystem: DateSystem
): UnmatchedRow[] {
  const idKey = current.claretKeys.indexOf("id");
  const dateKey = current.claretKeys.indexOf("sell_date");
  const rows = plan.placeholder?.removed ? [...plan.removals, plan.placeholder.row] : plan.removals;
  return rows.flatMap((rowIndex) => {
    const cells = current.claretCells[rowIndex];
    const id = idOf(cells[idKey]);
    if (id === null) return []; // (the plan refuses blank ids before this)
    const sellDate = dateKey < 0 ? null : isoDateOf(cells[dateKey] ?? "", dateSystem);
    return [{ rowIndex, id, sellDate, saleTypeName: null }];
  });
}

/**
 * Where each new record goes. Without a sort, after the kept rows in Claret's order. With one, where a stable sort
 * of the kept rows (their values after the update) followed by the new rows would put it, so table.sort.reapply()
 * finds every row in place. `holds` says whether the kept rows are still in the sort's order.
 */
function sortPlacement(
  current: CurrentTable,
  fresh: FreshRecords,
  matchOf: Int32Array,
  newRows: readonly number[],
  keyIndex: ReadonlyMap<string, number>
): { placed: Array<{ before: number; row: number }>; holds: boolean } {
  const kept: number[] = [];
  for (let i = 0; i < matchOf.length; i++) if (matchOf[i] >= 0) kept.push(i);
  const sort = current.sort;
  if (!sort || sort.fields.length === 0)
    return { placed: newRows.map((row) => ({ before: kept.length, row })), holds: true };

  const oldNames = headerNames(current.claretKeys);
  const oldColumns = findColumns(current.headers, oldNames);
  // For each sort field: the fresh key it reads (a Claret column) or the planner's values (any other column).
  const sources = sort.fields.map((f) => {
    const k = oldColumns.indexOf(f.column);
    return k >= 0
      ? { freshIndex: keyIndex.get(current.claretKeys[k]) ?? -1, other: null }
      : { freshIndex: -1, other: current.otherSortCells.get(f.column) ?? null };
  });
  const keys = sort.fields.map((f) => ({ ascending: f.ascending }));
  // a kept row's Claret values after the refresh are its fresh record's
  const keptKey = (i: number) =>
    sources.map((s) =>
      s.other
        ? (s.other[i] ?? "")
        : s.freshIndex < 0
          ? ""
          : (fresh.rows[matchOf[i]][s.freshIndex] ?? "")
    );
  const newKey = (j: number) =>
    sources.map((s) => (s.other || s.freshIndex < 0 ? "" : (fresh.rows[j][s.freshIndex] ?? "")));
  const keptKeys = kept.map(keptKey);
  let holds = true;
  for (let k = 1; k < keptKeys.length && holds; k++)
    holds = compareKeys(keptKeys[k - 1], keptKeys[k], keys, sort.matchCase) <= 0;

  const incoming = newRows
    .map((row, n) => ({ row, n, key: newKey(row) }))
    .sort((a, b) => compareKeys(a.key, b.key, keys, sort.matchCase) || a.n - b.n);
  const placed = incoming.map(({ row, key }) => {
    // upper bound: after every kept row that sorts before or level with it (stable sort keeps those first)
    let lo = 0;
    let hi = keptKeys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareKeys(keptKeys[mid], key, keys, sort.matchCase) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return { before: lo, row };
  });
  // incoming is sorted, so `before` never decreases: each insertion group is consecutive
  return { placed, holds };
}
