// The column layout of a pulled table: the ten base fields of a sales record in a fixed order, then
// every other key (the flattened hierarchy levels, whatever their names) in the order first seen.

import type { SaleRecord } from "../claret/types";

export type ColumnKind = "date" | "datetime" | "number" | "integer" | "text";

export interface ColumnSpec {
  /** the record key, also the table's header text (so a pulled table pushes back as it is) */
  key: string;
  kind: ColumnKind;
  /** Excel number format for the column's data cells */
  numberFormat: string;
  /** true for the keys beyond the ten base fields */
  hierarchy: boolean;
}

/**
 * Number format per kind. Text is '@' so that names such as "0117", "=HYPERLINK(…)", "+1" or
 * "@SUM(A1)" stay literal strings instead of becoming numbers or formulas. Quantities use
 * "General" rather than "#,##0.###", which shows a whole number as "196." with a dangling point.
 */
export const NUMBER_FORMATS: Readonly<Record<ColumnKind, string>> = {
  date: "yyyy-mm-dd",
  datetime: "yyyy-mm-dd hh:mm:ss",
  number: "General",
  integer: "0",
  text: "@",
};

const BASE_KINDS = {
  sell_date: "date",
  item_name: "text",
  customer_group_name: "text",
  quantity: "number",
  uom_abbr: "text",
  timing_interval_span: "text",
  sale_type_name: "text",
  id: "integer",
  created_at: "datetime",
  updated_at: "datetime",
} as const satisfies Record<string, ColumnKind>;

export type BaseField = keyof typeof BASE_KINDS;

/** The ten base fields in table order. */
export const BASE_FIELDS = Object.keys(BASE_KINDS) as BaseField[];

function spec(key: string, kind: ColumnKind, hierarchy: boolean): ColumnSpec {
  return { key, kind, numberFormat: NUMBER_FORMATS[kind], hierarchy };
}

export const BASE_COLUMNS: readonly ColumnSpec[] = BASE_FIELDS.map((key) =>
  spec(key, BASE_KINDS[key], false)
);

export function isBaseField(key: string): key is BaseField {
  return Object.prototype.hasOwnProperty.call(BASE_KINDS, key);
}

/** The spec of any column: a base field's own kind, text for a hierarchy level. */
export function columnSpec(key: string): ColumnSpec {
  return isBaseField(key) ? spec(key, BASE_KINDS[key], false) : spec(key, "text", true);
}

/**
 * The layout of one table, grown page by page: the base columns from the start, a hierarchy column
 * the first time a record carries its key. `observe` returns the columns that page added, so a
 * pipeline can widen the table when a later page brings a new key.
 */
export class ColumnLayout {
  private readonly specs: ColumnSpec[] = [...BASE_COLUMNS];
  private readonly known = new Set<string>(BASE_FIELDS);
  /** observe's shortcut: the keys of the records observed, by position; every one is in `known` */
  private readonly lastKeys: string[] = [];

  /** `keys`: a layout already in use (e.g. a stored table's headers); base columns are always first. */
  constructor(keys: readonly string[] = []) {
    for (const key of keys) this.add(key);
  }

  get columns(): readonly ColumnSpec[] {
    return this.specs;
  }

  get keys(): string[] {
    return this.specs.map((c) => c.key);
  }

  get length(): number {
    return this.specs.length;
  }

  /** Adds the keys these records bring that the layout lacks, in first-seen order; returns the new columns. */
  observe(records: readonly SaleRecord[]): ColumnSpec[] {
    const added: ColumnSpec[] = [];
    // Records of a page nearly always carry the same keys in the same order, and JSON.parse gives
    // equal keys as the same interned string: a key that is the one at the same position of the
    // last record checked is known, with no hashing. Only the others are looked up in the Set.
    const seen = this.lastKeys;
    for (let r = 0; r < records.length; r++) {
      const record = records[r];
      let i = 0;
      for (const key in record) {
        if (seen[i] !== key) {
          if (!this.known.has(key)) added.push(this.add(key));
          seen[i] = key;
        }
        i++;
      }
    }
    return added;
  }

  private add(key: string): ColumnSpec {
    const existing = this.specs.find((c) => c.key === key);
    if (existing) return existing;
    const column = columnSpec(key);
    this.specs.push(column);
    this.known.add(key);
    return column;
  }
}
