// Which column of a selection feeds which field of a POST /sales `content` object, by header name.

import type { PostSalesContent } from "../claret/types";
import type { DateSystem } from "./excelDates";
import type { CellValue } from "./rows";

/** The RangeValueType strings the Excel JavaScript API reports per cell. */
export type CellValueType =
  "Empty" | "String" | "Double" | "Boolean" | "Error" | "Integer" | "Unknown";

/** One cell of the selection as src/excel reads it: its value (not formula), type, and number format. */
export interface CellInput {
  value: CellValue;
  type: CellValueType;
  numberFormat?: string;
}

export interface SelectionRow {
  /** 0-based index within the selection's data rows (header row excluded) */
  rowIndex: number;
  /** one cell per header, same order */
  cells: CellInput[];
  /** hidden by a filter or by hand: skipped, never validated */
  hidden: boolean;
}

/** A selected range as src/excel hands it to validation. */
export interface SelectionInput {
  headers: string[];
  rows: SelectionRow[];
  /** A1 address of a data cell, e.g. cellAddress(5, 3) = "D7" when data starts on row 2 */
  cellAddress(rowIndex: number, colIndex: number): string;
  dateSystem: DateSystem;
}

export type PushField = keyof PostSalesContent;

/** Required fields in the order the missing-columns message recommends them. */
export const PUSH_FIELDS: readonly PushField[] = [
  "item_name",
  "customer_group_name",
  "sell_date",
  "timing_interval_name",
  "quantity",
];

/** A header in comparable form: trimmed, lower case, runs of spaces/underscores as one "_". */
export function normalizeHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "_");
}

export interface HeaderMapping {
  /** column index feeding each field, -1 when none does */
  columns: Record<PushField, number>;
  /** header text of the columns that feed nothing (blank headers left out) */
  ignoredColumns: string[];
  /** the one problem that stops validation (missing or doubled columns), or null */
  problem: string | null;
  /**
   * column naming each row's sale type (a pulled table's sale_type_name), or -1. Not sent — the
   * sale type goes in `arguments` — but checked against it, so History rows never land in Forecast.
   */
  saleTypeColumn: number;
}

export function mapHeaders(headers: readonly string[]): HeaderMapping {
  const columns: Record<PushField, number> = {
    item_name: -1,
    customer_group_name: -1,
    sell_date: -1,
    timing_interval_name: -1,
    quantity: -1,
  };
  let spanColumn = -1;
  let saleTypeColumn = -1;
  const doubled: string[] = [];
  const ignored: number[] = [];
  headers.forEach((header, index) => {
    const name = normalizeHeader(header ?? "");
    if (name === "timing_interval_span") {
      if (spanColumn >= 0) doubled.push(`"${headers[spanColumn]}" and "${header}"`);
      else spanColumn = index;
    } else if ((PUSH_FIELDS as readonly string[]).includes(name)) {
      const field = name as PushField;
      if (columns[field] >= 0) doubled.push(`"${headers[columns[field]]}" and "${header}"`);
      else columns[field] = index;
    } else if (name !== "") {
      if (name === "sale_type_name" && saleTypeColumn < 0) saleTypeColumn = index;
      ignored.push(index);
    }
  });
  // A pulled table has timing_interval_span; it feeds timing_interval_name. If a selection has
  // both, timing_interval_name is the field Claret reads, so it wins and the span is ignored.
  if (spanColumn >= 0) {
    if (columns.timing_interval_name < 0) columns.timing_interval_name = spanColumn;
    else ignored.push(spanColumn);
  }
  ignored.sort((a, b) => a - b);
  const ignoredColumns = ignored.map((i) => headers[i].trim());

  let problem: string | null = null;
  const missing = PUSH_FIELDS.filter((f) => columns[f] < 0).sort();
  if (doubled.length > 0) {
    problem = `The selection has more than one column for the same field: ${doubled.join("; ")}. Keep one of each.`;
  } else if (missing.length > 0) {
    problem =
      `The selection has no column for ${missing.join(", ")}. ` +
      "Add headers named item_name, customer_group_name, sell_date, timing_interval_name (or timing_interval_span) and quantity.";
  }
  return { columns, ignoredColumns, problem, saleTypeColumn };
}

/**
 * The column index holding `field` of the content objects (e.g. "quantity" from a server error on
 * `content.N.quantity`), or -1. `timing_interval_name` resolves to timing_interval_span when that
 * is the column that fed it.
 */
export function columnForField(headers: readonly string[], field: string): number {
  const columns = mapHeaders(headers).columns as Record<string, number>;
  return Object.prototype.hasOwnProperty.call(columns, field) ? columns[field] : -1;
}
