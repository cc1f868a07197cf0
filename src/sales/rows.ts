// Sales records → the 2-D block of values written to a worksheet table (one row per record,
// one cell per layout column), typed as Excel wants them: dates and timestamps as serials,
// quantities and ids as numbers, names as strings exactly as Claret sent them.

import type { SaleRecord } from "../claret/types";
import { ColumnLayout, type ColumnKind, type ColumnSpec } from "./columns";
import { isoDateTimeToSerial, isoDateToSerial, type DateSystem } from "./excelDates";

/**
 * A cell's value as Excel holds it: text, a number (a date is its serial), a logical, or null for a
 * cell written or read as empty. A record's fields become text or numbers (recordsToRows).
 */
export type CellValue = string | number | boolean | null;
/** What a record's field becomes: text or a number, never a logical or an empty null. */
type FieldCell = Extract<CellValue, string | number>;
type RecordValue = SaleRecord[string] | undefined;

// A value that does not convert (a malformed date, a number sent as text) is written as it came
// rather than dropped: the planner sees it, and no row or value is lost.
// null (Claret may send null created_at/updated_at/uom_abbr, as Laravel allows) is an empty cell.
function toText(v: RecordValue): FieldCell {
  return typeof v === "string" ? v : v === null || v === undefined ? "" : String(v);
}
function toNumber(v: RecordValue): FieldCell {
  return typeof v === "number" ? v : (v ?? "");
}
function toDate(v: RecordValue, system: DateSystem): FieldCell {
  return typeof v === "string" ? (isoDateToSerial(v, system) ?? v) : (v ?? "");
}
function toDateTime(v: RecordValue, system: DateSystem): FieldCell {
  return typeof v === "string" ? (isoDateTimeToSerial(v, system) ?? v) : (v ?? "");
}

// This runs for every cell of a pull (100,000s of rows), so the kinds are small integers switched
// on in one loop rather than a table of converter functions called indirectly per cell.
const DATE = 0;
const DATETIME = 1;
const NUMBER = 2;
const TEXT = 3;
const KIND_CODES: Record<ColumnKind, number> = {
  date: DATE,
  datetime: DATETIME,
  number: NUMBER,
  integer: NUMBER,
  text: TEXT,
};

/**
 * The ten base columns in the order a ColumnLayout starts with them. When a layout starts so, each
 * row's first ten cells are read by name (`record.sell_date`): records parsed from one page share
 * one shape, so those reads are direct, where `record[key]` with a key that changes per column is
 * a generic lookup each time. Checked per call against the layout, so a change of order in
 * columns.ts only turns the shortcut off.
 */
const BASE_ORDER: ReadonlyArray<readonly [string, ColumnKind]> = [
  ["sell_date", "date"],
  ["item_name", "text"],
  ["customer_group_name", "text"],
  ["quantity", "number"],
  ["uom_abbr", "text"],
  ["timing_interval_span", "text"],
  ["sale_type_name", "text"],
  ["id", "integer"],
  ["created_at", "datetime"],
  ["updated_at", "datetime"],
];

function startsWithBaseOrder(columns: readonly ColumnSpec[]): boolean {
  if (columns.length < BASE_ORDER.length) return false;
  for (let c = 0; c < BASE_ORDER.length; c++) {
    if (columns[c].key !== BASE_ORDER[c][0] || columns[c].kind !== BASE_ORDER[c][1]) return false;
  }
  return true;
}

/**
 * One row per record, one value per column of `layout`, ready for `range.values`. A key a record
 * lacks (a shallower hierarchy) gives "". Text stays the literal string ("0117", "=HYPERLINK(…)"):
 * writing it so Excel does not reinterpret it (text number format) is src/excel's job.
 */
export function recordsToRows(
  records: readonly SaleRecord[],
  layout: ColumnLayout | readonly ColumnSpec[],
  dateSystem: DateSystem = 1900
): FieldCell[][] {
  const columns = layout instanceof ColumnLayout ? layout.columns : layout;
  const width = columns.length;
  const keys = new Array<string>(width);
  const kinds = new Uint8Array(width);
  for (let c = 0; c < width; c++) {
    keys[c] = columns[c].key;
    kinds[c] = KIND_CODES[columns[c].kind];
  }
  const byName = startsWithBaseOrder(columns) ? BASE_ORDER.length : 0;
  const rows = new Array<FieldCell[]>(records.length);
  for (let r = 0; r < records.length; r++) {
    const record = records[r];
    const row = new Array<FieldCell>(width);
    if (byName > 0) {
      row[0] = toDate(record.sell_date, dateSystem);
      row[1] = toText(record.item_name);
      row[2] = toText(record.customer_group_name);
      row[3] = toNumber(record.quantity);
      row[4] = toText(record.uom_abbr);
      row[5] = toText(record.timing_interval_span);
      row[6] = toText(record.sale_type_name);
      row[7] = toNumber(record.id);
      row[8] = toDateTime(record.created_at, dateSystem);
      row[9] = toDateTime(record.updated_at, dateSystem);
    }
    for (let c = byName; c < width; c++) {
      const v = record[keys[c]];
      const kind = kinds[c];
      row[c] =
        kind === TEXT
          ? toText(v)
          : kind === NUMBER
            ? toNumber(v)
            : kind === DATE
              ? toDate(v, dateSystem)
              : toDateTime(v, dateSystem);
    }
    rows[r] = row;
  }
  return rows;
}
