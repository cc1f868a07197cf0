// Range and what hangs off it: format (fill, font), conditional formats, data validation, RangeAreas and its
// areas, RangeView (visible rows). Each member reads or changes the workbook model; nothing here is queued: the
// request processor runs members in the order Office.js sent them.

import {
  checkRect,
  formatAddress,
  intersection,
  MAX_COLUMNS,
  MAX_ROWS,
  rectCols,
  rectRows,
  type Rect,
} from "../../address";
import { ErrorCodes, officeError } from "../../errors";
import type { SheetModel, WorkbookModel } from "../../workbook-model";
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
import { Worksheet } from "./workbook";

export interface RangeTarget {
  sheet: SheetModel;
  rect: Rect;
}

export interface AreasTarget {
  sheet: SheetModel;
  rects: Rect[];
}

interface ViewTarget {
  sheet: SheetModel;
  rect: Rect;
  /** the visible rows, each a one-row rectangle */
  rows: Rect[];
  index: number;
}

const modelOf = (t: { sheet: SheetModel }): WorkbookModel => t.sheet.owner;

function sheetAlive(t: { sheet: SheetModel }): void {
  if (t.sheet.deleted)
    throw officeError(
      ErrorCodes.itemNotFound,
      `The worksheet '${t.sheet.name}' of this range has been deleted.`
    );
}

function guardSize(rect: Rect, prop: string): Rect {
  const cells = rectRows(rect) * rectCols(rect);
  if (cells > 5_000_000)
    throw invalidArgument(
      `Reading '${prop}' of ${cells.toLocaleString("en-US")} cells at once is more than Excel returns; read a smaller range (for example the used range).`
    );
  return rect;
}

/** A range over a rectangle of `sheet`, checked against the sheet's bounds. */
export function rangeOf(sheet: SheetModel, rect: Rect | null, what = "range"): HostObject {
  if (rect === null) return obj(Range, null);
  checkRect(rect, what);
  return obj(Range, { sheet, rect });
}

/** The range an argument names: a Range object, or an address (on `sheet` unless it names its own). */
export function rangeArg(arg: unknown, sheet: SheetModel): RangeTarget {
  if (typeof arg === "string")
    return sheet.owner.resolveAddress(arg, arg.includes("!") ? undefined : sheet);
  const o = arg as HostObject | null;
  if (o && o.cls === Range && o.target) return o.target as RangeTarget;
  throw invalidArgument("The argument must be a range or an address.");
}

function read(
  t: RangeTarget,
  what: "values" | "formulas" | "numberFormat" | "valueTypes" | "text"
) {
  return modelOf(t).read(t.sheet, guardSize(t.rect, what), what);
}

function write(what: "values" | "formulas" | "numberFormat") {
  return (t: RangeTarget, v: unknown) => modelOf(t).write(t.sheet, t.rect, what, v);
}

function derive(t: RangeTarget, what: string, rect: Rect | null): HostObject {
  if (rect === null) return obj(Range, null);
  checkRect(rect, `${what} of ${formatAddress(t.sheet.name, t.rect)}`);
  return obj(Range, { sheet: t.sheet, rect });
}

function special(t: RangeTarget, args: unknown[], orNull: boolean): HostObject {
  const [cellType] = args;
  if (cellType !== "Visible")
    throw invalidArgument(
      `getSpecialCells('${String(cellType)}') is not modelled by the emulator; only 'Visible' is.`
    );
  const rects = modelOf(t).visibleAreas(t.sheet, t.rect);
  if (!rects.length) {
    if (orNull) return obj(RangeAreas, null);
    throw officeError(ErrorCodes.itemNotFound, "No cells were found.");
  }
  return obj(RangeAreas, { sheet: t.sheet, rects });
}

function hiddenState(t: RangeTarget): boolean | null {
  let hidden = 0;
  for (const r of t.sheet.hidden) if (r >= t.rect.r0 && r <= t.rect.r1) hidden++;
  return hidden === 0 ? false : hidden === rectRows(t.rect) ? true : null;
}

function shiftOf(t: RangeTarget, shift: unknown, sign: 1 | -1): void {
  const rows = sign < 0 ? "Up" : "Down";
  const cols = sign < 0 ? "Left" : "Right";
  if (shift === rows)
    modelOf(t).shift(t.sheet, "rows", t.rect.r0, sign * rectRows(t.rect), t.rect.c0, t.rect.c1);
  else if (shift === cols)
    modelOf(t).shift(t.sheet, "cols", t.rect.c0, sign * rectCols(t.rect), t.rect.r0, t.rect.r1);
  else
    throw invalidArgument(
      `${sign < 0 ? "delete" : "insert"}('${String(shift)}'): shift must be '${rows}' or '${cols}'.`
    );
}

export const Range: HostClass<RangeTarget> = defineClass<RangeTarget>({
  name: "Range",
  scalars: [
    "address",
    "addressLocal",
    "cellCount",
    "columnCount",
    "rowCount",
    "rowIndex",
    "columnIndex",
    "values",
    "formulas",
    "formulasLocal",
    "numberFormat",
    "numberFormatLocal",
    "valueTypes",
    "text",
    "rowHidden",
    "columnHidden",
    "hidden",
    "isEntireRow",
    "isEntireColumn",
  ],
  alive: sheetAlive,
  props: {
    address: ro((t) => formatAddress(t.sheet.name, t.rect)),
    addressLocal: ro((t) => formatAddress(t.sheet.name, t.rect)),
    cellCount: ro((t) => rectRows(t.rect) * rectCols(t.rect)),
    rowCount: ro((t) => rectRows(t.rect)),
    columnCount: ro((t) => rectCols(t.rect)),
    rowIndex: ro((t) => t.rect.r0),
    columnIndex: ro((t) => t.rect.c0),
    values: rw((t) => read(t, "values"), write("values")),
    formulas: rw((t) => read(t, "formulas"), write("formulas")),
    formulasLocal: rw((t) => read(t, "formulas"), write("formulas")),
    numberFormat: rw((t) => read(t, "numberFormat"), write("numberFormat")),
    numberFormatLocal: rw((t) => read(t, "numberFormat"), write("numberFormat")),
    valueTypes: ro((t) => read(t, "valueTypes")),
    text: ro((t) => read(t, "text")),
    rowHidden: rw(hiddenState, (t, v) =>
      modelOf(t).setRowsHidden(t.sheet, t.rect.r0, rectRows(t.rect), !!v)
    ),
    hidden: ro(hiddenState),
    columnHidden: fixed(false),
    isEntireRow: ro((t) => t.rect.c0 === 0 && t.rect.c1 === MAX_COLUMNS - 1),
    isEntireColumn: ro((t) => t.rect.r0 === 0 && t.rect.r1 === MAX_ROWS - 1),
  },
  navs: {
    format: (t) => obj(RangeFormat, t),
    conditionalFormats: (t) => obj(ConditionalFormatCollection, t),
    dataValidation: (t) => obj(DataValidation, t),
    worksheet: (t) => obj(Worksheet, t.sheet),
  },
  methods: {
    // Office.js writes a 2-D array of more than 1,500 cells as rows of at most 1,500 cells each
    // (setRangePropertiesInBulk, excel-win32-16.01.debug.js ≈23988): first this check, then one write per chunk.
    _ValidateArraySize: (t, [rows, columns]) => {
      if (rows !== rectRows(t.rect) || columns !== rectCols(t.rect))
        throw invalidArgument(
          `The number of rows or columns in the input array (${String(rows)} × ${String(columns)}) doesn't match the size or dimensions of the range (${rectRows(t.rect)} × ${rectCols(t.rect)}).`
        );
    },
    getBoundingRect: (t, [other]) => {
      const o = rangeArg(other, t.sheet);
      if (o.sheet !== t.sheet)
        throw invalidArgument("getBoundingRect: the ranges are on different worksheets.");
      return obj(Range, {
        sheet: t.sheet,
        rect: {
          r0: Math.min(t.rect.r0, o.rect.r0),
          c0: Math.min(t.rect.c0, o.rect.c0),
          r1: Math.max(t.rect.r1, o.rect.r1),
          c1: Math.max(t.rect.c1, o.rect.c1),
        },
      });
    },
    getCell: (t, [row, column]) => {
      const r = intArg(row, "row");
      const c = intArg(column, "column");
      return derive(t, `getCell(${r}, ${c})`, {
        r0: t.rect.r0 + r,
        c0: t.rect.c0 + c,
        r1: t.rect.r0 + r,
        c1: t.rect.c0 + c,
      });
    },
    getRow: (t, [row]) => {
      const r = intArg(row, "row");
      return derive(t, `getRow(${r})`, { ...t.rect, r0: t.rect.r0 + r, r1: t.rect.r0 + r });
    },
    getEntireRow: (t) => derive(t, "getEntireRow()", { ...t.rect, c0: 0, c1: MAX_COLUMNS - 1 }),
    getEntireColumn: (t) => derive(t, "getEntireColumn()", { ...t.rect, r0: 0, r1: MAX_ROWS - 1 }),
    getUsedRangeOrNullObject: (t, [valuesOnly]) => {
      const used = t.sheet.usedRect(!!valuesOnly);
      return derive(t, "getUsedRangeOrNullObject()", (used && intersection(used, t.rect)) ?? null);
    },
    getSpecialCells: (t, args) => special(t, args, false),
    getSpecialCellsOrNullObject: (t, args) => special(t, args, true),
    getVisibleView: (t) =>
      obj(RangeView, {
        sheet: t.sheet,
        rect: t.rect,
        rows: modelOf(t)
          .visibleAreas(t.sheet, t.rect)
          .flatMap((a) => rowsOf(a)),
        index: 0,
      }),
    clear: (t, [applyTo], ctx) => {
      modelOf(t).clear(t.sheet, t.rect, (applyTo as string | null) ?? "All");
      ctx.changed();
    },
    delete: (t, [shift], ctx) => {
      shiftOf(t, shift, -1);
      ctx.changed();
    },
    insert: (t, [shift], ctx) => {
      shiftOf(t, shift, 1);
      ctx.changed();
      return obj(Range, t);
    },
    copyFrom: (t, [source, copyType, skipBlanks, transpose], ctx) => {
      const src = rangeArg(source, t.sheet);
      modelOf(t).copy(
        src.sheet,
        src.rect,
        t.sheet,
        t.rect,
        (copyType as string | null) ?? "All",
        !!skipBlanks,
        !!transpose
      );
      ctx.changed();
    },
    select: (t, _args, ctx) => {
      modelOf(t).select(t.sheet, [t.rect]);
      ctx.changed();
    },
  },
});

function rowsOf(r: Rect): Rect[] {
  const out: Rect[] = [];
  for (let i = r.r0; i <= r.r1; i++) out.push({ ...r, r0: i, r1: i });
  return out;
}

/** One attribute of the cells' opaque format over a range: its value when every cell has the same, else null. */
function commonAttr(t: RangeTarget, key: string): string | number | boolean | null {
  let first: string | number | boolean | null | undefined = undefined;
  for (let r = t.rect.r0; r <= t.rect.r1; r++)
    for (let c = t.rect.c0; c <= t.rect.c1; c++) {
      const v = t.sheet.cell(r, c)?.fmt?.[key] ?? null;
      if (first === undefined) first = v;
      else if (first !== v) return null;
    }
  return first ?? null;
}

function setAttrs(t: RangeTarget, attrs: Record<string, string | number | boolean | null>): void {
  modelOf(t).setFormat(t.sheet, t.rect, attrs);
}

export const RangeFormat: HostClass<RangeTarget> = defineClass<RangeTarget>({
  name: "RangeFormat",
  scalars: ["columnWidth", "rowHeight"],
  props: {
    columnWidth: rw(
      (t) => t.sheet.columnWidths.get(t.rect.c0) ?? 48,
      (t, v) => {
        for (let c = t.rect.c0; c <= t.rect.c1; c++) t.sheet.columnWidths.set(c, Number(v));
      }
    ),
    rowHeight: fixed(15, true),
  },
  navs: {
    fill: (t) => obj(RangeFill, t),
    font: (t) => obj(RangeFont, t),
  },
  methods: {
    autofitColumns: () => undefined,
    autofitRows: () => undefined,
  },
});

/** range.format.fill (ExcelApi 1.1): the fill colour, an opaque per-cell attribute "fill". */
export const RangeFill: HostClass<RangeTarget> = defineClass<RangeTarget>({
  name: "RangeFill",
  scalars: ["color"],
  props: {
    color: rw(
      (t) => commonAttr(t, "fill"),
      (t, v) => setAttrs(t, { fill: v === null ? null : String(v) })
    ),
  },
  methods: {
    clear: (t, _a, ctx) => {
      setAttrs(t, { fill: null });
      ctx.changed();
    },
  },
});

/** range.format.font (ExcelApi 1.1): bold, italic and colour as opaque per-cell attributes. */
export const RangeFont: HostClass<RangeTarget> = defineClass<RangeTarget>({
  name: "RangeFont",
  scalars: ["bold", "italic", "color"],
  props: {
    bold: rw(
      (t) => commonAttr(t, "bold") ?? false,
      (t, v) => setAttrs(t, { bold: v ? true : null })
    ),
    italic: rw(
      (t) => commonAttr(t, "italic") ?? false,
      (t, v) => setAttrs(t, { italic: v ? true : null })
    ),
    color: rw(
      (t) => commonAttr(t, "fontColor") ?? "#000000",
      (t, v) => setAttrs(t, { fontColor: String(v) })
    ),
  },
});

let nextConditionalFormat = 1;

/**
 * range.conditionalFormats (ExcelApi 1.6). In Excel a conditional format is a rule over a range; the emulator keeps
 * it as an opaque per-cell attribute "conditionalFormat" (its type and a serial number), which travels with the cells
 * where Excel's rule ranges follow them (copies of type All/Formats, moved rows).
 */
export const ConditionalFormatCollection: HostClass<RangeTarget> = defineClass<RangeTarget>({
  name: "ConditionalFormatCollection",
  scalars: [],
  props: {},
  items: () => [],
  methods: {
    add: (t, [type], ctx) => {
      setAttrs(t, { conditionalFormat: `${String(type)}#${nextConditionalFormat++}` });
      ctx.changed();
      return obj(ConditionalFormat, { type: String(type) });
    },
    clearAll: (t, _a, ctx) => {
      setAttrs(t, { conditionalFormat: null });
      ctx.changed();
    },
  },
});

export const ConditionalFormat: HostClass<{ type: string }> = defineClass<{ type: string }>({
  name: "ConditionalFormat",
  scalars: ["type"],
  props: { type: ro((t) => t.type) },
});

/** range.dataValidation (ExcelApi 1.8): the rule as an opaque per-cell attribute "dataValidation" (its JSON). */
export const DataValidation: HostClass<RangeTarget> = defineClass<RangeTarget>({
  name: "DataValidation",
  scalars: ["rule"],
  props: {
    rule: rw(
      (t) => {
        const v = commonAttr(t, "dataValidation");
        return typeof v === "string" ? JSON.parse(v) : {};
      },
      (t, v) => setAttrs(t, { dataValidation: JSON.stringify(v) })
    ),
  },
  methods: {
    clear: (t, _a, ctx) => {
      setAttrs(t, { dataValidation: null });
      ctx.changed();
    },
  },
});

const areasAddress = (t: AreasTarget) =>
  t.rects.map((r) => formatAddress(t.sheet.name, r)).join(",");

export const RangeAreas: HostClass<AreasTarget> = defineClass<AreasTarget>({
  name: "RangeAreas",
  scalars: ["address", "addressLocal", "areaCount", "cellCount"],
  alive: sheetAlive,
  props: {
    address: ro(areasAddress),
    addressLocal: ro(areasAddress),
    areaCount: ro((t) => t.rects.length),
    cellCount: ro((t) => t.rects.reduce((n, r) => n + rectRows(r) * rectCols(r), 0)),
  },
  navs: {
    areas: (t) => obj(RangeCollection, t),
    worksheet: (t) => obj(Worksheet, t.sheet),
  },
  methods: {
    select: (t, _a, ctx) => {
      modelOf(t).select(t.sheet, t.rects);
      ctx.changed();
    },
  },
});

export const RangeCollection: HostClass<AreasTarget> = defineClass<AreasTarget>({
  name: "RangeCollection",
  scalars: [],
  props: { count: ro((t) => t.rects.length) },
  items: (t) => t.rects.map((rect) => obj(Range, { sheet: t.sheet, rect })),
});

function gather(
  t: ViewTarget,
  what: "values" | "formulas" | "numberFormat" | "valueTypes" | "text"
) {
  return t.rows.flatMap((r) => modelOf(t).read(t.sheet, r, what));
}

/** Range.getVisibleView(): the visible rows of a range (hidden columns are not modelled). */
export const RangeView: HostClass<ViewTarget> = defineClass<ViewTarget>({
  name: "RangeView",
  scalars: [
    "cellAddresses",
    "columnCount",
    "formulas",
    "index",
    "numberFormat",
    "rowCount",
    "text",
    "valueTypes",
    "values",
  ],
  props: {
    values: ro((t) => gather(t, "values")),
    formulas: ro((t) => gather(t, "formulas")),
    numberFormat: ro((t) => gather(t, "numberFormat")),
    valueTypes: ro((t) => gather(t, "valueTypes")),
    text: ro((t) => gather(t, "text")),
    cellAddresses: ro((t) =>
      t.rows.map((r) =>
        Array.from({ length: rectCols(r) }, (_, j) =>
          formatAddress(t.sheet.name, { r0: r.r0, r1: r.r0, c0: r.c0 + j, c1: r.c0 + j })
        )
      )
    ),
    rowCount: ro((t) => t.rows.length),
    columnCount: ro((t) => rectCols(t.rect)),
    index: ro((t) => t.index),
  },
  navs: { rows: (t) => obj(RangeViewCollection, t) },
  methods: {
    getRange: (t) => obj(Range, { sheet: t.sheet, rect: t.rows.length === 1 ? t.rows[0] : t.rect }),
  },
});

export const RangeViewCollection: HostClass<ViewTarget> = defineClass<ViewTarget>({
  name: "RangeViewCollection",
  scalars: [],
  props: {},
  items: (t) =>
    t.rows.map((r, index) => obj(RangeView, { sheet: t.sheet, rect: r, rows: [r], index })),
});
