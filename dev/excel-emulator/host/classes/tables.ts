// Tables: the collections of the workbook and of a sheet, a table's parts (ranges, columns, rows), its sort and
// its AutoFilter, a column's filter.

import { formatAddress, type Rect } from "../../address";
import { ErrorCodes, officeError } from "../../errors";
import type { FilterCriteria, SheetModel, TableModel, WorkbookModel } from "../../workbook-model";
import {
  defineClass,
  fixed,
  intArg,
  invalidArgument,
  obj,
  ro,
  rw,
  type HostClass,
  type HostObject,
} from "../schema";
import { Range, rangeArg } from "./range";
import { Worksheet } from "./workbook";

interface TablesTarget {
  wb: WorkbookModel;
  sheet: SheetModel | null;
}

interface ColumnTarget {
  table: TableModel;
  id: number;
}

interface RowTarget {
  table: TableModel;
  index: number;
}

const modelOf = (t: TableModel): WorkbookModel => t.sheet.owner;

function tablesOf(t: TablesTarget): TableModel[] {
  return t.wb.tables.filter((x) => t.sheet === null || x.sheet === t.sheet);
}

function findTable(t: TablesTarget, key: unknown): TableModel | null {
  const k = String(key).toLowerCase();
  return tablesOf(t).find((x) => x.name.toLowerCase() === k || x.id.toLowerCase() === k) ?? null;
}

export const TableCollection: HostClass<TablesTarget> = defineClass<TablesTarget>({
  name: "TableCollection",
  scalars: [],
  props: { count: ro((t) => tablesOf(t).length) },
  items: (t) => tablesOf(t).map((x) => obj(Table, x)),
  indexer: (t, key) => {
    const found = findTable(t, key);
    if (!found)
      throw officeError(
        ErrorCodes.itemNotFound,
        `There is no table named '${String(key)}'${t.sheet ? ` on worksheet '${t.sheet.name}'` : ""}.`
      );
    return obj(Table, found);
  },
  methods: {
    add: (t, [address, hasHeaders], ctx) => {
      const base = t.sheet ?? t.wb.activeSheet;
      const target = rangeArg(address, base);
      if (t.sheet && target.sheet !== t.sheet)
        throw invalidArgument("The address is on another worksheet.");
      const created = t.wb.addTable(target.sheet, target.rect, !!hasHeaders);
      ctx.changed();
      return obj(Table, created);
    },
    getItemOrNullObject: (t, [key]) => obj(Table, findTable(t, key)),
    getCount: (t) => tablesOf(t).length,
  },
});

function tableAlive(t: TableModel): void {
  if (t.deleted)
    throw officeError(ErrorCodes.itemNotFound, `The table '${t.name}' has been deleted.`);
}

function part(t: TableModel, rect: Rect | null): HostObject {
  return obj(Range, rect && { sheet: t.sheet, rect });
}

export const Table: HostClass<TableModel> = defineClass<TableModel>({
  name: "Table",
  scalars: [
    "id",
    "legacyId",
    "name",
    "showHeaders",
    "showTotals",
    "style",
    "showBandedRows",
    "showBandedColumns",
    "showFilterButton",
    "highlightFirstColumn",
    "highlightLastColumn",
  ],
  id: (t) => t.id,
  alive: tableAlive,
  props: {
    id: ro((t) => t.id),
    legacyId: ro((t) => t.id),
    name: rw(
      (t) => t.name,
      (t, v) => modelOf(t).renameTable(t, String(v))
    ),
    showHeaders: rw(
      (t) => t.showHeaders,
      (_t, v) => {
        if (!v)
          throw invalidArgument("Hiding a table's header row is not modelled by the emulator.");
      }
    ),
    showTotals: rw(
      (t) => t.showTotals,
      (t, v) => modelOf(t).setShowTotals(t, !!v)
    ),
    style: rw(
      (t) => t.style,
      (t, v) => (t.style = String(v))
    ),
    showBandedRows: rw(
      (t) => t.showBandedRows,
      (t, v) => (t.showBandedRows = !!v)
    ),
    showBandedColumns: fixed(false, true),
    showFilterButton: rw(
      (t) => t.showFilterButton,
      (t, v) => (t.showFilterButton = !!v)
    ),
    highlightFirstColumn: fixed(false, true),
    highlightLastColumn: fixed(false, true),
  },
  navs: {
    worksheet: (t) => obj(Worksheet, t.sheet),
    columns: (t) => obj(TableColumnCollection, t),
    rows: (t) => obj(TableRowCollection, t),
    sort: (t) => obj(TableSort, t),
    autoFilter: (t) => obj(AutoFilter, t),
  },
  methods: {
    getRange: (t) => part(t, t.rect),
    getHeaderRowRange: (t) => {
      if (!t.showHeaders)
        throw officeError(
          ErrorCodes.invalidOperation,
          `The table '${t.name}' does not show its header row.`
        );
      return part(t, t.headerRect());
    },
    getDataBodyRange: (t) => part(t, t.bodyRect()),
    getTotalRowRange: (t) => {
      const rect = t.totalsRect();
      if (!rect)
        throw officeError(
          ErrorCodes.invalidOperation,
          `The table '${t.name}' does not show its totals row.`
        );
      return part(t, rect);
    },
    resize: (t, [newRange], ctx) => {
      const target = rangeArg(newRange, t.sheet);
      if (target.sheet !== t.sheet)
        throw invalidArgument(
          `A table can only be resized on its own worksheet ('${t.sheet.name}').`
        );
      modelOf(t).resizeTable(t, target.rect);
      ctx.changed();
    },
    delete: (t, _a, ctx) => {
      modelOf(t).deleteTable(t);
      ctx.changed();
    },
    clearFilters: (t, _a, ctx) => {
      modelOf(t).clearFilters(t);
      ctx.changed();
    },
    reapplyFilters: (t, _a, ctx) => {
      modelOf(t).reapplyFilters(t);
      ctx.changed();
    },
  },
});

/** Table.sort (ExcelApi 1.2): apply, reapply and clear; fields are table column indexes. */
export const TableSort: HostClass<TableModel> = defineClass<TableModel>({
  name: "TableSort",
  scalars: ["fields", "matchCase", "method"],
  props: {
    fields: ro((t) =>
      (t.sort?.fields ?? [])
        .map((f) => ({ key: t.columnIds.indexOf(f.columnId), ascending: f.ascending }))
        .filter((f) => f.key >= 0)
    ),
    matchCase: ro((t) => t.sort?.matchCase ?? false),
    method: fixed("PinYin"),
  },
  methods: {
    apply: (t, [fields, matchCase], ctx) => {
      modelOf(t).sortTable(t, fields as Array<{ key: number; ascending?: boolean }>, !!matchCase);
      ctx.changed();
    },
    reapply: (t, _a, ctx) => {
      modelOf(t).reapplySort(t);
      ctx.changed();
    },
    clear: (t, _a, ctx) => {
      t.sort = null;
      ctx.changed();
    },
  },
});

// Excel reads filter criteria back with every property of Excel.FilterCriteria, null where unset, and refuses them
// as they are: apply() with a null property fails with InvalidArgument ("The argument is invalid or missing or has an
// incorrect format."). office-js#1226 (labelled product bug; the workaround strips the nulls), #3030 (re-applying the
// criteria loaded from a table column fails). That a column without criteria reads back with every property null,
// filterOn included, is an **inference** from #1226 (its "empty criteria" have criterion1 and criterion2 null).
const CRITERIA_FIELDS = [
  "color",
  "criterion1",
  "criterion2",
  "dynamicCriteria",
  "filterOn",
  "icon",
  "operator",
  "subField",
  "values",
] as const;

/** Criteria as Excel reads them back: every property, null where unset. */
function criteriaReadBack(criteria: FilterCriteria | undefined): Record<string, unknown> {
  const source = (criteria ?? {}) as Record<string, unknown>;
  return Object.fromEntries(CRITERIA_FIELDS.map((f) => [f, source[f] ?? null]));
}

/** Criteria given to apply(): a null property is refused, as Excel does (office-js#1226). */
function criteriaArg(criteria: unknown): FilterCriteria {
  if (typeof criteria !== "object" || criteria === null)
    throw invalidArgument("The argument is invalid or missing or has an incorrect format.");
  const nulls = Object.entries(criteria).filter(([, v]) => v === null);
  if (nulls.length > 0)
    throw invalidArgument(
      `The argument is invalid or missing or has an incorrect format. (criteria.${nulls.map(([k]) => k).join(", criteria.")} null: office-js#1226)`
    );
  return criteria as FilterCriteria;
}

/** Table.autoFilter (ExcelApi 1.9): criteria per column, apply / reapply / clearCriteria. */
export const AutoFilter: HostClass<TableModel> = defineClass<TableModel>({
  name: "AutoFilter",
  scalars: ["criteria", "enabled", "isDataFiltered"],
  props: {
    // one entry per column, every property null where unset (all of them for a column without criteria)
    criteria: ro((t) => t.columnIds.map((id) => criteriaReadBack(t.filters.get(id)))),
    enabled: ro((t) => t.showFilterButton),
    isDataFiltered: ro((t) => t.filters.size > 0),
  },
  methods: {
    apply: (t, [range, columnIndex, criteria], ctx) => {
      const target = rangeArg(range, t.sheet);
      if (
        target.sheet !== t.sheet ||
        target.rect.r0 !== t.rect.r0 ||
        target.rect.c0 !== t.rect.c0 ||
        target.rect.c1 !== t.rect.c1
      )
        throw invalidArgument(
          `A table's AutoFilter applies to the table's own range (${formatAddress(t.sheet.name, t.rect)}).`
        );
      if (
        columnIndex === undefined ||
        columnIndex === null ||
        criteria === undefined ||
        criteria === null
      )
        return;
      modelOf(t).setFilter(t, intArg(columnIndex, "columnIndex"), criteriaArg(criteria));
      ctx.changed();
    },
    reapply: (t, _a, ctx) => {
      modelOf(t).reapplyFilters(t);
      ctx.changed();
    },
    clearCriteria: (t, _a, ctx) => {
      modelOf(t).clearFilters(t);
      ctx.changed();
    },
    clearColumnCriteria: (t, [columnIndex], ctx) => {
      modelOf(t).setFilter(t, intArg(columnIndex, "columnIndex"), null);
      ctx.changed();
    },
    getRange: (t) => part(t, t.rect),
  },
});

function findColumn(t: TableModel, key: unknown): ColumnTarget | null {
  const byName = t.names.findIndex((n) => n.toLowerCase() === String(key).toLowerCase());
  if (byName >= 0) return { table: t, id: t.columnIds[byName] };
  if (typeof key === "number" && t.columnIds.includes(key)) return { table: t, id: key };
  if (typeof key === "string" && /^\d+$/.test(key) && t.columnIds.includes(+key))
    return { table: t, id: +key };
  return null;
}

export const TableColumnCollection: HostClass<TableModel> = defineClass<TableModel>({
  name: "TableColumnCollection",
  scalars: [],
  props: { count: ro((t) => t.columnIds.length) },
  alive: tableAlive,
  items: (t) => t.columnIds.map((id) => obj(TableColumn, { table: t, id })),
  indexer: (t, key) => {
    const k = findColumn(t, key);
    if (!k)
      throw officeError(
        ErrorCodes.itemNotFound,
        `Table '${t.name}' has no column '${String(key)}'.`
      );
    return obj(TableColumn, k);
  },
  methods: {
    getItemOrNullObject: (t, [key]) => obj(TableColumn, findColumn(t, key)),
    getCount: (t) => t.columnIds.length,
    add: (t, [index, values, name], ctx) => {
      const id = modelOf(t).addTableColumn(
        t,
        index as number | null | undefined,
        values as unknown[][] | null | undefined,
        name as string | null | undefined
      );
      ctx.changed();
      return obj(TableColumn, { table: t, id });
    },
  },
});

const columnOf = (k: ColumnTarget) => k.table.rect.c0 + k.table.columnIds.indexOf(k.id);

function columnPart(k: ColumnTarget, r0: number, r1: number): HostObject {
  const c = columnOf(k);
  return obj(Range, { sheet: k.table.sheet, rect: { r0, r1, c0: c, c1: c } });
}

export const TableColumn: HostClass<ColumnTarget> = defineClass<ColumnTarget>({
  name: "TableColumn",
  scalars: ["id", "index", "name", "values"],
  id: (k) => k.id,
  alive: (k) => {
    if (k.table.deleted || !k.table.columnIds.includes(k.id))
      throw officeError(ErrorCodes.itemNotFound, "This table column no longer exists.");
  },
  props: {
    id: ro((k) => k.id),
    index: ro((k) => k.table.columnIds.indexOf(k.id)),
    name: rw(
      (k) => k.table.names[k.table.columnIds.indexOf(k.id)],
      (k, v) => {
        const c = columnOf(k);
        modelOf(k.table).write(k.table.sheet, { ...k.table.headerRect(), c0: c, c1: c }, "values", [
          [String(v)],
        ]);
      }
    ),
    values: rw(
      (k) => {
        const c = columnOf(k);
        return modelOf(k.table).read(k.table.sheet, { ...k.table.rect, c0: c, c1: c }, "values");
      },
      (k, v) => {
        const c = columnOf(k);
        modelOf(k.table).write(k.table.sheet, { ...k.table.rect, c0: c, c1: c }, "values", v);
      }
    ),
  },
  navs: { filter: (k) => obj(Filter, k) },
  methods: {
    getRange: (k) => columnPart(k, k.table.rect.r0, k.table.rect.r1),
    getDataBodyRange: (k) => columnPart(k, k.table.dataR0, k.table.dataR1),
    getHeaderRowRange: (k) => columnPart(k, k.table.rect.r0, k.table.rect.r0),
    getTotalRowRange: (k) => {
      if (!k.table.showTotals)
        throw officeError(
          ErrorCodes.invalidOperation,
          `The table '${k.table.name}' does not show its totals row.`
        );
      return columnPart(k, k.table.rect.r1, k.table.rect.r1);
    },
    delete: (k, _a, ctx) => {
      modelOf(k.table).deleteTableColumn(k.table, k.id);
      ctx.changed();
    },
  },
});

function applyFilter(k: ColumnTarget, criteria: FilterCriteria | null): void {
  modelOf(k.table).setFilter(k.table, k.table.columnIds.indexOf(k.id), criteria);
}

/** TableColumn.filter (ExcelApi 1.2): one column's criteria; applying evaluates every filter of the table. */
export const Filter: HostClass<ColumnTarget> = defineClass<ColumnTarget>({
  name: "Filter",
  scalars: ["criteria"],
  props: {
    criteria: ro((k) => {
      const criteria = k.table.filters.get(k.id);
      return criteria ? criteriaReadBack(criteria) : null;
    }),
  },
  methods: {
    apply: (k, [criteria], ctx) => {
      applyFilter(k, criteriaArg(criteria));
      ctx.changed();
    },
    applyValuesFilter: (k, [values], ctx) => {
      applyFilter(k, { filterOn: "Values", values: values as unknown[] });
      ctx.changed();
    },
    applyCustomFilter: (k, [criterion1, criterion2, operator], ctx) => {
      applyFilter(k, {
        filterOn: "Custom",
        criterion1: criterion1 as string,
        criterion2: (criterion2 as string | null) ?? undefined,
        operator: (operator as string | null) ?? undefined,
      });
      ctx.changed();
    },
    applyCellColorFilter: (k, [color], ctx) => {
      applyFilter(k, { filterOn: "CellColor", color: color as string });
      ctx.changed();
    },
    clear: (k, _a, ctx) => {
      applyFilter(k, null);
      ctx.changed();
    },
  },
});

export const TableRowCollection: HostClass<TableModel> = defineClass<TableModel>({
  name: "TableRowCollection",
  scalars: [],
  props: { count: ro((t) => t.rowCount()) },
  alive: tableAlive,
  items: (t) =>
    Array.from({ length: t.rowCount() }, (_, index) => obj(TableRow, { table: t, index })),
  methods: {
    getItemAt: (t, [index]) => {
      const i = intArg(index, "index");
      if (i < 0 || i >= t.rowCount())
        throw invalidArgument(`Table '${t.name}' has no row at index ${i}.`);
      return obj(TableRow, { table: t, index: i });
    },
    getCount: (t) => t.rowCount(),
    add: (t, [index, values], ctx) => {
      const rect = modelOf(t).addTableRows(
        t,
        index as number | null | undefined,
        values as unknown[][] | null | undefined
      );
      ctx.changed();
      return obj(TableRow, { table: t, index: rect.r0 - t.dataR0 });
    },
    deleteRowsAt: (t, [index, count], ctx) => {
      modelOf(t).deleteTableRows(t, intArg(index, "index"), (count as number | null) ?? 1);
      ctx.changed();
    },
  },
});

const rowRect = (k: RowTarget): Rect => {
  const r = k.table.dataR0 + k.index;
  return { ...k.table.rect, r0: r, r1: r };
};

export const TableRow: HostClass<RowTarget> = defineClass<RowTarget>({
  name: "TableRow",
  scalars: ["index", "values"],
  props: {
    index: ro((k) => k.index),
    values: rw(
      (k) => modelOf(k.table).read(k.table.sheet, rowRect(k), "values"),
      (k, v) => modelOf(k.table).write(k.table.sheet, rowRect(k), "values", v)
    ),
  },
  methods: {
    getRange: (k) => obj(Range, { sheet: k.table.sheet, rect: rowRect(k) }),
    delete: (k, _a, ctx) => {
      modelOf(k.table).deleteTableRows(k.table, k.index, 1);
      ctx.changed();
    },
  },
});
