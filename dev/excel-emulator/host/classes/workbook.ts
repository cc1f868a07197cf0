// The workbook and its sheets: Workbook (the request's root object), Application, worksheets, settings, defined
// names and worksheet custom properties.

import { checkRect, MAX_COLUMNS, MAX_ROWS } from "../../address";
import { ErrorCodes, officeError } from "../../errors";
import type { SheetModel, WorkbookModel } from "../../workbook-model";
import {
  defineClass,
  fixed,
  invalidArgument,
  obj,
  ro,
  rw,
  type HostClass,
  type HostContext,
} from "../schema";
import { CellError, cellError, dateFunction } from "../../formula";
import { Range, RangeAreas, rangeOf } from "./range";
import { TableCollection } from "./tables";

const model = (ctx: HostContext): WorkbookModel => ctx.rt.model;

// Workbook.use1904DateSystem is a preview API: it is in no released ExcelApi set, not in @types/office-js, and not
// in production Office.js (excel-web-16.00.debug.js, Workbook's _scalarPropertyNames ≈28293 has no such member).
// Office.js sends load("use1904DateSystem") unchecked (ClientRequestContext.load, ≈16407) and the host refuses the
// unknown property, so by default loading it fails the request. Only createExcelHost({ previewApis: true }) answers.
export const Workbook: HostClass<WorkbookModel> = defineClass<WorkbookModel>({
  name: "Workbook",
  scalars: ["name", "readOnly", "calculationEngineVersion"],
  props: {
    name: fixed("Book1.xlsx"),
    readOnly: fixed(false),
    calculationEngineVersion: fixed(1),
    use1904DateSystem: rw(
      (wb, ctx) => {
        if (ctx.rt.previewApis) return wb.date1904;
        throw invalidArgument(
          "Workbook.use1904DateSystem is a preview API, in no released ExcelApi requirement set; this host does not offer it (createExcelHost({ previewApis: true }) does)."
        );
      },
      (wb, v, ctx) => {
        if (!ctx.rt.previewApis)
          throw invalidArgument(
            "Workbook.use1904DateSystem is a preview API; this host does not offer it."
          );
        if (typeof v !== "boolean")
          throw invalidArgument("use1904DateSystem must be true or false.");
        wb.date1904 = v;
      }
    ),
  },
  navs: {
    worksheets: (wb) => obj(WorksheetCollection, wb),
    tables: (wb) => obj(TableCollection, { wb, sheet: null }),
    settings: (wb) => obj(SettingCollection, wb),
    names: (wb) => obj(NamedItemCollection, wb),
    application: (wb) => obj(Application, wb),
    protection: (wb) => obj(WorkbookProtection, wb),
    functions: (wb) => obj(Functions, wb),
  },
  methods: {
    getSelectedRange: (wb) => {
      const s = wb.activeSheet;
      if (s.selection.length > 1)
        throw officeError(
          ErrorCodes.invalidSelection,
          "The current selection has several areas; use getSelectedRanges() for a multi-area selection."
        );
      return obj(Range, { sheet: s, rect: s.selection[0] });
    },
    getSelectedRanges: (wb) =>
      obj(RangeAreas, { sheet: wb.activeSheet, rects: wb.activeSheet.selection }),
    getActiveWorksheet: (wb) => obj(Worksheet, wb.activeSheet),
  },
});

// Workbook structure protection (ExcelApi 1.7, learn.microsoft.com Excel.WorkbookProtection): protect() "fails if
// the workbook has been protected"; the code it fails with, and unprotect()'s with a wrong password, are not documented
// (AccessDenied, Excel's code for a protected workbook or sheet, is the inference).
export const WorkbookProtection: HostClass<WorkbookModel> = defineClass<WorkbookModel>({
  name: "WorkbookProtection",
  scalars: ["protected"],
  props: {
    protected: ro((wb) => wb.structureProtection !== null),
  },
  methods: {
    protect: (wb, [password], ctx) => {
      if (wb.structureProtection)
        throw officeError(ErrorCodes.accessDenied, "The workbook is already protected.");
      wb.structureProtection = { password: typeof password === "string" ? password : "" };
      ctx.changed();
    },
    unprotect: (wb, [password], ctx) => {
      if (!wb.structureProtection) return;
      if ((typeof password === "string" ? password : "") !== wb.structureProtection.password)
        throw officeError(
          ErrorCodes.accessDenied,
          "The password to unprotect the workbook is wrong."
        );
      wb.structureProtection = null;
      ctx.changed();
    },
  },
});

// Worksheet functions evaluated without a cell (ExcelApi 1.2, learn.microsoft.com Excel.Functions, "Call built-in Excel
// worksheet functions"): each method answers a FunctionResult whose `value` is the result, or whose `error` is the
// error value's text ("#NUM!") with `value` null. Only DATE is modelled (the add-in's date-system probe). That DATE
// counts in the workbook's date system, as it does in a cell, is an **inference**: the page does not say.
export const Functions: HostClass<WorkbookModel> = defineClass<WorkbookModel>({
  name: "Functions",
  scalars: [],
  props: {},
  methods: {
    date: (wb, args) => {
      const nums = args.map((a) => (typeof a === "number" ? a : Number.NaN));
      const result =
        nums.length === 3 && nums.every(Number.isFinite)
          ? dateFunction(nums[0], nums[1], nums[2], wb.date1904)
          : cellError("#VALUE!");
      return obj(
        FunctionResult,
        result instanceof CellError
          ? { value: null, error: result.code }
          : { value: result, error: null }
      );
    },
  },
});

export const FunctionResult: HostClass<{ value: unknown; error: string | null }> = defineClass<{
  value: unknown;
  error: string | null;
}>({
  name: "FunctionResult",
  scalars: ["error", "value"],
  props: {
    error: ro((r) => r.error),
    value: ro((r) => r.value),
  },
});

const CALCULATION_MODES = ["Automatic", "AutomaticExceptTables", "Manual"];
const CALCULATION_TYPES = ["Recalculate", "Full", "FullRebuild"];

export const Application: HostClass<WorkbookModel> = defineClass<WorkbookModel>({
  name: "Application",
  scalars: ["calculationMode", "calculationState"],
  props: {
    calculationMode: rw(
      (wb) => wb.calculationMode,
      (wb, v) => {
        if (typeof v !== "string" || !CALCULATION_MODES.includes(v))
          throw invalidArgument(
            `'${String(v)}' is not a CalculationMode (Automatic, AutomaticExceptTables, Manual).`
          );
        wb.calculationMode = v as WorkbookModel["calculationMode"];
      }
    ),
    calculationState: fixed("Done"),
  },
  methods: {
    suspendApiCalculationUntilNextSync: (_wb, _args, ctx) => ctx.suspendCalculation(),
    calculate: (wb, [type]) => {
      if (typeof type !== "string" || !CALCULATION_TYPES.includes(type))
        throw invalidArgument(
          `'${String(type)}' is not a CalculationType (Recalculate, Full, FullRebuild).`
        );
      wb.calculated();
    },
  },
});

function findSheet(wb: WorkbookModel, key: unknown): SheetModel | undefined {
  const k = String(key);
  return wb.sheetByName(k) ?? wb.findSheetById(k);
}

export const WorksheetCollection: HostClass<WorkbookModel> = defineClass<WorkbookModel>({
  name: "WorksheetCollection",
  scalars: [],
  props: {},
  items: (wb) => wb.sheets.map((s) => obj(Worksheet, s)),
  indexer: (wb, key) => {
    const s = findSheet(wb, key);
    if (!s)
      throw officeError(ErrorCodes.itemNotFound, `There is no worksheet named '${String(key)}'.`);
    return obj(Worksheet, s);
  },
  methods: {
    add: (wb, [name], ctx) => {
      wb.checkStructureUnlocked("adding a worksheet");
      const s = wb.addSheet((name as string | null | undefined) ?? undefined);
      ctx.changed();
      return obj(Worksheet, s);
    },
    getItemOrNullObject: (wb, [key]) => obj(Worksheet, findSheet(wb, key) ?? null),
    getActiveWorksheet: (wb) => obj(Worksheet, wb.activeSheet),
    getCount: (wb) => wb.sheets.length,
  },
});

export const Worksheet: HostClass<SheetModel> = defineClass<SheetModel>({
  name: "Worksheet",
  scalars: ["id", "name", "position", "visibility", "showGridlines", "tabColor"],
  id: (s) => s.id,
  alive: (s) => {
    if (s.deleted)
      throw officeError(ErrorCodes.itemNotFound, `The worksheet '${s.name}' has been deleted.`);
  },
  props: {
    id: ro((s) => s.id),
    name: rw(
      (s) => s.name,
      (s, v) => {
        if (String(v) !== s.name) s.owner.checkStructureUnlocked("renaming a worksheet");
        s.owner.renameSheet(s, String(v));
      }
    ),
    position: rw(
      (s) => s.owner.sheets.indexOf(s),
      (s, v) => {
        if (Number(v) !== s.owner.sheets.indexOf(s))
          s.owner.checkStructureUnlocked("moving a worksheet");
        s.owner.setSheetPosition(s, Number(v));
      }
    ),
    visibility: rw(
      (s) => s.visibility,
      (s, v) => {
        if (v !== s.visibility) s.owner.checkStructureUnlocked("hiding or unhiding a worksheet");
        s.owner.setVisibility(s, v as SheetModel["visibility"]);
      }
    ),
    showGridlines: fixed(true, true),
    tabColor: fixed("", true),
  },
  navs: {
    tables: (s, ctx) => obj(TableCollection, { wb: model(ctx), sheet: s }),
    customProperties: (s) => obj(WorksheetCustomPropertyCollection, s),
  },
  methods: {
    activate: (s, _a, ctx) => {
      s.owner.activate(s);
      ctx.changed();
    },
    delete: (s, _a, ctx) => {
      s.owner.checkStructureUnlocked("deleting a worksheet");
      s.owner.deleteSheet(s);
      ctx.changed();
    },
    getRange: (s, [address]) => {
      if (address === undefined || address === null || address === "")
        return obj(Range, {
          sheet: s,
          rect: { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: MAX_COLUMNS - 1 },
        });
      return obj(Range, s.owner.resolveAddress(String(address), s));
    },
    getRangeByIndexes: (s, args) => {
      const [startRow, startColumn, rowCount, columnCount] = args as number[];
      if (
        ![startRow, startColumn, rowCount, columnCount].every(Number.isInteger) ||
        rowCount < 1 ||
        columnCount < 1
      )
        throw invalidArgument(
          `getRangeByIndexes(${args.join(", ")}): indexes must be whole numbers and the size at least 1 × 1.`
        );
      const rect = {
        r0: startRow,
        c0: startColumn,
        r1: startRow + rowCount - 1,
        c1: startColumn + columnCount - 1,
      };
      checkRect(rect, `getRangeByIndexes(${args.join(", ")})`);
      return obj(Range, { sheet: s, rect });
    },
    getCell: (s, [row, column]) =>
      rangeOf(
        s,
        { r0: row as number, c0: column as number, r1: row as number, c1: column as number },
        "getCell"
      ),
    getUsedRange: (s, [valuesOnly]) =>
      obj(Range, { sheet: s, rect: s.usedRect(!!valuesOnly) ?? { r0: 0, c0: 0, r1: 0, c1: 0 } }),
    getUsedRangeOrNullObject: (s, [valuesOnly]) => {
      const rect = s.usedRect(!!valuesOnly);
      return obj(Range, rect ? { sheet: s, rect } : null);
    },
  },
});

export const SettingCollection: HostClass<WorkbookModel> = defineClass<WorkbookModel>({
  name: "SettingCollection",
  scalars: [],
  props: {},
  items: (wb) => [...wb.settings.keys()].map((key) => obj(Setting, key)),
  indexer: (wb, key) => {
    if (!wb.settings.has(String(key)))
      throw officeError(ErrorCodes.itemNotFound, `There is no setting '${String(key)}'.`);
    return obj(Setting, String(key));
  },
  methods: {
    add: (wb, [key, value], ctx) => {
      wb.setSetting(String(key), value);
      ctx.changed();
      return obj(Setting, String(key));
    },
    getItemOrNullObject: (wb, [key]) =>
      obj(Setting, wb.settings.has(String(key)) ? String(key) : null),
    getCount: (wb) => wb.settings.size,
  },
});

function settingOf(key: string, ctx: HostContext) {
  const s = model(ctx).settings.get(key);
  if (!s) throw officeError(ErrorCodes.itemNotFound, `There is no setting '${key}'.`);
  return s;
}

export const Setting: HostClass<string> = defineClass<string>({
  name: "Setting",
  scalars: ["key", "value"],
  props: {
    key: ro((key, ctx) => settingOf(key, ctx).key),
    value: rw(
      (key, ctx) => settingOf(key, ctx).value,
      (key, v, ctx) => model(ctx).setSetting(key, v)
    ),
  },
  methods: {
    delete: (key, _a, ctx) => {
      model(ctx).settings.delete(key);
      ctx.changed();
    },
  },
});

/** Workbook-scoped defined names: list, add, look up. Enough to keep table names clear of them. */
export const NamedItemCollection: HostClass<WorkbookModel> = defineClass<WorkbookModel>({
  name: "NamedItemCollection",
  scalars: [],
  props: {},
  items: (wb) => [...wb.definedNames.keys()].map((key) => obj(NamedItem, key)),
  indexer: (wb, name) => {
    const key = String(name).toLowerCase();
    if (!wb.definedNames.has(key))
      throw officeError(ErrorCodes.itemNotFound, `There is no defined name '${String(name)}'.`);
    return obj(NamedItem, key);
  },
  methods: {
    add: (wb, [name, reference], ctx) => {
      wb.addDefinedName(String(name), String(reference));
      ctx.changed();
      return obj(NamedItem, String(name).toLowerCase());
    },
    getItemOrNullObject: (wb, [name]) => {
      const key = String(name).toLowerCase();
      return obj(NamedItem, wb.definedNames.has(key) ? key : null);
    },
  },
});

function nameOf(key: string, ctx: HostContext) {
  const n = model(ctx).definedNames.get(key);
  if (!n) throw officeError(ErrorCodes.itemNotFound, `There is no defined name '${key}'.`);
  return n;
}

export const NamedItem: HostClass<string> = defineClass<string>({
  name: "NamedItem",
  scalars: ["name", "formula", "type", "visible"],
  props: {
    name: ro((key, ctx) => nameOf(key, ctx).name),
    formula: ro((key, ctx) => nameOf(key, ctx).formula),
    type: fixed("Range"),
    visible: fixed(true),
  },
});

interface PropertyTarget {
  sheet: SheetModel;
  key: string;
}

function propertyOf(k: PropertyTarget) {
  const prop = k.sheet.customProperties.get(k.key);
  if (!prop)
    throw officeError(
      ErrorCodes.itemNotFound,
      `Worksheet '${k.sheet.name}' has no custom property '${k.key}'.`
    );
  return prop;
}

export const WorksheetCustomPropertyCollection: HostClass<SheetModel> = defineClass<SheetModel>({
  name: "WorksheetCustomPropertyCollection",
  scalars: [],
  props: {},
  items: (s) =>
    [...s.customProperties.keys()].map((key) => obj(WorksheetCustomProperty, { sheet: s, key })),
  indexer: (s, key) => {
    const k = String(key).toLowerCase();
    if (!s.customProperties.has(k))
      throw officeError(
        ErrorCodes.itemNotFound,
        `Worksheet '${s.name}' has no custom property '${String(key)}'.`
      );
    return obj(WorksheetCustomProperty, { sheet: s, key: k });
  },
  methods: {
    add: (s, [key, value], ctx) => {
      model(ctx).setCustomProperty(s, String(key), value);
      ctx.changed();
      return obj(WorksheetCustomProperty, { sheet: s, key: String(key).toLowerCase() });
    },
    getItemOrNullObject: (s, [key]) => {
      const k = String(key).toLowerCase();
      return obj(WorksheetCustomProperty, s.customProperties.has(k) ? { sheet: s, key: k } : null);
    },
    getCount: (s) => s.customProperties.size,
  },
});

export const WorksheetCustomProperty: HostClass<PropertyTarget> = defineClass<PropertyTarget>({
  name: "WorksheetCustomProperty",
  scalars: ["key", "value"],
  props: {
    key: ro((k) => propertyOf(k).key),
    value: rw(
      (k) => propertyOf(k).value,
      (k, v) => k.sheet.owner.setCustomProperty(k.sheet, propertyOf(k).key, v)
    ),
  },
  methods: {
    delete: (k, _a, ctx) => {
      k.sheet.customProperties.delete(k.key);
      ctx.changed();
    },
  },
});
