// Validation of a selection before POST /sales: every visible, non-blank row becomes a `content`
// object or an error at its cell. Nothing here decides what is sent; it says what could be.

import { TIMING_INTERVALS, type PostSalesContent, type TimingInterval } from "../claret/types";
import { hasIsoDateShape, isIsoDate } from "../claret/isoDate";
import { serialToIsoDate, type DateSystem } from "./excelDates";
import { claretName, recordKeyString } from "./recordKey";
import {
  columnForField,
  mapHeaders,
  type CellInput,
  type PushField,
  type SelectionInput,
} from "./pushMapping";

export interface Problem {
  /** 0-based data row within the selection; -1 for a problem with the columns themselves */
  rowIndex: number;
  /** A1 address of the cell, "" when the problem is not tied to one cell (missing columns) */
  address: string;
  /** 0-based column of the cell within the selection; unset when not tied to one cell */
  column?: number;
  field?: PushField;
  /** what is wrong, without the address (the preview shows the address as a link before it) */
  message: string;
  /** set on warnings: which kind, so the preview can show one grouped line per kind (problemGroups.ts) */
  kind?: WarningKind;
}

/**
 * The kinds of warning: a decimal quantity, a sell_date that is not the first day of its interval,
 * a plain number (no date format) read as a date.
 */
export type WarningKind = "decimal-quantity" | "not-interval-start" | "date-as-number";

/** A row that passed validation: what it sends and where it came from. */
export interface ValidRow {
  /** 0-based data row within the selection (maps a server `content.N.field` back to its cells) */
  rowIndex: number;
  content: PostSalesContent;
  /**
   * the sale type the row's sale_type_name cell names; null when the selection has no such
   * column or the cell holds no text. See saleTypeConflicts.
   */
  saleTypeName: string | null;
}

export interface PushValidation {
  /** the valid rows, in selection order: what would be sent */
  rows: ValidRow[];
  errors: Problem[];
  warnings: Problem[];
  skippedHidden: number;
  skippedBlank: number;
  /** visible, non-blank rows that cannot be sent (all of them when columns are missing) */
  rowsWithErrors: number;
  ignoredColumns: string[];
  /** data rows in the selection, hidden and blank included: rows + skipped + rowsWithErrors */
  selectedRows: number;
}

const INTERVALS_SENTENCE = "Use day, week, month, quarter or year.";
const DATE_HINT = "Use YYYY-MM-DD or an Excel date.";
const INTERVAL_SET: ReadonlySet<string> = new Set(TIMING_INTERVALS);

// Numeric text for quantity: digits with an optional sign and a dot for decimals; commas only as
// thousands separators in groups of three ("1,234.5"). "1,5" is refused rather than guessed:
// in many locales it means 1.5, in others 15, and a wrong guess would be written silently.
const NUMERIC_TEXT = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\.\d+$/;

// The parsers below return the value, or an Invalid saying why not. Warnings are checked apart,
// only on values that parsed: this runs per cell of selections of 10,000s of rows, so the hot
// path allocates nothing beyond the results it returns (no per-cell result objects or closures).
class Invalid {
  constructor(readonly message: string) {}
}

function isEmptyCell(cell: CellInput | undefined): boolean {
  if (!cell || cell.type === "Empty" || cell.value === null) return true;
  return typeof cell.value === "string" && cell.value.trim() === "";
}

/** How a value is quoted in a message: text in quotes, numbers and booleans as Excel shows them. */
function show(value: CellInput["value"]): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return String(value);
}

function isErrorCell(cell: CellInput): boolean {
  return cell.type === "Error";
}

const NAME_WORDING = {
  item_name: { noun: "an item name", fix: "type the item's name" },
  customer_group_name: { noun: "a customer group name", fix: "type the customer group's name" },
} as const;

const ZEROS_FORMAT = /^0+$/;

function parseName(cell: CellInput, field: "item_name" | "customer_group_name"): string | Invalid {
  const v = cell.value;
  if (typeof v === "string" && !isErrorCell(cell)) return v.trim();
  const { noun, fix } = NAME_WORDING[field];
  if (isErrorCell(cell))
    return new Invalid(`the cell shows the error ${cell.value}. Correct it or ${fix}.`);
  if (typeof v === "number") {
    // An item named 117 typed into a number cell is the number 117; Claret names are text.
    // A format of zeros ("0000") shows leading zeros the value lacks: send what the planner sees.
    const fmt = cell.numberFormat;
    return Number.isInteger(v) && fmt && ZEROS_FORMAT.test(fmt)
      ? String(v).padStart(fmt.length, "0")
      : String(v);
  }
  return new Invalid(`${show(v)} is not ${noun}. ${fix[0].toUpperCase()}${fix.slice(1)} as text.`);
}

/** A format that shows a number as a date has a y, m or d outside quoted text and [..] sections. */
const dateFormatMemo = new Map<string, boolean>();
function looksLikeDateFormat(fmt: string): boolean {
  let isDate = dateFormatMemo.get(fmt);
  if (isDate === undefined) {
    isDate = /[ymd]/i.test(fmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, ""));
    if (dateFormatMemo.size > 1000) dateFormatMemo.clear();
    dateFormatMemo.set(fmt, isDate);
  }
  return isDate;
}

function parseSellDate(cell: CellInput, system: DateSystem): string | Invalid {
  if (isErrorCell(cell))
    return new Invalid(
      `the cell shows the error ${cell.value}. Correct it or use YYYY-MM-DD or an Excel date.`
    );
  const v = cell.value;
  if (typeof v === "number") {
    const iso = serialToIsoDate(Math.floor(v), system);
    if (iso !== null && !Number.isInteger(v)) {
      // name the date and time as the cell shows them, not the serial behind them
      const minutes = Math.round((v - Math.floor(v)) * 1440);
      const time = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
      return new Invalid(`${iso} ${time} includes a time of day. Enter the date alone, ${iso}.`);
    }
    if (iso === null) return new Invalid(`the date number ${v} is not a real date. ${DATE_HINT}`);
    return iso;
  }
  if (typeof v === "string") {
    const text = v.trim();
    if (isIsoDate(text)) return text;
    if (hasIsoDateShape(text)) return new Invalid(`${show(v)} is not a real date. ${DATE_HINT}`);
  }
  return new Invalid(`${show(v)} is not a date. ${DATE_HINT}`);
}

/** The warning on a sell_date that parsed from a number cell whose format does not show a date, or null. */
function dateAsNumberWarning(cell: CellInput, iso: string): string | null {
  const v = cell.value;
  return typeof v === "number" &&
    cell.numberFormat !== undefined &&
    !looksLikeDateFormat(cell.numberFormat)
    ? `${v} is a plain number, read as the Excel date ${iso}. Check that this column holds dates.`
    : null;
}

function parseInterval(cell: CellInput): TimingInterval | Invalid {
  if (isErrorCell(cell))
    return new Invalid(
      `the cell shows the error ${cell.value}. Correct it or use day, week, month, quarter or year.`
    );
  const v = cell.value;
  const text = typeof v === "string" ? v.trim().toLowerCase() : "";
  if (INTERVAL_SET.has(text)) return text as TimingInterval;
  return new Invalid(`${show(v)} is not a timing interval. ${INTERVALS_SENTENCE}`);
}

function parseQuantity(cell: CellInput): number | Invalid {
  if (isErrorCell(cell))
    return new Invalid(`the cell shows the error ${cell.value}. Correct it or type a number.`);
  const v = cell.value;
  let n: number;
  if (typeof v === "number") {
    n = v;
  } else if (typeof v === "string") {
    const text = v.trim();
    if (!NUMERIC_TEXT.test(text)) {
      const hint = text.includes(",")
        ? "Use a dot for decimals and commas only between thousands, e.g. 1,234.5."
        : "Type the quantity as a number.";
      return new Invalid(`${show(v)} is not a number. ${hint}`);
    }
    n = Number(text.replace(/,/g, ""));
  } else {
    return new Invalid(`${show(v)} is not a number. Type the quantity as a number.`);
  }
  if (!Number.isFinite(n))
    return new Invalid(`${show(v)} is not a finite number. Type the quantity as a number.`);
  return n;
}

function decimalQuantityWarning(n: number): string {
  const text = String(n);
  return `${text} is not a whole number. Claret documents quantity as an integer; it will be sent as ${text}.`;
}

const EMPTY_FIX: Record<PushField, string> = {
  item_name: "Type the item's name.",
  customer_group_name: "Type the customer group's name.",
  sell_date: DATE_HINT,
  timing_interval_name: INTERVALS_SENTENCE,
  quantity: "Type a number (0 if there were no sales).",
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
  if (interval === "month") return `${iso.slice(0, 7)}-01`;
  if (interval === "quarter") return `${y}-${String(m - ((m - 1) % 3)).padStart(2, "0")}-01`;
  if (interval === "year") return `${y}-01-01`;
  return null;
}

/** intervalStart(iso, interval) is null or iso itself, read off the characters of a valid 'YYYY-MM-DD' without building a string. */
function isIntervalStart(iso: string, interval: TimingInterval): boolean {
  if (interval === "day" || interval === "week") return true;
  if (iso.charCodeAt(8) !== 48 /* 0 */ || iso.charCodeAt(9) !== 49 /* 1 */) return false;
  if (interval === "month") return true;
  const m = (iso.charCodeAt(5) - 48) * 10 + (iso.charCodeAt(6) - 48);
  return interval === "quarter" ? m % 3 === 1 : m === 1;
}

function candidateIsBlank(cells: CellInput[], columns: readonly number[] | null): boolean {
  if (columns === null) {
    for (let c = 0; c < cells.length; c++) if (!isEmptyCell(cells[c])) return false;
    return true;
  }
  for (let i = 0; i < columns.length; i++) if (!isEmptyCell(cells[columns[i]])) return false;
  return true;
}

/**
 * Problems in cell order (row, then column; stable). Rows are validated in order, so the list is
 * usually sorted already and is then returned as it is.
 */
type AtCell = Problem & { column: number };

function inCellOrder(problems: AtCell[]): Problem[] {
  let sorted = true;
  for (let i = 1; i < problems.length && sorted; i++) {
    const d = problems[i - 1].rowIndex - problems[i].rowIndex;
    sorted = d < 0 || (d === 0 && problems[i - 1].column <= problems[i].column);
  }
  if (sorted) return problems;
  // Array.prototype.sort is stable (ES2019), so equal cells keep the order they were found in
  return problems.slice().sort((a, b) => a.rowIndex - b.rowIndex || a.column - b.column);
}

export function validatePushSelection(input: SelectionInput): PushValidation {
  const { headers, rows, cellAddress, dateSystem } = input;
  const mapping = mapHeaders(headers);
  const cols = mapping.columns;
  const fieldColumns = Object.values(cols).filter((c) => c >= 0);
  const result: PushValidation = {
    rows: [],
    errors: [],
    warnings: [],
    skippedHidden: 0,
    skippedBlank: 0,
    rowsWithErrors: 0,
    ignoredColumns: mapping.ignoredColumns,
    selectedRows: rows.length,
  };

  // A row is blank when every Claret column is empty: a user's formula column beside a pulled
  // table may still show something on an otherwise empty row, and there is nothing to send.
  const blankColumns = fieldColumns.length > 0 ? fieldColumns : null;
  const visible: SelectionInput["rows"] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row.hidden) result.skippedHidden++;
    else if (candidateIsBlank(row.cells, blankColumns)) result.skippedBlank++;
    else visible.push(row);
  }

  if (mapping.problem !== null) {
    result.errors.push({ rowIndex: -1, address: "", message: mapping.problem });
    result.rowsWithErrors = visible.length;
    return result;
  }

  const itemCol = cols.item_name;
  const groupCol = cols.customer_group_name;
  const dateCol = cols.sell_date;
  const intervalCol = cols.timing_interval_name;
  const quantityCol = cols.quantity;
  const saleTypeCol = mapping.saleTypeColumn;
  const emptyMessage = (field: PushField) =>
    `${headers[cols[field]].trim()} is empty. ${EMPTY_FIX[field]}`;

  // Warnings of a row are dropped again (length reset) when the row turns out not to be sendable.
  const errors: AtCell[] = [];
  const warnings: AtCell[] = [];
  const fail = (rowIndex: number, field: PushField, column: number, message: string) => {
    errors.push({ rowIndex, address: cellAddress(rowIndex, column), column, field, message });
  };
  const warn = (
    rowIndex: number,
    field: PushField,
    column: number,
    kind: WarningKind,
    message: string
  ) => {
    const address = cellAddress(rowIndex, column);
    warnings.push({ rowIndex, address, column, field, message, kind });
  };

  // One field of a row: empty or unreadable → an error at its cell and undefined; else its value.
  // The parsers are made once here, not per row, so the hot loop allocates nothing for them.
  const readField = <T>(
    rowIndex: number,
    cells: readonly CellInput[],
    field: PushField,
    col: number,
    parse: (cell: CellInput) => T | Invalid
  ): T | undefined => {
    const cell = cells[col];
    if (isEmptyCell(cell)) {
      fail(rowIndex, field, col, emptyMessage(field));
      return undefined;
    }
    const parsed = parse(cell);
    if (parsed instanceof Invalid) {
      fail(rowIndex, field, col, parsed.message);
      return undefined;
    }
    return parsed;
  };
  const parseItem = (cell: CellInput) => parseName(cell, "item_name");
  const parseGroup = (cell: CellInput) => parseName(cell, "customer_group_name");
  const parseDate = (cell: CellInput) => parseSellDate(cell, dateSystem);

  const errorRows = new Set<number>();
  // Rows whose five fields parsed, before duplicates are known; the first row of each (item, group,
  // date, interval) key, and those of them already reported as the first of a duplicate.
  const candidates: ValidRow[] = [];
  const firstOfKey = new Map<string, ValidRow>();
  const flagged = new Set<ValidRow>();

  for (let v = 0; v < visible.length; v++) {
    const { rowIndex, cells } = visible[v];
    const warningsBefore = warnings.length;

    const item = readField(rowIndex, cells, "item_name", itemCol, parseItem);
    const group = readField(rowIndex, cells, "customer_group_name", groupCol, parseGroup);
    const sellDate = readField(rowIndex, cells, "sell_date", dateCol, parseDate);
    if (sellDate !== undefined) {
      const warning = dateAsNumberWarning(cells[dateCol], sellDate);
      if (warning !== null) warn(rowIndex, "sell_date", dateCol, "date-as-number", warning);
    }
    const interval = readField(rowIndex, cells, "timing_interval_name", intervalCol, parseInterval);
    const quantity = readField(rowIndex, cells, "quantity", quantityCol, parseQuantity);
    if (quantity !== undefined && !Number.isInteger(quantity)) {
      warn(rowIndex, "quantity", quantityCol, "decimal-quantity", decimalQuantityWarning(quantity));
    }

    if (sellDate !== undefined && interval !== undefined && !isIntervalStart(sellDate, interval)) {
      const start = intervalStart(sellDate, interval);
      warn(
        rowIndex,
        "sell_date",
        dateCol,
        "not-interval-start",
        `${sellDate} is not the first day of its ${interval}. Claret expects sell_date to be the first day of the interval; did you mean ${start}?`
      );
    }
    if (
      item === undefined ||
      group === undefined ||
      sellDate === undefined ||
      interval === undefined ||
      quantity === undefined
    ) {
      errorRows.add(rowIndex);
      warnings.length = warningsBefore;
      continue;
    }

    // Claret takes "Palm Tree" and "palm tree" on the same date for one record (recordKey.ts): the
    // two rows would overwrite each other.
    const key = recordKeyString({
      item_name: item,
      customer_group_name: group,
      sell_date: sellDate,
      timing_interval_name: interval,
    });
    const first = firstOfKey.get(key);
    if (first !== undefined) {
      const firstRow = first.rowIndex;
      const firstAddress = cellAddress(firstRow, itemCol);
      const address = cellAddress(rowIndex, itemCol);
      const what = `(${item}, ${group}, ${sellDate}, ${interval})`;
      errors.push({
        rowIndex,
        address,
        column: itemCol,
        field: "item_name",
        message: `this row has the same item, customer group, sell_date and timing interval as the row at ${firstAddress} ${what}. Keep one of the two rows.`,
      });
      errorRows.add(rowIndex);
      if (!flagged.has(first)) {
        flagged.add(first);
        errors.push({
          rowIndex: firstRow,
          address: firstAddress,
          column: itemCol,
          field: "item_name",
          message: `this row has the same item, customer group, sell_date and timing interval as the row at ${address} ${what}. Keep one of the two rows.`,
        });
        errorRows.add(firstRow);
      }
      warnings.length = warningsBefore;
      continue;
    }
    let saleTypeName: string | null = null;
    if (saleTypeCol >= 0) {
      const cell = cells[saleTypeCol];
      const name =
        cell && cell.type === "String" && typeof cell.value === "string" ? cell.value.trim() : "";
      if (name !== "") saleTypeName = name;
    }
    const candidate: ValidRow = {
      rowIndex,
      content: {
        item_name: item,
        customer_group_name: group,
        sell_date: sellDate,
        timing_interval_name: interval,
        quantity,
      },
      saleTypeName,
    };
    firstOfKey.set(key, candidate);
    candidates.push(candidate);
  }

  // A candidate is sent unless a later duplicate put its row among the error rows.
  const noErrorRows = errorRows.size === 0;
  result.rows = noErrorRows ? candidates : candidates.filter((c) => !errorRows.has(c.rowIndex));
  result.errors = inCellOrder(errors);
  result.warnings = inCellOrder(
    noErrorRows ? warnings : warnings.filter((w) => !errorRows.has(w.rowIndex))
  );
  result.rowsWithErrors = errorRows.size;
  return result;
}

/**
 * The rows to send whose sale_type_name cell names another sale type than `saleTypeName` (compared
 * as Claret compares names, ignoring case). Sending them would write, say, History quantities into
 * Forecast: the sale type travels once in `arguments`, not per row.
 */
export function saleTypeConflicts(
  input: Pick<SelectionInput, "headers" | "cellAddress">,
  validation: Pick<PushValidation, "rows">,
  saleTypeName: string
): Array<{ address: string; name: string }> {
  const wanted = claretName(saleTypeName);
  const conflicts: Array<{ address: string; name: string }> = [];
  let col = -1; // found on the first conflict: the address is built only for the rows it names
  for (const row of validation.rows) {
    const name = row.saleTypeName;
    if (name === null || claretName(name) === wanted) continue;
    if (col < 0) col = mapHeaders(input.headers).saleTypeColumn;
    conflicts.push({ address: input.cellAddress(row.rowIndex, col), name });
  }
  return conflicts;
}

/**
 * The cell behind a server error on `content.N.field` of a batch: `contentIndex` is N plus the
 * batch's offset into `validation.rows`. A field with no column of its own points at the row's
 * item cell. Null when the index is out of range.
 */
export function cellForContentField(
  input: Pick<SelectionInput, "headers" | "cellAddress">,
  validation: Pick<PushValidation, "rows">,
  contentIndex: number,
  field: string
): { rowIndex: number; address: string } | null {
  const rowIndex = validation.rows[contentIndex]?.rowIndex;
  if (rowIndex === undefined) return null;
  const col = columnForField(input.headers, field);
  return {
    rowIndex,
    address: input.cellAddress(
      rowIndex,
      col >= 0 ? col : columnForField(input.headers, "item_name")
    ),
  };
}
