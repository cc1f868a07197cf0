// The simulator's sales store: records per sale type in id order, the keyset page query of
// GET /sales, and the upsert on the natural key used by POST /sales and insertRecords().

import { TIMING_INTERVALS, type SaleRecord, type TimingInterval } from "../../src/claret/types";
import { recordKeyString, type RecordKey } from "../../src/sales/recordKey";
import {
  buildCatalog,
  generateSales,
  type Catalog,
  type HierarchyNode,
  type StoredSale,
} from "./seed";

export const PER_PAGE = 1000;

export interface StoreOptions {
  records: number;
  forecastRecords: number;
  budgetRecords: number;
  seed: number;
}

export interface SalesPageQuery {
  saleTypeName: string;
  /** YYYY-MM-DD, inclusive */
  startDate: string;
  /** YYYY-MM-DD, inclusive */
  endDate: string;
  currentIndex: number;
  includeHierarchy: boolean;
  /** fault `duplicate-record`: id >= currentIndex (a server's off-by-one) instead of id > currentIndex */
  inclusiveCursor?: boolean;
}

export interface SalesPageResult {
  records: SaleRecord[];
  total: number;
  previousCount: number;
  remaining: number;
  nextIndex: number | null;
}

/** A record given to insertRecords(): names, date and quantity required, the rest optional. */
export type InsertRecord = Partial<SaleRecord> & {
  item_name: string;
  customer_group_name: string;
  sell_date: string;
  quantity: number;
};

/** One record to upsert, already validated (POST) or given by a test (insertRecords). */
export interface UpsertInput {
  item: HierarchyNode;
  customerGroup: HierarchyNode;
  sellDate: string;
  interval: TimingInterval;
  quantity: number;
  /** null: stored and served as null (a test seeding what Laravel allows) */
  uom?: string | null;
  id?: number;
  createdAt?: number | null;
  updatedAt?: number | null;
}

/** Claret prints timestamps with microseconds: 2021-09-28T16:51:44.000000Z */
export function isoMicros(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, "000Z");
}

export class SalesStore {
  readonly catalog: Catalog;
  private readonly rows = new Map<string, StoredSale[]>();
  /** natural key → row, per sale type; built on first write so a 100k-record start stays cheap */
  private readonly byKey = new Map<string, Map<string, StoredSale>>();
  private lastId: number;
  /** the time of the latest write, so each write's updated_at is later than the one before */
  private lastWriteAt = 0;

  constructor(opts: StoreOptions) {
    this.catalog = buildCatalog();
    const { bySaleType, lastId } = generateSales(
      this.catalog,
      [
        { saleTypeName: "History", count: opts.records, firstYear: 2020, months: 60 },
        { saleTypeName: "Forecast", count: opts.forecastRecords, firstYear: 2024, months: 24 },
        { saleTypeName: "Budget", count: opts.budgetRecords, firstYear: 2025, months: 12 },
      ],
      opts.seed
    );
    for (const [name, list] of bySaleType) this.rows.set(name, list);
    this.lastId = lastId;
  }

  hasSaleType(name: string): boolean {
    return this.catalog.saleTypes.has(name);
  }

  saleTypeId(name: string): number | undefined {
    return this.catalog.saleTypes.get(name);
  }

  /** Makes sure a sale type exists (insertRecords may name a new one). */
  ensureSaleType(name: string): void {
    this.catalog.saleTypeId(name);
    if (!this.rows.has(name)) this.rows.set(name, []);
  }

  /** One keyset page: matching records with id > currentIndex, ascending, at most PER_PAGE. */
  page(q: SalesPageQuery): SalesPageResult {
    const rows = this.rows.get(q.saleTypeName) ?? [];
    const inWindow = (r: StoredSale) => r.sellDate >= q.startDate && r.sellDate <= q.endDate;
    const before = q.inclusiveCursor && q.currentIndex > 0 ? q.currentIndex - 1 : q.currentIndex;
    let total = 0;
    let previousCount = 0;
    const picked: StoredSale[] = [];
    for (const r of rows) {
      if (!inWindow(r)) continue;
      total++;
      if (r.id <= before) previousCount++;
      else if (picked.length < PER_PAGE) picked.push(r);
    }
    const remaining = total - previousCount - picked.length;
    return {
      records: picked.map((r) => this.render(r, q.saleTypeName, q.includeHierarchy)),
      total,
      previousCount,
      remaining,
      nextIndex: remaining > 0 ? picked[picked.length - 1].id : null,
    };
  }

  /** Every stored record of a sale type, id ascending. */
  all(saleTypeName: string, includeHierarchy: boolean): SaleRecord[] {
    return (this.rows.get(saleTypeName) ?? []).map((r) =>
      this.render(r, saleTypeName, includeHierarchy)
    );
  }

  findByKey(
    saleTypeName: string,
    input: Pick<UpsertInput, "item" | "customerGroup" | "sellDate" | "interval">
  ): StoredSale | undefined {
    return this.keyIndex(saleTypeName).get(recordKeyString(asRecordKey(input)));
  }

  /**
   * Upserts a batch on the natural key (item, customer group, sale type, sell_date, interval).
   * Callers validate first; this never fails half-way. A key repeated within one batch is
   * applied in order: the first occurrence creates, later ones update.
   *
   * Timestamps as claret-api.md §3 says (Laravel's Eloquent): an update that changes the quantity
   * (or the unit) sets updated_at to the time of the write, an update that changes nothing leaves
   * it; a create sets created_at and updated_at and takes a new id; the id stays across updates.
   * The write time is strictly later than the previous write's, so two writes within one
   * millisecond still tell apart (a client comparing versions must see the second one).
   */
  upsert(
    saleTypeName: string,
    inputs: UpsertInput[],
    at = Date.now()
  ): { rows: StoredSale[]; created: number; updated: number } {
    const now = (this.lastWriteAt = Math.max(at, this.lastWriteAt + 1));
    this.ensureSaleType(saleTypeName);
    const list = this.rows.get(saleTypeName)!;
    const index = this.keyIndex(saleTypeName);
    let created = 0;
    let updated = 0;
    const out: StoredSale[] = [];
    for (const input of inputs) {
      const key = recordKeyString(asRecordKey(input));
      const existing = index.get(key);
      if (existing) {
        const changed =
          existing.quantity !== input.quantity ||
          ((input.uom || input.uom === null) && existing.uom !== input.uom);
        existing.quantity = input.quantity;
        if (input.uom || input.uom === null) existing.uom = input.uom;
        if (input.updatedAt !== undefined) existing.updatedAt = input.updatedAt;
        else if (changed) existing.updatedAt = now;
        updated++;
        out.push(existing);
        continue;
      }
      const id = input.id ?? this.lastId + 1 + (created % 3); // small gaps, ids still ascending
      if (input.id !== undefined && this.idTaken(id))
        throw new Error(`Record id ${id} is already in use.`);
      this.lastId = Math.max(this.lastId, id);
      const row: StoredSale = {
        id,
        item: input.item,
        customerGroup: input.customerGroup,
        sellDate: input.sellDate,
        interval: input.interval,
        quantity: input.quantity,
        uom: input.uom === undefined ? "9LE" : input.uom,
        createdAt: input.createdAt === undefined ? now : input.createdAt,
        updatedAt:
          input.updatedAt !== undefined
            ? input.updatedAt
            : input.createdAt !== undefined
              ? input.createdAt
              : now,
      };
      insertSorted(list, row);
      index.set(key, row);
      this.catalog.link(input.item, input.customerGroup);
      created++;
      out.push(row);
    }
    return { rows: out, created, updated };
  }

  /**
   * Test seeding: upserts records given by name, creating unknown items and customer groups (with
   * the hierarchy keys the record names, highest level first, e.g. item_brand_group, item_brand)
   * and their links. Returns the stored records, hierarchy keys included.
   */
  insertRecords(saleTypeName: string, records: InsertRecord[]): SaleRecord[] {
    const inputs = records.map((rec, i): UpsertInput => {
      const where = `insertRecords: record ${i}`;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(rec.sell_date) || Number.isNaN(Date.parse(rec.sell_date)))
        throw new Error(`${where}: sell_date must be YYYY-MM-DD, got "${rec.sell_date}".`);
      if (typeof rec.quantity !== "number" || !Number.isFinite(rec.quantity))
        throw new Error(`${where}: quantity must be a finite number.`);
      const interval = (rec.timing_interval_span ?? "month") as TimingInterval;
      if (!(TIMING_INTERVALS as readonly string[]).includes(interval))
        throw new Error(
          `${where}: timing_interval_span must be one of ${TIMING_INTERVALS.join(", ")}.`
        );
      const item = this.resolve("item_", rec.item_name, rec, where);
      const customerGroup = this.resolve("customer_group_", rec.customer_group_name, rec, where);
      const ms = (v: unknown) =>
        typeof v === "string" ? Date.parse(v) : v === null ? null : undefined;
      return {
        item,
        customerGroup,
        sellDate: rec.sell_date,
        interval,
        quantity: rec.quantity,
        uom: typeof rec.uom_abbr === "string" || rec.uom_abbr === null ? rec.uom_abbr : undefined,
        id: typeof rec.id === "number" ? rec.id : undefined,
        createdAt: ms(rec.created_at),
        updatedAt: ms(rec.updated_at),
      };
    });
    return this.upsert(saleTypeName, inputs).rows.map((r) => this.render(r, saleTypeName, true));
  }

  /**
   * Test control: removes a record, as someone deleting it in Claret's own screens would (the API
   * has no DELETE). Returns whether it existed.
   */
  deleteRecord(saleTypeName: string, id: number): boolean {
    const list = this.rows.get(saleTypeName) ?? [];
    const at = findIndex(list, id);
    if (at < 0) return false;
    const [row] = list.splice(at, 1);
    this.byKey.get(saleTypeName)?.delete(recordKeyString(asRecordKey(row)));
    return true;
  }

  /** The named item or customer group, created with the record's hierarchy keys when unknown. */
  private resolve(
    prefix: "item_" | "customer_group_",
    name: string,
    rec: InsertRecord,
    where: string
  ): HierarchyNode {
    const nameKey = `${prefix}name`;
    const levels = Object.keys(rec).filter((k) => k.startsWith(prefix) && k !== nameKey);
    const known = prefix === "item_" ? this.catalog.items : this.catalog.customerGroups;
    const existing = known.get(name);
    const wanted = levels.map((k) => `${k}=${String(rec[k])}`).join(", ");
    if (existing) {
      const have: string[] = [];
      for (let n = existing.parent; n; n = n.parent) have.unshift(`${prefix}${n.level}=${n.name}`);
      if (levels.length > 0 && have.join(", ") !== wanted) {
        throw new Error(
          `${where}: "${name}" already exists under ${have.join(", ") || "no parent"}; it cannot move to ${wanted}.`
        );
      }
      return existing;
    }
    let parent: HierarchyNode | null = null;
    for (const k of levels)
      parent = this.catalog.ancestor(prefix, k.slice(prefix.length), String(rec[k]), parent);
    return prefix === "item_"
      ? this.catalog.addItem(name, parent)
      : this.catalog.addCustomerGroup(name, parent);
  }

  /**
   * Test seeding: deletes records by id (as a Claret user deleting them in Claret's own UI: the API has no DELETE).
   * Returns how many were found.
   */
  deleteRecords(saleTypeName: string, ids: readonly number[]): number {
    const list = this.rows.get(saleTypeName) ?? [];
    const gone = new Set(ids);
    const kept = list.filter((r) => !gone.has(r.id));
    const removed = list.length - kept.length;
    list.length = 0;
    list.push(...kept);
    this.byKey.delete(saleTypeName);
    return removed;
  }

  /** Test seeding: sets the quantity of records by id (updated_at moves to now, as an edit in Claret does). */
  setQuantities(
    saleTypeName: string,
    changes: ReadonlyArray<{ id: number; quantity: number }>,
    now = Date.now()
  ): number {
    const byId = new Map((this.rows.get(saleTypeName) ?? []).map((r) => [r.id, r]));
    let n = 0;
    for (const { id, quantity } of changes) {
      const r = byId.get(id);
      if (!r) continue;
      r.quantity = quantity;
      r.updatedAt = now;
      n++;
    }
    return n;
  }

  render(r: StoredSale, saleTypeName: string, includeHierarchy: boolean): SaleRecord {
    const rec: SaleRecord = {
      id: r.id,
      sell_date: r.sellDate,
      quantity: r.quantity,
      created_at: r.createdAt === null ? null : isoMicros(r.createdAt),
      updated_at: r.updatedAt === null ? null : isoMicros(r.updatedAt),
      item_name: r.item.name,
      customer_group_name: r.customerGroup.name,
      timing_interval_span: r.interval,
      sale_type_name: saleTypeName,
      uom_abbr: r.uom,
    };
    if (includeHierarchy) {
      addLevels(rec, "item_", r.item.parent);
      addLevels(rec, "customer_group_", r.customerGroup.parent);
    }
    return rec;
  }

  private idTaken(id: number): boolean {
    for (const list of this.rows.values()) {
      if (findIndex(list, id) >= 0) return true;
    }
    return false;
  }

  private keyIndex(saleTypeName: string): Map<string, StoredSale> {
    let m = this.byKey.get(saleTypeName);
    if (!m) {
      m = new Map();
      for (const r of this.rows.get(saleTypeName) ?? []) m.set(recordKeyString(asRecordKey(r)), r);
      this.byKey.set(saleTypeName, m);
    }
    return m;
  }
}

/**
 * A stored record's natural key, the one Claret upserts on (claret-api.md §3), by the names of its
 * item and customer group: the store compares keys by the add-in's rule (src/sales/recordKey.ts),
 * within the sale type of its map.
 */
function asRecordKey(
  r: Pick<UpsertInput, "item" | "customerGroup" | "sellDate" | "interval">
): RecordKey {
  return {
    item_name: r.item.name,
    customer_group_name: r.customerGroup.name,
    sell_date: r.sellDate,
    timing_interval_name: r.interval,
  };
}

/** Ancestors highest level first: item_brand_group, item_brand. */
function addLevels(rec: SaleRecord, prefix: string, parent: HierarchyNode | null): void {
  const chain: HierarchyNode[] = [];
  for (let n = parent; n; n = n.parent) chain.unshift(n);
  for (const n of chain) rec[prefix + n.level] = n.name;
}

function findIndex(list: StoredSale[], id: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].id === id) return mid;
    if (list[mid].id < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function insertSorted(list: StoredSale[], row: StoredSale): void {
  if (list.length === 0 || list[list.length - 1].id < row.id) {
    list.push(row);
    return;
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].id < row.id) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, row);
}
