// Validation of a selection before POST /sales: every visible, non-blank row becomes a `content`
// object or an error at its cell. Nothing here decides what is sent; it says what could be.

import { TIMING_INTERVALS, type PostSalesContent, type TimingInterval } from '../claret/types';
import { isIsoDate, serialToIsoDate, type DateSystem } from './excelDates';
import { mapHeaders, type CellInput, type PushField, type SelectionInput } from './pushMapping';

export interface Problem {
  /** 0-based data row within the selection; -1 for a problem with the columns themselves */
  rowIndex: number;
  /** A1 address of the cell, "" when the problem is not tied to one cell (missing columns) */
  address: string;
  field?: PushField;
  message: string;
  /** set on warnings: which kind, so the preview can show one grouped line per kind (problemGroups.ts) */
  kind?: WarningKind;
}

/**
 * The kinds of warning: a decimal quantity, a sell_date that is not the first day of its interval,
 * a plain number (no date format) read as a date.
 */
export type WarningKind = 'decimal-quantity' | 'not-interval-start' | 'date-as-number';

export interface PushValidation {
  /** the valid rows, in selection order */
  content: PostSalesContent[];
  /** content[i] came from selection data row contentRowIndex[i] (maps a server `content.N.field` back) */
  contentRowIndex: number[];
  errors: Problem[];
  warnings: Problem[];
  skippedHidden: number;
  skippedBlank: number;
  /** visible, non-blank rows that cannot be sent (all of them when columns are missing) */
  rowsWithErrors: number;
  ignoredColumns: string[];
  /** data rows in the selection, hidden and blank included: content + skipped + rowsWithErrors */
  selectedRows: number;
  /**
   * the sale type content[i]'s row names in a sale_type_name column, with that cell's address;
   * null when the selection has no such column or the cell holds no text. See saleTypeConflicts.
   */
  contentSaleTypes: Array<{ address: string; name: string } | null>;
}

const INTERVALS_SENTENCE = 'Use day, week, month, quarter or year.';
const DATE_HINT = 'Use YYYY-MM-DD or an Excel date.';
const INTERVAL_SET: ReadonlySet<string> = new Set(TIMING_INTERVALS);

// Numeric text for quantity: digits with an optional sign and a dot for decimals; commas only as
// thousands separators in groups of three ("1,234.5"). "1,5" is refused rather than guessed:
// in many locales it means 1.5, in others 15, and a wrong guess would be written silently.
const NUMERIC_TEXT = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\.\d+$/;

type Parsed<T> = { ok: true; value: T; warning?: { kind: WarningKind; message: string } } | { ok: false; message: string };

function isEmptyCell(cell: CellInput | undefined): boolean {
  if (!cell || cell.type === 'Empty' || cell.value === null) return true;
  return typeof cell.value === 'string' && cell.value.trim() === '';
}

/** How a value is quoted in a message: text in quotes, numbers and booleans as Excel shows them. */
function show(value: CellInput['value']): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}

function isErrorCell(cell: CellInput): boolean {
  return cell.type === 'Error';
}

const NAME_WORDING = {
  item_name: { noun: 'an item name', fix: "type the item's name" },
  customer_group_name: { noun: 'a customer group name', fix: "type the customer group's name" },
} as const;

function parseName(cell: CellInput, field: 'item_name' | 'customer_group_name'): Parsed<string> {
  const { noun, fix } = NAME_WORDING[field];
  if (isErrorCell(cell)) return { ok: false, message: `the cell shows the error ${cell.value}. Correct it or ${fix}.` };
  const v = cell.value;
  if (typeof v === 'number') {
    // An item named 117 typed into a number cell is the number 117; Claret names are text.
    // A format of zeros ("0000") shows leading zeros the value lacks: send what the planner sees.
    const fmt = cell.numberFormat;
    const text = Number.isInteger(v) && fmt && /^0+$/.test(fmt) ? String(v).padStart(fmt.length, '0') : String(v);
    return { ok: true, value: text };
  }
  if (typeof v === 'string') return { ok: true, value: v.trim() };
  return { ok: false, message: `${show(v)} is not ${noun}. ${fix[0].toUpperCase()}${fix.slice(1)} as text.` };
}

/** A format that shows a number as a date has a y, m or d outside quoted text and [..] sections. */
const dateFormatMemo = new Map<string, boolean>();
function looksLikeDateFormat(fmt: string): boolean {
  let isDate = dateFormatMemo.get(fmt);
  if (isDate === undefined) {
    isDate = /[ymd]/i.test(fmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, ''));
    if (dateFormatMemo.size > 1000) dateFormatMemo.clear();
    dateFormatMemo.set(fmt, isDate);
  }
  return isDate;
}

function parseSellDate(cell: CellInput, system: DateSystem): Parsed<string> {
  if (isErrorCell(cell)) return { ok: false, message: `the cell shows the error ${cell.value}. Correct it or use YYYY-MM-DD or an Excel date.` };
  const v = cell.value;
  if (typeof v === 'number') {
    const iso = serialToIsoDate(Math.floor(v), system);
    if (iso !== null && !Number.isInteger(v)) {
      // name the date and time as the cell shows them, not the serial behind them
      const minutes = Math.round((v - Math.floor(v)) * 1440);
      const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      return { ok: false, message: `${iso} ${time} includes a time of day. Enter the date alone, ${iso}.` };
    }
    if (iso === null) return { ok: false, message: `the date number ${v} is not a real date. ${DATE_HINT}` };
    const warning =
      cell.numberFormat !== undefined && !looksLikeDateFormat(cell.numberFormat)
        ? { kind: 'date-as-number' as const, message: `${v} is a plain number, read as the Excel date ${iso}. Check that this column holds dates.` }
        : undefined;
    return { ok: true, value: iso, warning };
  }
  if (typeof v === 'string') {
    const text = v.trim();
    if (isIsoDate(text)) return { ok: true, value: text };
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return { ok: false, message: `${show(v)} is not a real date. ${DATE_HINT}` };
    return { ok: false, message: `${show(v)} is not a date. ${DATE_HINT}` };
  }
  return { ok: false, message: `${show(v)} is not a date. ${DATE_HINT}` };
}

function parseInterval(cell: CellInput): Parsed<TimingInterval> {
  if (isErrorCell(cell)) return { ok: false, message: `the cell shows the error ${cell.value}. Correct it or use day, week, month, quarter or year.` };
  const v = cell.value;
  const text = typeof v === 'string' ? v.trim().toLowerCase() : '';
  if (INTERVAL_SET.has(text)) return { ok: true, value: text as TimingInterval };
  return { ok: false, message: `${show(v)} is not a timing interval. ${INTERVALS_SENTENCE}` };
}

function parseQuantity(cell: CellInput): Parsed<number> {
  if (isErrorCell(cell)) return { ok: false, message: `the cell shows the error ${cell.value}. Correct it or type a number.` };
  const v = cell.value;
  let n: number;
  if (typeof v === 'number') {
    n = v;
  } else if (typeof v === 'string') {
    const text = v.trim();
    if (!NUMERIC_TEXT.test(text)) {
      const hint = text.includes(',') ? 'Use a dot for decimals and commas only between thousands, e.g. 1,234.5.' : 'Type the quantity as a number.';
      return { ok: false, message: `${show(v)} is not a number. ${hint}` };
    }
    n = Number(text.replace(/,/g, ''));
  } else {
    return { ok: false, message: `${show(v)} is not a number. Type the quantity as a number.` };
  }
  if (!Number.isFinite(n)) return { ok: false, message: `${show(v)} is not a finite number. Type the quantity as a number.` };
  const warning = Number.isInteger(n)
    ? undefined
    : { kind: 'decimal-quantity' as const, message: `${n} is not a whole number. Claret documents quantity as an integer; it will be sent as ${n}.` };
  return { ok: true, value: n, warning };
}

const EMPTY_FIX: Record<PushField, string> = {
  item_name: "Type the item's name.",
  customer_group_name: "Type the customer group's name.",
  sell_date: DATE_HINT,
  timing_interval_name: INTERVALS_SENTENCE,
  quantity: 'Type a number (0 if there were no sales).',
};

/**
 * Claret expects sell_date to be the first day of its interval. Month, quarter (calendar quarters)
 * and year starts are checked. Weeks are not: Claret does not document which weekday starts its
 * weeks (tenants may use Monday or Sunday), and a warning that fires on every row of a correct
 * sheet would teach planners to ignore warnings. Every date is the start of its day.
 */
function intervalStart(iso: string, interval: TimingInterval): string | null {
  const y = iso.slice(0, 4);
  const m = Number(iso.slice(5, 7));
  if (interval === 'month') return `${iso.slice(0, 7)}-01`;
  if (interval === 'quarter') return `${y}-${String(m - ((m - 1) % 3)).padStart(2, '0')}-01`;
  if (interval === 'year') return `${y}-01-01`;
  return null;
}

function candidateIsBlank(cells: CellInput[], columns: readonly number[]): boolean {
  for (const c of columns) if (!isEmptyCell(cells[c])) return false;
  return true;
}

export function validatePushSelection(input: SelectionInput): PushValidation {
  const { headers, rows, cellAddress, dateSystem } = input;
  const mapping = mapHeaders(headers);
  const cols = mapping.columns;
  const fieldColumns = Object.values(cols).filter((c) => c >= 0);
  const result: PushValidation = {
    content: [],
    contentRowIndex: [],
    errors: [],
    warnings: [],
    skippedHidden: 0,
    skippedBlank: 0,
    rowsWithErrors: 0,
    ignoredColumns: mapping.ignoredColumns,
    selectedRows: rows.length,
    contentSaleTypes: [],
  };

  // A row is blank when every Claret column is empty: a user's formula column beside a pulled
  // table may still show something on an otherwise empty row, and there is nothing to send.
  const visible = rows.filter((row) => {
    if (row.hidden) result.skippedHidden++;
    else if (candidateIsBlank(row.cells, fieldColumns.length > 0 ? fieldColumns : row.cells.map((_, i) => i))) result.skippedBlank++;
    else return true;
    return false;
  });

  if (mapping.problem !== null) {
    result.errors.push({ rowIndex: -1, address: '', message: mapping.problem });
    result.rowsWithErrors = visible.length;
    return result;
  }

  type Sorted = Problem & { col: number };
  const errors: Sorted[] = [];
  const warnings: Sorted[] = [];
  const errorRows = new Set<number>();
  const firstOfKey = new Map<string, { rowIndex: number; address: string; flagged: boolean }>();
  const candidates: Array<{ rowIndex: number; content: PostSalesContent; saleType: { address: string; name: string } | null }> = [];
  const saleTypeOf = (rowIndex: number, cells: CellInput[]) => {
    const cell = mapping.saleTypeColumn >= 0 ? cells[mapping.saleTypeColumn] : undefined;
    const name = cell && cell.type === 'String' && typeof cell.value === 'string' ? cell.value.trim() : '';
    return name === '' ? null : { address: cellAddress(rowIndex, mapping.saleTypeColumn), name };
  };

  for (const row of visible) {
    const { rowIndex, cells } = row;
    let rowOk = true;
    const rowWarnings: Sorted[] = [];
    const fail = (field: PushField, message: string) => {
      const col = cols[field];
      const address = cellAddress(rowIndex, col);
      errors.push({ rowIndex, address, field, message: `${address}: ${message}`, col });
      rowOk = false;
    };
    const warn = (field: PushField, kind: WarningKind, message: string) => {
      const col = cols[field];
      const address = cellAddress(rowIndex, col);
      rowWarnings.push({ rowIndex, address, field, message: `${address}: ${message}`, kind, col });
    };
    function take<T>(field: PushField, parse: (cell: CellInput) => Parsed<T>): T | undefined {
      const cell = cells[cols[field]];
      if (isEmptyCell(cell)) {
        fail(field, `${headers[cols[field]].trim()} is empty. ${EMPTY_FIX[field]}`);
        return undefined;
      }
      const parsed = parse(cell);
      if (!parsed.ok) {
        fail(field, parsed.message);
        return undefined;
      }
      if (parsed.warning) warn(field, parsed.warning.kind, parsed.warning.message);
      return parsed.value;
    }

    const item = take('item_name', (c) => parseName(c, 'item_name'));
    const group = take('customer_group_name', (c) => parseName(c, 'customer_group_name'));
    const sellDate = take('sell_date', (c) => parseSellDate(c, dateSystem));
    const interval = take('timing_interval_name', parseInterval);
    const quantity = take('quantity', parseQuantity);
    if (sellDate !== undefined && interval !== undefined) {
      const start = intervalStart(sellDate, interval);
      if (start !== null && start !== sellDate) {
        warn('sell_date', 'not-interval-start', `${sellDate} is not the first day of its ${interval}. Claret expects sell_date to be the first day of the interval; did you mean ${start}?`);
      }
    }
    if (!rowOk || item === undefined || group === undefined || sellDate === undefined || interval === undefined || quantity === undefined) {
      errorRows.add(rowIndex);
      continue;
    }

    // Claret matches names as its database does, case-insensitively (Laravel on MySQL's default
    // collation), so "Palm Tree" and "palm tree" on the same date would overwrite each other.
    const key = `${item.toLowerCase()}\u0000${group.toLowerCase()}\u0000${sellDate}\u0000${interval}`;
    const address = cellAddress(rowIndex, cols.item_name);
    const first = firstOfKey.get(key);
    if (first) {
      const what = `(${item}, ${group}, ${sellDate}, ${interval})`;
      errors.push({
        rowIndex,
        address,
        field: 'item_name',
        col: cols.item_name,
        message: `${address}: this row has the same item, customer group, sell_date and timing interval as the row at ${first.address} ${what}. Keep one of the two rows.`,
      });
      errorRows.add(rowIndex);
      if (!first.flagged) {
        first.flagged = true;
        errors.push({
          rowIndex: first.rowIndex,
          address: first.address,
          field: 'item_name',
          col: cols.item_name,
          message: `${first.address}: this row has the same item, customer group, sell_date and timing interval as the row at ${address} ${what}. Keep one of the two rows.`,
        });
        errorRows.add(first.rowIndex);
      }
      continue;
    }
    firstOfKey.set(key, { rowIndex, address, flagged: false });
    candidates.push({
      rowIndex,
      content: { item_name: item, customer_group_name: group, sell_date: sellDate, timing_interval_name: interval, quantity },
      saleType: saleTypeOf(rowIndex, cells),
    });
    warnings.push(...rowWarnings);
  }

  for (const { rowIndex, content, saleType } of candidates) {
    if (errorRows.has(rowIndex)) continue;
    result.content.push(content);
    result.contentRowIndex.push(rowIndex);
    result.contentSaleTypes.push(saleType);
  }
  const byCell = (a: Sorted, b: Sorted) => a.rowIndex - b.rowIndex || a.col - b.col;
  const strip = ({ col: _col, ...p }: Sorted): Problem => p;
  result.errors = errors.sort(byCell).map(strip);
  result.warnings = warnings.filter((w) => !errorRows.has(w.rowIndex)).sort(byCell).map(strip);
  result.rowsWithErrors = errorRows.size;
  return result;
}

/**
 * The rows to send whose sale_type_name cell names another sale type than `saleTypeName` (compared
 * as Claret compares names, ignoring case). Sending them would write, say, History quantities into
 * Forecast: the sale type travels once in `arguments`, not per row.
 */
export function saleTypeConflicts(validation: Pick<PushValidation, 'contentSaleTypes'>, saleTypeName: string): Array<{ address: string; name: string }> {
  const wanted = saleTypeName.trim().toLowerCase();
  return validation.contentSaleTypes.filter((s): s is { address: string; name: string } => s !== null && s.name.toLowerCase() !== wanted);
}

/**
 * The cell behind a server error on `content.N.field` of a batch: `contentIndex` is N plus the
 * batch's offset into `validation.content`. A field with no column of its own points at the row's
 * item cell. Null when the index is out of range.
 */
export function cellForContentField(
  input: Pick<SelectionInput, 'headers' | 'cellAddress'>,
  validation: Pick<PushValidation, 'contentRowIndex'>,
  contentIndex: number,
  field: string,
): { rowIndex: number; address: string } | null {
  const rowIndex = validation.contentRowIndex[contentIndex];
  if (rowIndex === undefined) return null;
  const { columns } = mapHeaders(input.headers);
  const col = Object.prototype.hasOwnProperty.call(columns, field) ? (columns as Record<string, number>)[field] : -1;
  return { rowIndex, address: input.cellAddress(rowIndex, col >= 0 ? col : columns.item_name) };
}
