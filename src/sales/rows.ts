// Sales records → the 2-D block of values written to a worksheet table (one row per record,
// one cell per layout column), typed as Excel wants them: dates and timestamps as serials,
// quantities and ids as numbers, names as strings exactly as Claret sent them.

import type { SaleRecord } from '../claret/types';
import { ColumnLayout, type ColumnKind, type ColumnSpec } from './columns';
import { isoDateTimeToSerial, isoDateToSerial, type DateSystem } from './excelDates';

export type CellValue = string | number;
type RecordValue = SaleRecord[string] | undefined;
type Converter = (v: RecordValue, system: DateSystem) => CellValue;

// A value that does not convert (a malformed date, a number sent as text) is written as it came
// rather than dropped: the planner sees it, and no row or value is lost.
// null (Claret may send null created_at/updated_at/uom_abbr, as Laravel allows) is an empty cell.
const CONVERTERS: Record<ColumnKind, Converter> = {
  date: (v, system) => (typeof v === 'string' ? (isoDateToSerial(v, system) ?? v) : (v ?? '')),
  datetime: (v, system) => (typeof v === 'string' ? (isoDateTimeToSerial(v, system) ?? v) : (v ?? '')),
  number: (v) => (typeof v === 'number' ? v : (v ?? '')),
  integer: (v) => (typeof v === 'number' ? v : (v ?? '')),
  text: (v) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v)),
};

/**
 * One row per record, one value per column of `layout`, ready for `range.values`. A key a record
 * lacks (a shallower hierarchy) gives "". Text stays the literal string ("0117", "=HYPERLINK(…)"):
 * writing it so Excel does not reinterpret it (text number format) is src/excel's job.
 */
export function recordsToRows(
  records: readonly SaleRecord[],
  layout: ColumnLayout | readonly ColumnSpec[],
  dateSystem: DateSystem = 1900,
): CellValue[][] {
  const columns = layout instanceof ColumnLayout ? layout.columns : layout;
  const width = columns.length;
  const keys = columns.map((c) => c.key);
  const converters = columns.map((c) => CONVERTERS[c.kind]);
  const rows = new Array<CellValue[]>(records.length);
  for (let r = 0; r < records.length; r++) {
    const record = records[r];
    const row = new Array<CellValue>(width);
    for (let c = 0; c < width; c++) row[c] = converters[c](record[keys[c]], dateSystem);
    rows[r] = row;
  }
  return rows;
}
