// "Push changes": which rows of a pulled table the planner changed, compared by id with what Claret
// holds now. Each row's own updated_at is its version (claret-api.md §3: Claret sets it on every
// write that changes a record). Pure: the table's cells and Claret's records come in, classes out.

import type { PostSalesContent, SaleRecord } from "../claret/types";
import {
  isoDateTimeToSerial,
  isoDateToSerial,
  serialToIsoDate,
  type DateSystem,
} from "./excelDates";
import { mapHeaders, normalizeHeader, type CellInput, type CellValueType } from "./pushMapping";
import { validatePushSelection, type Problem, type PushValidation } from "./pushValidation";
import { claretName, recordKeyString } from "./recordKey";

/**
 * - changed: Claret's updated_at equals the row's and the quantity differs: sent;
 * - conflict: Claret's updated_at differs (someone wrote since the pull) and the quantity differs
 *   from Claret's current value: held back until the planner decides;
 * - new: no id, key fields and quantity filled in: created;
 * - keyChanged: item, customer group, sell_date or interval edited: sending it creates a record at
 *   the new key and leaves the old one, so it is sent only once the planner confirms that meaning;
 * - gone: the id is no longer returned by Claret: listed, nothing is sent;
 * - unchanged: counted only.
 */
export type ChangeKind = "changed" | "conflict" | "new" | "keyChanged" | "gone" | "unchanged";

export const CHANGE_KINDS: readonly ChangeKind[] = [
  "changed",
  "conflict",
  "new",
  "keyChanged",
  "gone",
  "unchanged",
];

/** The table's data rows as src/excel reads them: one array of values per row, one cell per header. */
export interface TableValues {
  headers: readonly string[];
  values: ReadonlyArray<ReadonlyArray<CellInput["value"]>>;
  /** A1 address of a data cell (rowIndex 0 is the first data row) */
  cellAddress(rowIndex: number, colIndex: number): string;
  dateSystem: DateSystem;
}

/** Value types and number formats of one row, for Push selection's rules on a row to send. */
export interface RowDetail {
  types: ReadonlyArray<CellValueType>;
  formats: ReadonlyArray<string>;
}

/** The table with every row's types and formats (tests, small tables). */
export interface TableCells extends TableValues {
  types: ReadonlyArray<ReadonlyArray<CellValueType>>;
  formats: ReadonlyArray<ReadonlyArray<string>>;
}

/**
 * A row whose id the records given did not hold. Before it counts as gone, Claret is asked for its
 * sell date: a record outside the stored query's window (a row created or re-keyed to a date
 * outside it) is not returned by the query, yet Claret still has it.
 */
export interface UnmatchedRow {
  rowIndex: number;
  id: number;
  /** the row's sell_date as 'YYYY-MM-DD'; null when the cell holds no date */
  sellDate: string | null;
  /** the row's sale_type_name cell; null when the table has none or it is empty */
  saleTypeName: string | null;
}

/** The first pass: which rows would be sent; `finish` applies Push selection's rules to them. */
export interface Comparison {
  /** data rows that need their types and formats read (the rows that would be sent) */
  rowsToCheck: number[];
  /** rows with an id the records given do not hold (gone, unless Claret has them elsewhere) */
  unmatched: UnmatchedRow[];
  /**
   * sell dates ('YYYY-MM-DD') of new and re-keyed rows: a record Claret holds at such a key, outside
   * the records given, would be overwritten by sending the row, so its date is worth a look
   */
  newKeyDates: string[];
  finish(detail: (rowIndex: number) => RowDetail): ChangeSet;
}

export interface RowChange {
  kind: Exclude<ChangeKind, "unchanged">;
  /** 0-based data row of the table */
  rowIndex: number;
  /** the row's id; null for a new row */
  id: number | null;
  /** Claret's record as the comparison saw it; null for a new or gone row */
  claret: SaleRecord | null;
  /** what would be sent (the row's key and quantity); null when the row has errors, and for gone rows */
  content: PostSalesContent | null;
  /** the row's quantity cell as read, for old → new */
  rowQuantity: CellInput["value"];
  /** A1 address of the row's quantity cell (a click selects it) */
  address: string;
}

export interface ChangeSet {
  /** data rows of the table */
  rows: number;
  /** every row that is not unchanged, in table order */
  changes: RowChange[];
  counts: Record<ChangeKind, number>;
  /** rows whose Claret columns are all empty: skipped */
  blank: number;
  /** Push selection's rules, applied to every row that would be sent, plus the id rules here */
  errors: Problem[];
  warnings: Problem[];
  /** rows with at least one error */
  rowsWithErrors: number;
  ignoredColumns: string[];
  /** the validation of the rows that would be sent (sale type cells, content order) */
  validation: PushValidation;
}

/** Half a millisecond in days: two serials closer than this are the same timestamp. */
const SAME_TIME_DAYS = 0.5 / 86_400_000;

function text(v: CellInput["value"]): string {
  return typeof v === "string" ? v.trim() : typeof v === "number" ? String(v) : "";
}

/** A name cell against Claret's name, as recordKeyString compares them. */
function sameName(cell: CellInput["value"], name: string): boolean {
  const t = text(cell);
  return t === name || claretName(t) === claretName(name);
}

function sameDate(cell: CellInput["value"], iso: string, system: DateSystem): boolean {
  if (typeof cell === "number") return cell === isoDateToSerial(iso, system);
  return text(cell) === iso;
}

/** The row's version (updated_at cell) against Claret's. */
function sameVersion(cell: CellInput["value"], iso: string | null, system: DateSystem): boolean {
  if (iso === null) return cell === null || cell === "";
  if (typeof cell === "number") {
    const serial = isoDateTimeToSerial(iso, system);
    return serial !== null && Math.abs(cell - serial) < SAME_TIME_DAYS;
  }
  return text(cell) === iso;
}

function sameQuantity(cell: CellInput["value"], quantity: number): boolean {
  if (typeof cell === "number") return cell === quantity;
  if (typeof cell === "string" && cell.trim() !== "") return Number(cell.trim()) === quantity;
  return false;
}

function isEmpty(v: CellInput["value"]): boolean {
  return v === null || v === "" || (typeof v === "string" && v.trim() === "");
}

/** classifyChanges for a table whose every row's types and formats are at hand. */
export function classifyChanges(table: TableCells, claret: readonly SaleRecord[]): ChangeSet {
  return compareWithClaret(table, claret).finish((r) => ({
    types: table.types[r],
    formats: table.formats[r],
  }));
}

/**
 * The columns compareWithClaret reads in every row (id, updated_at, sale_type_name and the columns
 * of the key and the quantity); the other cells matter only in the rows it would send, which
 * `finish` validates whole. A table read for the comparison may leave the others out (half of a
 * pulled table with its hierarchy).
 */
export function comparedColumns(headers: readonly string[]): number[] {
  const { columns } = mapHeaders(headers);
  const named = ["id", "updated_at", "sale_type_name"].map((name) =>
    headers.findIndex((h) => normalizeHeader(h) === name)
  );
  return [...named, ...Object.values(columns)].filter((c) => c >= 0);
}

/** A comparison fed Claret's records as they come, page by page (see startComparison). */
export interface ComparisonInProgress {
  /** compares the rows these records' ids name; a record given again replaces what its row was compared with */
  add(records: readonly SaleRecord[]): void;
  /** every record given so far is forgotten (a drain that had to start again from its first page) */
  restart(): void;
  /** the rows no record named are gone; call once, after the last page */
  end(): Comparison;
}

/**
 * Compares a pulled table with Claret's records of its query. `claret` is every record the stored
 * query returns now. One pass over the values; only the rows that would be sent are validated
 * (with Push selection's rules), and only they need their types and formats read from Excel, so
 * 100,000 unchanged rows cost a lookup each and three times fewer bytes read.
 */
export function compareWithClaret(table: TableValues, claret: readonly SaleRecord[]): Comparison {
  const comparison = startComparison(table);
  comparison.add(claret);
  return comparison.end();
}

// what a row with an id came to, once a record named it (0: no record yet)
const UNCHANGED = 1;
const KEY_CHANGED = 2;
const CHANGED = 3;
const CONFLICT = 4;
const OUTCOME_KIND = [null, null, "keyChanged", "changed", "conflict"] as const;

/**
 * compareWithClaret in steps: the table's own checks (ids, blank and new rows) at once, each page's
 * records as it arrives (so the drain's last page leaves only its own records and the gone rows to
 * do), the rest at `end`. Same result as compareWithClaret over all the records.
 */
export function startComparison(table: TableValues): ComparisonInProgress {
  const { headers, values, cellAddress, dateSystem } = table;
  const mapping = mapHeaders(headers);
  const cols = mapping.columns;
  const idCol = headers.findIndex((h) => normalizeHeader(h) === "id");
  const versionCol = headers.findIndex((h) => normalizeHeader(h) === "updated_at");
  const noCounts = (): Record<ChangeKind, number> => ({
    changed: 0,
    conflict: 0,
    new: 0,
    keyChanged: 0,
    gone: 0,
    unchanged: 0,
  });
  const emptyValidation = validatePushSelection({
    headers: [...headers],
    rows: [],
    cellAddress,
    dateSystem,
  });
  const result: ChangeSet = {
    rows: values.length,
    changes: [],
    counts: noCounts(),
    blank: 0,
    errors: [],
    warnings: [],
    rowsWithErrors: 0,
    ignoredColumns: mapping.ignoredColumns.filter(
      (h) => !["id", "updated_at"].includes(normalizeHeader(h))
    ),
    validation: emptyValidation,
  };
  const missing = [idCol < 0 ? "id" : "", versionCol < 0 ? "updated_at" : ""].filter(Boolean);
  if (mapping.problem !== null || missing.length > 0) {
    const message =
      mapping.problem ??
      `The table has no ${missing.join(" or ")} column, so its rows cannot be compared with Claret's records. Push changes works on a table pulled by the add-in; use Push selection for other tables.`;
    result.errors.push({ rowIndex: -1, address: "", message });
    const nothing: Comparison = {
      rowsToCheck: [],
      unmatched: [],
      newKeyDates: [],
      finish: () => result,
    };
    return { add: () => undefined, restart: () => undefined, end: () => nothing };
  }

  const itemCol = cols.item_name;
  const groupCol = cols.customer_group_name;
  const dateCol = cols.sell_date;
  const intervalCol = cols.timing_interval_name;
  const quantityCol = cols.quantity;
  const saleTypeCol = headers.findIndex((h) => normalizeHeader(h) === "sale_type_name");
  const keyCols = [itemCol, groupCol, dateCol, intervalCol, quantityCol];

  // The table's own pass: blank rows, new rows, id errors, and which row holds each id.
  const idErrors: Problem[] = [];
  const errorRows = new Set<number>();
  const firstRowOfId = new Map<number, number>();
  const isNew = new Uint8Array(values.length);
  for (let r = 0; r < values.length; r++) {
    const row = values[r];
    const idCell = row[idCol];
    if (isEmpty(idCell)) {
      let blank = true;
      for (let k = 0; k < keyCols.length && blank; k++) blank = isEmpty(row[keyCols[k]]);
      if (blank) result.blank++;
      else isNew[r] = 1;
      continue;
    }
    // an error cell (#N/A) reads as its text, so it fails here too
    if (typeof idCell !== "number" || !Number.isInteger(idCell)) {
      idErrors.push({
        rowIndex: r,
        address: cellAddress(r, idCol),
        message: `${JSON.stringify(idCell)} is not a Claret record id. Put back the id the row was pulled with, or clear the cell to create the row as a new record.`,
      });
      errorRows.add(r);
      continue;
    }
    const earlier = firstRowOfId.get(idCell);
    if (earlier !== undefined) {
      idErrors.push({
        rowIndex: r,
        address: cellAddress(r, idCol),
        message: `this row has the same id (${idCell}) as the row at ${cellAddress(earlier, idCol)}. A copied row is a new record: clear its id so it is created, or delete the copy.`,
      });
      errorRows.add(r);
      continue;
    }
    firstRowOfId.set(idCell, r);
  }

  // Each record against the row its id names, as the pages come.
  let pages: (readonly SaleRecord[])[] = [];
  let outcome = new Uint8Array(values.length);
  let recordOfRow: (SaleRecord | undefined)[] = new Array<SaleRecord | undefined>(values.length);
  const add = (records: readonly SaleRecord[]) => {
    pages.push(records);
    for (let i = 0; i < records.length; i++) {
      const rec = records[i];
      const r = firstRowOfId.get(rec.id);
      if (r === undefined) continue; // not in this table (or only in a row with an id error)
      const row = values[r];
      recordOfRow[r] = rec;
      const sameKey =
        sameName(row[itemCol], rec.item_name) &&
        sameName(row[groupCol], rec.customer_group_name) &&
        sameDate(row[dateCol], rec.sell_date, dateSystem) &&
        sameName(row[intervalCol], rec.timing_interval_span);
      outcome[r] = !sameKey
        ? KEY_CHANGED
        : sameQuantity(row[quantityCol], rec.quantity)
          ? UNCHANGED
          : sameVersion(row[versionCol], rec.updated_at, dateSystem)
            ? CHANGED
            : CONFLICT;
    }
  };
  const restart = () => {
    pages = [];
    outcome = new Uint8Array(values.length);
    recordOfRow = new Array<SaleRecord | undefined>(values.length);
  };
  return { add, restart, end: () => endComparison() };

  function endComparison(): Comparison {
    const claret = pages.flat();
    const candidates: RowChange[] = [];
    const unmatched: UnmatchedRow[] = [];
    const newKeyDates = new Set<string>();
    let unchanged = 0;
    const newKeyDate = (cell: CellInput["value"]) => {
      const iso = isoDateOf(cell, dateSystem);
      if (iso !== null) newKeyDates.add(iso);
    };
    // in row order, as the preview lists them
    for (let r = 0; r < values.length; r++) {
      const row = values[r];
      if (isNew[r] === 1) {
        candidates.push(
          change("new", r, null, null, row[quantityCol], cellAddress(r, quantityCol))
        );
        newKeyDate(row[dateCol]);
        continue;
      }
      const idCell = row[idCol];
      if (typeof idCell !== "number" || firstRowOfId.get(idCell) !== r) continue; // blank, or an id error
      const done = outcome[r];
      if (done === UNCHANGED) {
        unchanged++;
        continue;
      }
      const address = cellAddress(r, quantityCol);
      if (done === 0) {
        candidates.push(change("gone", r, idCell, null, row[quantityCol], address));
        const saleType = saleTypeCol >= 0 ? text(row[saleTypeCol]) : "";
        unmatched.push({
          rowIndex: r,
          id: idCell,
          sellDate: isoDateOf(row[dateCol], dateSystem),
          saleTypeName: saleType === "" ? null : saleType,
        });
        continue;
      }
      const kind = OUTCOME_KIND[done]!;
      candidates.push(change(kind, r, idCell, recordOfRow[r]!, row[quantityCol], address));
      if (kind === "keyChanged") newKeyDate(row[dateCol]);
    }

    // Push selection's rules on every row that would be sent (gone rows send nothing).
    const toValidate = candidates.filter((c) => c.kind !== "gone");
    // Each call starts from what `end` found and returns a set of its own: a second call gives the
    // same result, never counts twice, and what a caller does to one set leaves the next alone.
    const finish = (detail: (rowIndex: number) => RowDetail): ChangeSet => {
      const errorRowsOfSet = new Set(errorRows);
      const validation = validatePushSelection({
        headers: [...headers],
        rows: toValidate.map((c) => {
          const { types, formats } = detail(c.rowIndex);
          return {
            rowIndex: c.rowIndex,
            hidden: false,
            cells: values[c.rowIndex].map((value, col) => ({
              value,
              type: types[col],
              numberFormat: formats[col],
            })),
          };
        }),
        cellAddress,
        dateSystem,
      });
      const contentOfRow = new Map<number, PostSalesContent>();
      for (const { rowIndex, content } of validation.rows) contentOfRow.set(rowIndex, content);
      for (const p of validation.errors) if (p.rowIndex >= 0) errorRowsOfSet.add(p.rowIndex);

      // A new or re-keyed row whose key Claret already holds under another id would overwrite that
      // record (POST is an upsert on the key): say which row holds it instead of sending.
      const keyErrors: Problem[] = [];
      const rekeyed = toValidate.filter(
        (c) => (c.kind === "new" || c.kind === "keyChanged") && contentOfRow.has(c.rowIndex)
      );
      if (rekeyed.length > 0) {
        const idOfKey = new Map<string, number>();
        for (let i = 0; i < claret.length; i++)
          idOfKey.set(recordKeyString(claret[i]), claret[i].id);
        for (const c of rekeyed) {
          const holder = idOfKey.get(recordKeyString(contentOfRow.get(c.rowIndex)!));
          if (holder === undefined || holder === c.id) continue;
          const row = firstRowOfId.get(holder);
          const address = cellAddress(c.rowIndex, itemCol);
          const where =
            row !== undefined
              ? `the record in the row at ${cellAddress(row, itemCol)} (id ${holder})`
              : `Claret's record ${holder}, which is not in this table`;
          keyErrors.push({
            rowIndex: c.rowIndex,
            address,
            field: "item_name",
            message: `Claret already has a record with this item, customer group, sell_date and interval: ${where}. Sending this row would overwrite it; change the quantity there instead, or change this row's key.`,
          });
          errorRowsOfSet.add(c.rowIndex);
        }
      }

      const counts = { ...noCounts(), unchanged };
      const changes = candidates.map((c): RowChange => {
        counts[c.kind]++;
        const content =
          c.kind === "gone" || errorRowsOfSet.has(c.rowIndex)
            ? null
            : (contentOfRow.get(c.rowIndex) ?? null);
        return { ...c, content };
      });
      return {
        ...result,
        changes,
        counts,
        errors: [...idErrors, ...validation.errors, ...keyErrors].sort(
          (a, b) => a.rowIndex - b.rowIndex
        ),
        warnings: validation.warnings.filter((w) => !errorRowsOfSet.has(w.rowIndex)),
        rowsWithErrors: errorRowsOfSet.size,
        validation,
      };
    };
    return {
      rowsToCheck: toValidate.map((c) => c.rowIndex),
      unmatched,
      newKeyDates: [...newKeyDates],
      finish,
    };
  }
}

/** A sell_date cell as 'YYYY-MM-DD': a date serial, or text in that form; null otherwise. */
export function isoDateOf(cell: CellInput["value"], system: DateSystem): string | null {
  if (typeof cell === "number") return serialToIsoDate(cell, system);
  const t = text(cell);
  return /^\d{4}-\d{2}-\d{2}$/.test(t) && isoDateToSerial(t, system) !== null ? t : null;
}

function change(
  kind: RowChange["kind"],
  rowIndex: number,
  id: number | null,
  claret: SaleRecord | null,
  rowQuantity: CellInput["value"],
  address: string
): RowChange {
  return { kind, rowIndex, id, claret, content: null, rowQuantity, address };
}
