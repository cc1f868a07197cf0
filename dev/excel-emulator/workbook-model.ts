// The emulated workbook's content: sheets with sparse cells, tables, hidden rows, selection,
// settings and custom properties. Everything here is synchronous and throws EmulatedOfficeError;
// the request layer (request-context.ts) queues commands and calls into it at sync().

import {
  cellAddress,
  checkRect,
  contains,
  formatAddress,
  intersects,
  MAX_COLUMNS,
  MAX_ROWS,
  parseAddress,
  rectCols,
  rectRows,
  splitAreas,
  type Rect,
} from "./address";
import { parseInput } from "./cell-input";
import { RowStore, type RowSlots } from "./row-store";
import { ErrorCodes, officeError } from "./errors";
import {
  CellError,
  dropTableReferences,
  evaluateFormula,
  refersToTable,
  renameTableReferences,
  shiftFormula,
  type FormulaHost,
  type Scalar,
  type TableInfo,
} from "./formula";
import { formatValue } from "./number-format";

/** Characters of a worksheet custom property value that survive save and reopen (see clone()). */
export const CUSTOM_PROPERTY_VALUE_KEPT = 255;
export interface Cell {
  /** constant value; unused for formula cells (they are evaluated when read) */
  v: Scalar;
  f?: string;
  /** number format when not General */
  nf?: string;
  /**
   * The cell's other formatting (fill, font, conditional formats, data validation, …) as one opaque,
   * immutable record shared between cells: the emulator only carries it where Excel carries it
   * (copies of type All/Formats, cells that move with inserted/deleted rows, sorted rows).
   */
  fmt?: CellFormat;
}

/** Opaque per-cell formatting attributes, e.g. { fill: "#FFFF00", bold: true }. Never mutated in place. */
export type CellFormat = Readonly<Record<string, string | number | boolean>>;

/** Holds nothing at all: no value, formula, number format or other format. */
export function isBareCell(cell: Cell): boolean {
  return cell.v === "" && !cell.f && !cell.nf && !cell.fmt;
}

export type Visibility = "Visible" | "Hidden" | "VeryHidden";

export class SheetModel {
  rows = new RowStore<Cell>();
  /** hidden rows; to change them, hiddenForWrite() (an undo record may share this set) */
  hidden = new Set<number>();
  hiddenShared?: boolean;
  customProperties = new Map<string, { key: string; value: string }>();
  columnWidths = new Map<number, number>();
  selection: Rect[] = [{ r0: 0, c0: 0, r1: 0, c1: 0 }];
  deleted = false;
  /** the workbook this sheet belongs to (set when added) */
  owner!: WorkbookModel;
  private bounds: Rect | null = null;
  private boundsDirty = false;

  constructor(
    public id: string,
    public name: string,
    public visibility: Visibility = "Visible"
  ) {
    this.linkRows();
  }

  /**
   * A cell copied for an undo record keeps the value calculation holds for it. Not enumerable: a saved workbook is
   * structured-cloned (saved-file.ts), and a function cannot be.
   */
  linkRows(): void {
    Object.defineProperty(this.rows, "onCopy", {
      value: (from: Cell, to: Cell) => this.owner?.cellCopied(from, to),
      enumerable: false,
      writable: true,
      configurable: true,
    });
  }

  /** The cell to read only (cellForWrite to change it). */
  cell(r: number, c: number): Cell | undefined {
    return this.rows.peek(r)?.[c];
  }

  /** Gets or creates the cell. */
  cellForWrite(r: number, c: number): Cell {
    let row = this.rows.get(r);
    if (!row) {
      row = [];
      this.rows.set(r, row);
    }
    return this.cellInRow(row, r, c);
  }

  /** Gets or creates the cell in a row array already fetched (hot path of bulk writes). */
  cellInRow(row: (Cell | undefined)[], r: number, c: number): Cell {
    let cell = row[c];
    if (!cell) {
      cell = { v: "" };
      row[c] = cell;
      if (!this.boundsDirty) {
        const b = this.bounds;
        if (!b) this.bounds = { r0: r, c0: c, r1: r, c1: c };
        else {
          if (r < b.r0) b.r0 = r;
          if (r > b.r1) b.r1 = r;
          if (c < b.c0) b.c0 = c;
          if (c > b.c1) b.c1 = c;
        }
      }
    }
    return cell;
  }

  rowForWrite(r: number): (Cell | undefined)[] {
    let row = this.rows.get(r);
    if (!row) {
      row = [];
      this.rows.set(r, row);
    }
    return row;
  }

  removeCell(r: number, c: number): void {
    const row = this.rows.get(r);
    if (!row || !row[c]) return;
    row[c] = undefined;
    this.boundsDirty = true;
  }

  /** Drops cells that hold nothing (no value, formula or format). */
  compactCell(r: number, c: number): void {
    const cell = this.cell(r, c);
    if (cell && isBareCell(cell)) this.removeCell(r, c);
  }

  markDirty(): void {
    this.boundsDirty = true;
  }

  /** The hidden rows, to change (copied first when an undo record shares them). */
  hiddenForWrite(): Set<number> {
    if (this.hiddenShared) {
      this.hidden = new Set(this.hidden);
      this.hiddenShared = false;
    }
    return this.hidden;
  }

  /** Bounding box of cells with a value, formula or format; null when empty. */
  usedRect(valuesOnly = false): Rect | null {
    if (!valuesOnly && !this.boundsDirty) return this.bounds && { ...this.bounds };
    let r0 = Infinity;
    let r1 = -1;
    let c0 = Infinity;
    let c1 = -1;
    for (const [r, row] of this.rows.peekEntries()) {
      let any = false;
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        if (!cell) continue;
        if (valuesOnly ? cell.v === "" && !cell.f : isBareCell(cell)) continue;
        any = true;
        if (c < c0) c0 = c;
        if (c > c1) c1 = c;
      }
      if (any) {
        if (r < r0) r0 = r;
        if (r > r1) r1 = r;
      } else if (!valuesOnly) this.rows.delete(r);
    }
    const rect = r1 < 0 ? null : { r0, r1, c0, c1 };
    if (!valuesOnly) {
      this.bounds = rect;
      this.boundsDirty = false;
    }
    return rect;
  }
}

export class TableModel {
  columnIds: number[] = [];
  nextColumnId = 1;
  /** column names; the header row cells show them when showHeaders is on */
  names: string[] = [];
  style = "TableStyleMedium2";
  showBandedRows = true;
  showFilterButton = true;
  deleted = false;
  /** the totals row is the table's last row when on */
  showTotals = false;
  /** what each column's totals cell held when the totals row was last shown (Excel restores it), by column id */
  totalsMemory = new Map<number, { f?: string; v: Scalar }>();
  /** AutoFilter criteria by column id; rows they hide are hidden sheet rows */
  filters = new Map<number, FilterCriteria>();
  /** the last sort applied (table.sort.apply), kept for reapply; column ids, not positions */
  sort: { fields: Array<{ columnId: number; ascending: boolean }>; matchCase: boolean } | null =
    null;

  constructor(
    public id: string,
    public name: string,
    public sheet: SheetModel,
    public rect: Rect,
    public showHeaders = true
  ) {}

  get dataR0(): number {
    return this.showHeaders ? this.rect.r0 + 1 : this.rect.r0;
  }
  headerRect(): Rect {
    return { ...this.rect, r1: this.rect.r0 };
  }
  /** last data row (above the totals row when shown) */
  get dataR1(): number {
    return this.showTotals ? this.rect.r1 - 1 : this.rect.r1;
  }
  bodyRect(): Rect {
    return { ...this.rect, r0: this.dataR0, r1: this.dataR1 };
  }
  totalsRect(): Rect | null {
    return this.showTotals ? { ...this.rect, r0: this.rect.r1 } : null;
  }
  columnCount(): number {
    return rectCols(this.rect);
  }
  rowCount(): number {
    return this.dataR1 - this.dataR0 + 1;
  }
}

/** Excel.FilterCriteria as far as modelled: values, custom (comparisons, wildcards) and cell colour. */
export interface FilterCriteria {
  filterOn: string;
  values?: unknown[];
  criterion1?: string;
  criterion2?: string;
  operator?: string;
  color?: string;
}

export interface WorkbookSnapshot {
  activeSheet: string;
  selection: { sheet: string; address: string };
  sheets: Array<{
    name: string;
    visibility: Visibility;
    usedRange: string | null;
    values: unknown[][];
    formulas: unknown[][];
    numberFormats: string[][];
    /** other formatting per cell of the used range (null = none) */
    cellFormats: (CellFormat | null)[][];
    hiddenRows: number[];
    tables: Array<{
      name: string;
      address: string;
      headers: string[];
      style: string;
      showTotals: boolean;
      /** filter criteria by column name */
      filters: Record<string, FilterCriteria>;
      sort: Array<{ column: string; ascending: boolean }> | null;
    }>;
    customProperties: Record<string, string>;
  }>;
  settings: Record<string, unknown>;
}

/** What an undo record keeps of the workbook (WorkbookModel.undoSnapshot). */
export interface UndoSnapshot {
  sheets: Array<{
    sheet: SheetModel;
    rows: RowSlots<Cell>;
    name: string;
    visibility: Visibility;
    hidden: Set<number>;
    customProperties: Map<string, { key: string; value: string }>;
    columnWidths: Map<number, number>;
    selection: Rect[];
  }>;
  tables: Array<{ table: TableModel; state: Partial<TableModel> }>;
  settings: WorkbookModel["settings"];
  definedNames: WorkbookModel["definedNames"];
  activeSheet: SheetModel;
  nextTableId: number;
}

export type CalculationMode = "Automatic" | "AutomaticExceptTables" | "Manual";

/**
 * Excel's worksheet ids are GUIDs: unique in the workbook, also after it is saved and opened again in another
 * process (a counter per page gave a reopened workbook's new sheet the id of an old one).
 */
function sheetGuid(): string {
  return `{${globalThis.crypto.randomUUID().toUpperCase()}}`;
}

const INVALID_SHEET_CHARS = /[\\/?*[\]:]/;

export class WorkbookModel implements FormulaHost {
  sheets: SheetModel[] = [];
  tables: TableModel[] = [];
  settings = new Map<string, { key: string; value: unknown }>();
  /** workbook-scoped defined names (lower-cased name → name as given and its formula); they share a namespace with tables */
  definedNames = new Map<string, { name: string; formula: string }>();
  activeSheet!: SheetModel;
  date1904 = false;
  /**
   * Review > Protect Workbook (structure): while set, no sheet is added, deleted, renamed, moved, hidden or unhidden
   * (learn.microsoft.com Excel.WorkbookProtection; support.microsoft.com "Protect a workbook")
   */
  structureProtection: { password: string } | null = null;
  calculationMode: CalculationMode = "Automatic";
  /**
   * While Excel's calculation is held back (a request asked suspendApiCalculationUntilNextSync), the values formula
   * cells had when it began: they read so until the workbook is calculated again. Null (or undefined in a clone: a
   * workbook opened is calculated) when every formula is up to date.
   */
  private staleValues: WeakMap<Cell, { f: string; v: Scalar }> | null = null;
  nextTableId = 1;
  /** counters the request layer reads to fill the sync log */
  cellsWritten = 0;
  cellsCopied = 0;

  constructor(date1904 = false) {
    this.date1904 = date1904;
    this.activeSheet = this.addSheet("Sheet1");
  }

  // ---------- sheets ----------
  /** Refuses a change to the workbook's structure while it is protected. */
  checkStructureUnlocked(what: string): void {
    if (this.structureProtection)
      throw officeError(
        ErrorCodes.accessDenied,
        `The workbook's structure is protected, so ${what} is not allowed (Review > Protect Workbook).`
      );
  }

  sheetByName(name: string): SheetModel | undefined {
    const low = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === low);
  }

  requireSheet(name: string): SheetModel {
    const s = this.sheetByName(name);
    if (!s) throw officeError(ErrorCodes.itemNotFound, `There is no worksheet named '${name}'.`);
    return s;
  }

  validateSheetName(name: string, except?: SheetModel): void {
    if (typeof name !== "string" || name.trim() === "")
      throw officeError(ErrorCodes.invalidArgument, "A worksheet name cannot be blank.");
    if (name.length > 31)
      throw officeError(
        ErrorCodes.invalidArgument,
        `The worksheet name '${name}' is longer than 31 characters.`
      );
    if (INVALID_SHEET_CHARS.test(name) || name.startsWith("'") || name.endsWith("'"))
      throw officeError(
        ErrorCodes.invalidArgument,
        `The worksheet name '${name}' contains a character Excel does not allow (\\ / ? * [ ] : or a leading/trailing apostrophe).`
      );
    if (name.toLowerCase() === "history")
      throw officeError(ErrorCodes.invalidArgument, `'History' is a reserved worksheet name.`);
    const existing = this.sheetByName(name);
    if (existing && existing !== except)
      throw officeError(
        ErrorCodes.itemAlreadyExists,
        `A worksheet named '${existing.name}' already exists.`
      );
  }

  addSheet(name?: string): SheetModel {
    if (name === undefined || name === null) {
      let i = this.sheets.length + 1;
      while (this.sheetByName(`Sheet${i}`)) i++;
      name = `Sheet${i}`;
    }
    this.validateSheetName(name);
    const s = new SheetModel(sheetGuid(), name);
    s.owner = this;
    this.sheets.push(s);
    return s;
  }

  visibleSheets(): SheetModel[] {
    return this.sheets.filter((s) => s.visibility === "Visible");
  }

  setVisibility(sheet: SheetModel, v: Visibility): void {
    if (!["Visible", "Hidden", "VeryHidden"].includes(v))
      throw officeError(
        ErrorCodes.invalidArgument,
        `'${v}' is not a worksheet visibility (Visible, Hidden, VeryHidden).`
      );
    if (v !== "Visible" && sheet.visibility === "Visible" && this.visibleSheets().length === 1)
      throw officeError(
        ErrorCodes.invalidOperation,
        "A workbook must contain at least one visible worksheet."
      );
    sheet.visibility = v;
    if (v !== "Visible" && this.activeSheet === sheet) this.activeSheet = this.visibleSheets()[0];
  }

  deleteSheet(sheet: SheetModel): void {
    if (sheet.visibility === "Visible" && this.visibleSheets().length === 1)
      throw officeError(
        ErrorCodes.invalidOperation,
        "A workbook must contain at least one visible worksheet."
      );
    for (const t of this.tables.filter((t) => t.sheet === sheet)) this.removeTable(t, "ref");
    this.sheets = this.sheets.filter((s) => s !== sheet);
    sheet.deleted = true;
    if (this.activeSheet === sheet) this.activeSheet = this.visibleSheets()[0];
  }

  setSheetPosition(sheet: SheetModel, pos: number): void {
    if (!Number.isInteger(pos) || pos < 0 || pos >= this.sheets.length)
      throw officeError(
        ErrorCodes.invalidArgument,
        `Worksheet position ${pos} is outside 0..${this.sheets.length - 1}.`
      );
    this.sheets = this.sheets.filter((s) => s !== sheet);
    this.sheets.splice(pos, 0, sheet);
  }

  renameSheet(sheet: SheetModel, name: string): void {
    this.validateSheetName(name, sheet);
    sheet.name = name;
  }

  activate(sheet: SheetModel): void {
    if (sheet.visibility !== "Visible")
      throw officeError(
        ErrorCodes.invalidOperation,
        `The worksheet '${sheet.name}' is hidden and cannot be activated.`
      );
    this.activeSheet = sheet;
  }

  select(sheet: SheetModel, areas: Rect[]): void {
    this.activate(sheet);
    sheet.selection = areas;
  }

  /** Parses an address that may name its sheet; `sheet` is the default. */
  resolveAddress(address: string, sheet?: SheetModel): { sheet: SheetModel; rect: Rect } {
    const p = parseAddress(address);
    const s = p.sheet !== undefined ? this.requireSheet(p.sheet) : (sheet ?? this.activeSheet);
    if (sheet && s !== sheet)
      throw officeError(
        ErrorCodes.invalidArgument,
        `The address '${address}' is on another worksheet than '${sheet.name}'.`
      );
    return { sheet: s, rect: { r0: p.r0, c0: p.c0, r1: p.r1, c1: p.c1 } };
  }

  resolveAreas(address: string, sheet: SheetModel): Rect[] {
    return splitAreas(address).map((a) => this.resolveAddress(a, sheet).rect);
  }

  // ---------- cells ----------
  value(sheetName: string, r: number, c: number): Scalar {
    const s = this.sheetByName(sheetName);
    return s ? this.cellValue(s, r, c) : new CellError("#REF!");
  }

  sheetExists(name: string): string | null {
    return this.sheetByName(name)?.name ?? null;
  }

  cellValue(sheet: SheetModel, r: number, c: number): Scalar {
    const cell = sheet.cell(r, c);
    if (!cell) return "";
    if (cell.f) {
      const stale = this.staleValues?.get(cell);
      if (stale && stale.f === cell.f) return stale.v;
      return evaluateFormula(cell.f, { sheet: sheet.name, r, c }, this);
    }
    return cell.v;
  }

  /**
   * Calculation is suspended (Application.suspendApiCalculationUntilNextSync): every formula keeps the value it has
   * now, whatever the cells it reads become, until calculated() (a formula written meanwhile is evaluated).
   */
  holdCalculation(): void {
    if (this.staleValues) return;
    const held = new WeakMap<Cell, { f: string; v: Scalar }>();
    for (const sheet of this.sheets)
      for (const [r, row] of sheet.rows.peekEntries())
        row.forEach((cell, c) => {
          if (cell?.f)
            held.set(cell, {
              f: cell.f,
              v: evaluateFormula(cell.f, { sheet: sheet.name, r, c }, this),
            });
        });
    this.staleValues = held;
  }

  /** A cell copied on write (row-store.ts): the value calculation holds for it stays with the copy. */
  cellCopied(from: Cell, to: Cell): void {
    const held = this.staleValues?.get(from);
    if (held) this.staleValues!.set(to, held);
  }

  /** Excel calculates (Application.calculate, or its automatic calculation after a write): formulas are current. */
  calculated(): void {
    this.staleValues = null;
  }

  /** Whether some formula shows a value held from before a suspended request. */
  get calculationHeld(): boolean {
    return !!this.staleValues;
  }

  /** Reads a 2-D property of a rectangle. */
  read(
    sheet: SheetModel,
    rect: Rect,
    what: "values" | "formulas" | "numberFormat" | "valueTypes" | "text"
  ): unknown[][] {
    const out: unknown[][] = new Array(rectRows(rect));
    for (let r = rect.r0, i = 0; r <= rect.r1; r++, i++) {
      const row = sheet.rows.peek(r);
      const line: unknown[] = new Array(rectCols(rect));
      for (let c = rect.c0, j = 0; c <= rect.c1; c++, j++) {
        const cell = row?.[c];
        line[j] = this.readCell(sheet, r, c, cell, what);
      }
      out[i] = line;
    }
    return out;
  }

  private readCell(
    sheet: SheetModel,
    r: number,
    c: number,
    cell: Cell | undefined,
    what: string
  ): unknown {
    switch (what) {
      case "formulas":
        if (!cell) return "";
        if (cell.f) return cell.f;
        return cell.v instanceof CellError ? cell.v.code : cell.v;
      case "numberFormat":
        return cell?.nf ?? "General";
      case "valueTypes": {
        const v = cell ? this.cellValue(sheet, r, c) : "";
        return v instanceof CellError
          ? "Error"
          : v === ""
            ? "Empty"
            : typeof v === "number"
              ? "Double"
              : typeof v === "boolean"
                ? "Boolean"
                : "String";
      }
      case "text":
        return cell ? formatValue(this.cellValue(sheet, r, c), cell.nf, this.date1904) : "";
      default: {
        if (!cell) return "";
        const v = cell.f ? this.cellValue(sheet, r, c) : cell.v;
        return v instanceof CellError ? v.code : v;
      }
    }
  }

  /**
   * Writes values/formulas/number formats to a rectangle. `data` is a 2-D array matching the
   * rectangle, or one value for every cell. null entries leave a cell unchanged (as in Office.js).
   */
  write(
    sheet: SheetModel,
    rect: Rect,
    what: "values" | "formulas" | "numberFormat",
    data: unknown,
    byUser = false
  ): number {
    const rows = rectRows(rect);
    const cols = rectCols(rect);
    const grid = Array.isArray(data);
    if (grid) {
      const arr = data as unknown[];
      const bad =
        arr.length !== rows || arr.some((row) => !Array.isArray(row) || row.length !== cols);
      if (bad) {
        const got =
          arr.length && Array.isArray(arr[0])
            ? `${arr.length} × ${(arr[0] as unknown[]).length}`
            : `${arr.length} rows`;
        throw officeError(
          ErrorCodes.invalidArgument,
          `The number of rows or columns in the input array doesn't match the size or dimensions of the range: the range ${formatAddress(sheet.name, rect)} is ${rows} × ${cols}, the ${what} array is ${got}.`
        );
      }
    } else if (rows * cols > 5_000_000) {
      throw officeError(
        ErrorCodes.invalidArgument,
        `Setting one ${what} value on ${rows * cols} cells is more than this emulator fills at once.`
      );
    }
    let written = 0;
    const touchedTables = this.tables.filter((t) => t.sheet === sheet && intersects(t.rect, rect));
    const where = (r: number, c: number) => `${sheet.name}!${cellAddress(r, c)}`;
    for (let i = 0; i < rows; i++) {
      const r = rect.r0 + i;
      const line = grid ? ((data as unknown[][])[i] as unknown[]) : null;
      let row: (Cell | undefined)[] | undefined;
      for (let j = 0; j < cols; j++) {
        const input = line ? line[j] : data;
        if (input === null || input === undefined) continue;
        const c = rect.c0 + j;
        row ??= sheet.rowForWrite(r);
        if (what === "numberFormat") {
          if (typeof input !== "string")
            throw officeError(
              ErrorCodes.invalidArgument,
              `The number format for ${where(r, c)} must be a string.`
            );
          if (input === "General") {
            const cell = row[c];
            if (cell) {
              delete cell.nf;
              sheet.compactCell(r, c);
            }
          } else sheet.cellInRow(row, r, c).nf = input;
        } else {
          const existing = row[c];
          let parsed: ReturnType<typeof parseInput>;
          if (typeof input === "number" && Number.isFinite(input)) parsed = { value: input };
          else parsed = parseInput(input, existing?.nf, this.date1904, where(r, c));
          if (!parsed) continue;
          const cell = existing ?? sheet.cellInRow(row, r, c);
          if (parsed.formula !== undefined) {
            cell.f = parsed.formula;
            cell.v = "";
          } else {
            if (cell.f !== undefined) delete cell.f;
            cell.v = parsed.value!;
            if (parsed.impliedFormat) cell.nf = parsed.impliedFormat;
            if (isBareCell(cell)) sheet.removeCell(r, c);
          }
        }
        written++;
      }
    }
    this.cellsWritten += written;
    for (const t of touchedTables) {
      if (t.showHeaders && rect.r0 <= t.rect.r0 && rect.r1 >= t.rect.r0) this.syncHeaders(t);
      if (byUser && what !== "numberFormat") this.userFormulaFill(t, rect);
    }
    return written;
  }

  clear(sheet: SheetModel, rect: Rect, applyTo: string): void {
    const contents = applyTo === "All" || applyTo === "Contents";
    const formats = applyTo === "All" || applyTo === "Formats";
    if (
      !contents &&
      !formats &&
      applyTo !== "Hyperlinks" &&
      applyTo !== "RemoveHyperlinks" &&
      applyTo !== "ResetContents"
    )
      throw officeError(
        ErrorCodes.invalidArgument,
        `'${applyTo}' is not a ClearApplyTo value (All, Formats, Contents, Hyperlinks, RemoveHyperlinks, ResetContents).`
      );
    for (let r = rect.r0, last = Math.min(rect.r1, sheet.rows.end - 1); r <= last; r++) {
      const row = sheet.rows.get(r);
      if (!row) continue;
      const end = Math.min(rect.c1, row.length - 1);
      for (let c = rect.c0; c <= end; c++) {
        const cell = row[c];
        if (!cell) continue;
        if (contents || applyTo === "ResetContents") {
          delete cell.f;
          cell.v = "";
        }
        if (formats) {
          delete cell.nf;
          delete cell.fmt;
        }
        sheet.compactCell(r, c);
      }
    }
    sheet.markDirty();
    for (const t of this.tables.filter((t) => t.sheet === sheet && intersects(t.rect, rect)))
      if (t.showHeaders && rect.r0 <= t.rect.r0) this.syncHeaders(t);
  }

  // ---------- hidden rows ----------
  setRowsHidden(sheet: SheetModel, r0: number, count: number, hidden: boolean): void {
    checkRect({ r0, r1: r0 + count - 1, c0: 0, c1: 0 }, `rows ${r0 + 1}..${r0 + count}`);
    for (let r = r0; r < r0 + count; r++) {
      if (hidden) sheet.hiddenForWrite().add(r);
      else sheet.hiddenForWrite().delete(r);
    }
  }

  /** Row blocks of `rect` that are not hidden. */
  visibleAreas(sheet: SheetModel, rect: Rect): Rect[] {
    const out: Rect[] = [];
    let start = -1;
    for (let r = rect.r0; r <= rect.r1 + 1; r++) {
      const visible = r <= rect.r1 && !sheet.hidden.has(r);
      if (visible && start < 0) start = r;
      if (!visible && start >= 0) {
        out.push({ r0: start, r1: r - 1, c0: rect.c0, c1: rect.c1 });
        start = -1;
      }
      // skip long hidden-free stretches quickly
      if (visible && sheet.hidden.size === 0) {
        out.push({ r0: start, r1: rect.r1, c0: rect.c0, c1: rect.c1 });
        return out;
      }
    }
    return out;
  }

  // ---------- tables ----------
  tableByName(name: string): TableModel | undefined {
    const low = name.toLowerCase();
    return this.tables.find((t) => t.name.toLowerCase() === low);
  }

  table(name: string): TableInfo | null {
    const t = this.tableByName(name);
    return t ? this.tableInfo(t) : null;
  }

  tableAt(sheetName: string, r: number, c: number): TableInfo | null {
    const t = this.tables.find(
      (t) =>
        t.sheet.name === sheetName &&
        r >= t.rect.r0 &&
        r <= t.rect.r1 &&
        c >= t.rect.c0 &&
        c <= t.rect.c1
    );
    return t ? this.tableInfo(t) : null;
  }

  private tableInfo(t: TableModel): TableInfo {
    return {
      name: t.name,
      sheet: t.sheet.name,
      rect: t.rect,
      dataR0: t.dataR0,
      dataR1: t.dataR1,
      headers: t.names,
    };
  }

  validateTableName(name: string, except?: TableModel): void {
    if (
      typeof name !== "string" ||
      !/^[A-Za-z_\\][A-Za-z0-9_.\\]*$/.test(name) ||
      name.length > 255
    )
      throw officeError(
        ErrorCodes.invalidArgument,
        `'${name}' is not a valid table name: start with a letter or underscore, then letters, digits, '_' or '.', no spaces.`
      );
    if (/^[A-Za-z]{1,3}\d+$/.test(name) || /^[RrCc]$/.test(name) || /^[Rr]\d+[Cc]\d+$/.test(name))
      throw officeError(
        ErrorCodes.invalidArgument,
        `'${name}' is not a valid table name: it reads as a cell reference.`
      );
    const existing = this.tableByName(name);
    if (existing && existing !== except)
      throw officeError(
        ErrorCodes.invalidArgument,
        `A table named '${existing.name}' already exists in this workbook; table names must be unique.`
      );
    const defined = this.definedNames.get(name.toLowerCase());
    if (defined)
      throw officeError(
        ErrorCodes.invalidArgument,
        `'${name}' is already a defined name in this workbook; tables and defined names share one namespace.`
      );
  }

  addDefinedName(name: string, formula: string): void {
    if (
      typeof name !== "string" ||
      !/^[A-Za-z_\\][A-Za-z0-9_.\\]*$/.test(name) ||
      name.length > 255
    )
      throw officeError(ErrorCodes.invalidArgument, `'${name}' is not a valid name.`);
    if (this.definedNames.has(name.toLowerCase()) || this.tableByName(name))
      throw officeError(
        ErrorCodes.itemAlreadyExists,
        `The name '${name}' already exists in this workbook.`
      );
    this.definedNames.set(name.toLowerCase(), { name, formula: String(formula) });
  }

  private checkNoOverlap(sheet: SheetModel, rect: Rect, except?: TableModel): void {
    const other = this.tables.find(
      (t) => t !== except && t.sheet === sheet && intersects(t.rect, rect)
    );
    if (other)
      throw officeError(
        ErrorCodes.invalidArgument,
        `A table can't overlap another table: ${formatAddress(sheet.name, rect)} overlaps table '${other.name}' (${formatAddress(sheet.name, other.rect)}).`
      );
  }

  addTable(sheet: SheetModel, rect: Rect, hasHeaders: boolean, name?: string): TableModel {
    if (rect.r0 === 0 && rect.r1 === MAX_ROWS - 1)
      throw officeError(ErrorCodes.invalidArgument, "A table cannot span whole columns.");
    let r = { ...rect };
    if (!hasHeaders) {
      // Excel puts a generated header row above the data, shifting the data down within the table's columns.
      this.shift(sheet, "rows", r.r0, 1, r.c0, r.c1);
      r = { ...r, r1: r.r1 + 1 };
    } else if (r.r0 === r.r1) {
      r = { ...r, r1: r.r1 + 1 }; // a table always has at least one data row
    }
    checkRect(r, formatAddress(sheet.name, r));
    this.checkNoOverlap(sheet, r);
    if (name !== undefined) this.validateTableName(name);
    let n = this.nextTableId;
    while (!name && this.tableByName(`Table${n}`)) n++;
    const t = new TableModel(String(this.nextTableId++), name ?? `Table${n}`, sheet, r, true);
    for (let c = r.c0; c <= r.c1; c++) t.columnIds.push(t.nextColumnId++);
    if (!hasHeaders)
      for (let c = r.c0; c <= r.c1; c++) this.setHeaderCell(t, c, `Column${c - r.c0 + 1}`);
    this.tables.push(t);
    this.syncHeaders(t);
    return t;
  }

  private setHeaderCell(t: TableModel, c: number, name: string): void {
    const cell = t.sheet.cellForWrite(t.rect.r0, c);
    delete cell.f;
    cell.v = name;
  }

  /** Header cells are text, never blank, and unique (case-insensitive) — as Excel enforces. */
  syncHeaders(t: TableModel): void {
    if (!t.showHeaders) return;
    const seen = new Set<string>();
    const names: string[] = [];
    for (let c = t.rect.c0; c <= t.rect.c1; c++) {
      const i = c - t.rect.c0;
      const raw = this.cellValue(t.sheet, t.rect.r0, c);
      const cell = t.sheet.cell(t.rect.r0, c);
      let name =
        raw instanceof CellError
          ? raw.code
          : cell?.nf && typeof raw === "number"
            ? formatValue(raw, cell.nf, this.date1904)
            : String(raw);
      if (name === "") name = `Column${i + 1}`;
      let candidate = name;
      for (let k = 2; seen.has(candidate.toLowerCase()); k++) candidate = `${name}${k}`;
      seen.add(candidate.toLowerCase());
      names.push(candidate);
      if (cell?.f || raw !== candidate) this.setHeaderCell(t, c, candidate);
    }
    t.names = names;
  }

  renameTable(t: TableModel, name: string): void {
    if (t.name === name) return;
    this.validateTableName(name, t);
    const old = t.name;
    t.name = name;
    this.rewriteFormulas((f) => (refersToTable(f, old) ? renameTableReferences(f, old, name) : f));
  }

  /** Removes a table. 'ref': its cells are gone, so formulas referring to it become #REF!. */
  removeTable(t: TableModel, how: "ref" | "convert"): void {
    this.tables = this.tables.filter((x) => x !== t);
    t.deleted = true;
    if (how === "ref")
      this.rewriteFormulas((f) => (refersToTable(f, t.name) ? dropTableReferences(f, t.name) : f));
    else
      this.rewriteFormulas((f) => {
        if (!refersToTable(f, t.name)) return f;
        // converting to a range: structured references become absolute A1 references
        return f.replace(
          new RegExp(`${escapeRegExp(t.name)}\\[([^\\]]*)\\]`, "gi"),
          (_m, col: string) => {
            const i = t.names.findIndex((n) => n.toLowerCase() === col.toLowerCase());
            if (i < 0) return "#REF!";
            const c = t.rect.c0 + i;
            return formatAddress(t.sheet.name, {
              r0: t.dataR0,
              r1: t.dataR1,
              c0: c,
              c1: c,
            }).replace(/([A-Z]+)(\d+)/g, "$$$1$$$2");
          }
        );
      });
  }

  deleteTable(t: TableModel): void {
    const rect = t.rect;
    const sheet = t.sheet;
    this.removeTable(t, "ref");
    this.clear(sheet, rect, "All");
  }

  private rewriteFormulas(fn: (f: string) => string): void {
    for (const s of this.sheets)
      for (const row of s.rows.values()) for (const cell of row) if (cell?.f) cell.f = fn(cell.f);
  }

  resizeTable(t: TableModel, rect: Rect): void {
    if (rect.r0 !== t.rect.r0)
      throw officeError(
        ErrorCodes.invalidArgument,
        `The table '${t.name}' can only be resized keeping its header row at row ${t.rect.r0 + 1}; ${formatAddress(t.sheet.name, rect)} starts at row ${rect.r0 + 1}.`
      );
    if (!intersects(rect, t.rect))
      throw officeError(
        ErrorCodes.invalidArgument,
        `The new range ${formatAddress(t.sheet.name, rect)} must overlap the table '${t.name}'.`
      );
    if (rect.r1 < t.dataR0)
      throw officeError(
        ErrorCodes.invalidArgument,
        `A table needs at least one data row; ${formatAddress(t.sheet.name, rect)} has none.`
      );
    this.checkNoOverlap(t.sheet, rect, t);
    const old = t.rect;
    const calculated = this.calculatedColumns(t);
    // The totals row stays the table's last row: its cells move to the new last row.
    const totals = t.showTotals && rect.r1 !== old.r1 ? this.takeTotals(t) : null;
    // columns kept, dropped or added at either side
    const ids: number[] = [];
    for (let c = rect.c0; c <= rect.c1; c++)
      ids.push(c >= old.c0 && c <= old.c1 ? t.columnIds[c - old.c0] : t.nextColumnId++);
    t.columnIds = ids;
    t.rect = { ...rect };
    this.syncHeaders(t);
    if (totals) this.putTotals(t, totals);
    this.fillCalculated(t, calculated, t.showTotals ? old.r1 : old.r1 + 1, t.dataR1);
  }

  // ---------- formats ----------
  /** Merges attributes into each cell's format; a null attribute removes it. */
  setFormat(
    sheet: SheetModel,
    rect: Rect,
    attrs: Readonly<Record<string, string | number | boolean | null>>
  ): void {
    checkRect(rect, formatAddress(sheet.name, rect));
    const cache = new Map<CellFormat | undefined, CellFormat | undefined>();
    for (let r = rect.r0; r <= rect.r1; r++) {
      const row = sheet.rowForWrite(r);
      for (let c = rect.c0; c <= rect.c1; c++) {
        const before = row[c]?.fmt;
        let after = cache.get(before);
        if (!cache.has(before)) {
          const merged: Record<string, string | number | boolean> = { ...before };
          for (const [k, v] of Object.entries(attrs)) {
            if (v === null) delete merged[k];
            else merged[k] = v;
          }
          after = Object.keys(merged).length ? Object.freeze(merged) : undefined;
          cache.set(before, after);
        }
        if (after) sheet.cellInRow(row, r, c).fmt = after;
        else if (row[c]) {
          delete row[c]!.fmt;
          sheet.compactCell(r, c);
        }
      }
    }
    sheet.markDirty();
  }

  formatOf(sheet: SheetModel, r: number, c: number): CellFormat | null {
    return sheet.cell(r, c)?.fmt ?? null;
  }

  // ---------- AutoFilter ----------
  /** Stores a column's criteria (null clears them) and evaluates every filter of the table (Excel's apply). */
  setFilter(t: TableModel, columnIndex: number, criteria: FilterCriteria | null): void {
    if (!Number.isInteger(columnIndex) || columnIndex < 0 || columnIndex >= t.columnCount())
      throw officeError(
        ErrorCodes.invalidArgument,
        `Column index ${columnIndex} is outside 0..${t.columnCount() - 1} for table '${t.name}'.`
      );
    const id = t.columnIds[columnIndex];
    if (criteria === null) t.filters.delete(id);
    else {
      checkCriteria(criteria);
      // kept in one order of properties, without undefined ones: the same criteria compare equal however given
      const canonical = Object.fromEntries(
        Object.entries(criteria)
          .filter(([, v]) => v !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      ) as unknown as FilterCriteria;
      t.filters.set(id, canonical);
    }
    this.reapplyFilters(t);
  }

  clearFilters(t: TableModel): void {
    t.filters.clear();
    this.setRowsHidden(t.sheet, t.dataR0, t.rowCount(), false);
  }

  /**
   * Hides the data rows that fail any column's criteria and shows the others. Excel evaluates criteria only when a
   * filter is applied or reapplied: a row added or changed later stays as it is until then.
   */
  reapplyFilters(t: TableModel): void {
    const columns = [...t.filters].map(([id, criteria]) => ({
      c: t.rect.c0 + t.columnIds.indexOf(id),
      criteria,
    }));
    for (let r = t.dataR0; r <= t.dataR1; r++) {
      const shown = columns.every(({ c, criteria }) => this.matches(t.sheet, r, c, criteria));
      if (shown) t.sheet.hiddenForWrite().delete(r);
      else t.sheet.hiddenForWrite().add(r);
    }
  }

  private matches(sheet: SheetModel, r: number, c: number, criteria: FilterCriteria): boolean {
    const value = this.cellValue(sheet, r, c);
    const text = (this.read(sheet, { r0: r, r1: r, c0: c, c1: c }, "text")[0][0] as string) ?? "";
    switch (criteria.filterOn) {
      case "Values":
        return (criteria.values ?? []).some((v) => String(v).toLowerCase() === text.toLowerCase());
      case "CellColor":
        return (
          String(sheet.cell(r, c)?.fmt?.fill ?? "").toLowerCase() ===
          String(criteria.color ?? "").toLowerCase()
        );
      case "Custom": {
        const one = customMatch(criteria.criterion1 ?? "", value, text);
        if (criteria.criterion2 === undefined || criteria.criterion2 === "") return one;
        const two = customMatch(criteria.criterion2, value, text);
        return criteria.operator === "Or" ? one || two : one && two;
      }
    }
    return true;
  }

  // ---------- sort ----------
  /**
   * Sorts the table's visible data rows by the fields (table column indexes), stably, as Excel does: numbers before
   * text before logicals before errors, blanks last in either direction, text case-insensitive unless matchCase.
   * Whole table rows move (values, formulas, formats); cells outside the table stay where they are, and hidden rows
   * keep their place.
   */
  sortTable(
    t: TableModel,
    fields: Array<{ key: number; ascending?: boolean }>,
    matchCase = false
  ): void {
    if (!Array.isArray(fields) || fields.length === 0)
      throw officeError(ErrorCodes.invalidArgument, "table.sort.apply needs at least one field.");
    const resolved = fields.map((f) => {
      if (!Number.isInteger(f.key) || f.key < 0 || f.key >= t.columnCount())
        throw officeError(
          ErrorCodes.invalidArgument,
          `Sort key ${f.key} is outside 0..${t.columnCount() - 1} for table '${t.name}'.`
        );
      return { columnId: t.columnIds[f.key], ascending: f.ascending !== false };
    });
    t.sort = { fields: resolved, matchCase };
    this.reapplySort(t);
  }

  reapplySort(t: TableModel): void {
    if (!t.sort) return;
    const rows: number[] = [];
    for (let r = t.dataR0; r <= t.dataR1; r++) if (!t.sheet.hidden.has(r)) rows.push(r);
    const keys = t.sort.fields
      .map((f) => ({ c: t.rect.c0 + t.columnIds.indexOf(f.columnId), ascending: f.ascending }))
      .filter((k) => k.c >= t.rect.c0);
    const matchCase = t.sort.matchCase;
    const order = rows
      .map((r, i) => ({ r, i, values: keys.map((k) => this.cellValue(t.sheet, r, k.c)) }))
      .sort((a, b) => {
        for (let k = 0; k < keys.length; k++) {
          const d = compareForSort(a.values[k], b.values[k], keys[k].ascending, matchCase);
          if (d !== 0) return d;
        }
        return a.i - b.i;
      });
    // Move each row's table cells: row k of the new order goes to the k-th visible row.
    const taken = order.map(({ r }) => {
      const row = t.sheet.rows.get(r);
      const cells: (Cell | undefined)[] = [];
      for (let c = t.rect.c0; c <= t.rect.c1; c++) {
        cells.push(row?.[c]);
        if (row) row[c] = undefined;
      }
      return { from: r, cells };
    });
    taken.forEach(({ from, cells }, k) => {
      const to = rows[k];
      const row = t.sheet.rowForWrite(to);
      cells.forEach((cell, j) => {
        const c = t.rect.c0 + j;
        if (cell?.f && to !== from) cell.f = shiftFormula(cell.f, to - from, 0);
        row[c] = cell;
      });
    });
    t.sheet.markDirty();
  }

  /** Removes the totals row's cells, by column id (for moving or hiding the totals row). */
  private takeTotals(t: TableModel): Map<number, Cell> {
    const out = new Map<number, Cell>();
    const r = t.rect.r1;
    t.columnIds.forEach((id, i) => {
      const cell = t.sheet.cell(r, t.rect.c0 + i);
      if (cell) out.set(id, cell);
      t.sheet.removeCell(r, t.rect.c0 + i);
    });
    return out;
  }

  private putTotals(t: TableModel, cells: Map<number, Cell>): void {
    const r = t.rect.r1;
    t.columnIds.forEach((id, i) => {
      const cell = cells.get(id);
      if (cell) t.sheet.rowForWrite(r)[t.rect.c0 + i] = cell;
    });
    t.sheet.markDirty();
  }

  /**
   * Shows or hides the totals row. Shown: the row below the data becomes the totals row (cells below are shifted
   * down when that row is not empty) and each column gets back what its totals cell held when the row was last
   * hidden, or Excel's default (the label "Total" in the first column, a SUBTOTAL of the last). Hidden: the row's
   * cells go and the table ends with its data.
   */
  setShowTotals(t: TableModel, show: boolean): void {
    if (show === t.showTotals) return;
    if (!show) {
      const cells = this.takeTotals(t);
      t.totalsMemory = new Map([...cells].map(([id, c]) => [id, { f: c.f, v: c.v }]));
      t.showTotals = false;
      t.rect = { ...t.rect, r1: t.rect.r1 - 1 };
      return;
    }
    const below = { r0: t.rect.r1 + 1, r1: t.rect.r1 + 1, c0: t.rect.c0, c1: t.rect.c1 };
    checkRect(below, formatAddress(t.sheet.name, below));
    if (!this.isEmpty(t.sheet, below))
      this.shift(t.sheet, "rows", below.r0, 1, t.rect.c0, t.rect.c1, t);
    t.rect = { ...t.rect, r1: below.r0 };
    t.showTotals = true;
    const last = t.columnIds.length - 1;
    t.columnIds.forEach((id, i) => {
      const kept = t.totalsMemory.get(id);
      const content =
        kept ??
        (i === 0
          ? { v: "Total" }
          : i === last
            ? { f: `=SUBTOTAL(109,[${t.names[i].replace(/([[\]#'])/g, "'$1")}])`, v: "" }
            : null);
      if (!content || (content.v === "" && !content.f)) return;
      const cell = t.sheet.cellForWrite(below.r0, t.rect.c0 + i);
      cell.v = content.v;
      if (content.f) cell.f = content.f;
      else delete cell.f;
    });
  }

  /** Columns whose data cells all hold the same formula (relative to their row): Excel's calculated columns. */
  calculatedColumns(t: TableModel): Map<number, { formula: string; row: number }> {
    const out = new Map<number, { formula: string; row: number }>();
    for (let c = t.rect.c0; c <= t.rect.c1; c++) {
      const first = t.sheet.cell(t.dataR0, c);
      if (!first?.f) continue;
      let same = true;
      for (let r = t.dataR0 + 1; r <= t.dataR1 && same; r++) {
        const f = t.sheet.cell(r, c)?.f;
        same = f !== undefined && (f === first.f || shiftFormula(first.f, r - t.dataR0, 0) === f);
      }
      if (same) out.set(t.columnIds[c - t.rect.c0], { formula: first.f, row: t.dataR0 });
    }
    return out;
  }

  fillCalculated(
    t: TableModel,
    calculated: Map<number, { formula: string; row: number }>,
    fromRow: number,
    toRow: number
  ): void {
    for (const [id, { formula, row }] of calculated) {
      const i = t.columnIds.indexOf(id);
      if (i < 0) continue;
      const c = t.rect.c0 + i;
      for (let r = Math.max(fromRow, t.dataR0); r <= toRow; r++) {
        const existing = t.sheet.cell(r, c);
        if (existing && (existing.f || existing.v !== "")) continue;
        const cell = t.sheet.cellForWrite(r, c);
        cell.f = shiftFormula(formula, r - row, 0);
        cell.v = "";
      }
    }
  }

  /** A person typing one formula into an otherwise empty table column makes it a calculated column. */
  private userFormulaFill(t: TableModel, rect: Rect): void {
    if (rectRows(rect) !== 1 || rectCols(rect) !== 1 || rect.r0 < t.dataR0) return;
    const cell = t.sheet.cell(rect.r0, rect.c0);
    if (!cell?.f) return;
    if (rect.r0 > t.dataR1) return;
    for (let r = t.dataR0; r <= t.dataR1; r++) {
      if (r === rect.r0) continue;
      const other = t.sheet.cell(r, rect.c0);
      if (other && (other.f || other.v !== "")) return;
    }
    for (let r = t.dataR0; r <= t.dataR1; r++) {
      if (r === rect.r0) continue;
      const c = t.sheet.cellForWrite(r, rect.c0);
      c.f = shiftFormula(cell.f, r - rect.r0, 0);
      c.v = "";
    }
  }

  /**
   * Excel's AutoExpansion (AutoCorrect.AutoExpandListRange, on by default: "when you type in a cell of
   * an empty row or column next to a list, the list will expand to include that row or column"):
   * typing into the cell right of a table's header row adds a column; typing into the row right
   * below a table (without a totals row), within its columns, adds that row.
   */
  autoExpand(sheet: SheetModel, rect: Rect): void {
    for (const t of this.tables) {
      if (t.sheet !== sheet) continue;
      if (
        !t.showTotals &&
        rect.r0 === t.rect.r1 + 1 &&
        rect.c0 >= t.rect.c0 &&
        rect.c1 <= t.rect.c1
      ) {
        const grown = { ...t.rect, r1: rect.r1 };
        if (!this.tables.some((o) => o !== t && o.sheet === sheet && intersects(o.rect, grown))) {
          this.resizeTable(t, grown);
          continue;
        }
      }
      if (!t.showHeaders) continue;
      if (rect.r0 === t.rect.r0 && rect.c0 === t.rect.c1 + 1 && sheet.cell(t.rect.r0, rect.c0)) {
        const c1 = rect.c1;
        const grown = { ...t.rect, c1 };
        if (this.tables.some((o) => o !== t && o.sheet === sheet && intersects(o.rect, grown)))
          continue;
        this.resizeTable(t, grown);
      }
    }
  }

  addTableRows(
    t: TableModel,
    index: number | null | undefined,
    values: unknown[][] | null | undefined
  ): Rect {
    const count = values ? values.length : 1;
    if (
      values &&
      (values.length === 0 ||
        values.some((row) => !Array.isArray(row) || row.length !== t.columnCount()))
    )
      throw officeError(
        ErrorCodes.invalidArgument,
        `Rows added to table '${t.name}' must each have ${t.columnCount()} values.`
      );
    const rows = t.rowCount();
    const at = index === null || index === undefined ? rows : index;
    if (!Number.isInteger(at) || at < 0 || at > rows)
      throw officeError(
        ErrorCodes.invalidArgument,
        `Row index ${at} is outside 0..${rows} for table '${t.name}'.`
      );
    const insertRow = t.dataR0 + at;
    const calculated = this.calculatedColumns(t);
    const below = { r0: t.rect.r1 + 1, r1: t.rect.r1 + count, c0: t.rect.c0, c1: t.rect.c1 };
    const belowEmpty =
      !t.showTotals &&
      at === rows &&
      below.r1 < MAX_ROWS &&
      this.isEmpty(t.sheet, below) &&
      !this.tables.some((o) => o.sheet === t.sheet && intersects(o.rect, below));
    // shift() moves the cells and would also grow or move this table; its own new size is set here, once.
    const own = { rect: t.rect, columnIds: [...t.columnIds] };
    if (!belowEmpty) this.shift(t.sheet, "rows", insertRow, count, t.rect.c0, t.rect.c1, t);
    Object.assign(t, own);
    t.rect = { ...t.rect, r1: t.rect.r1 + count };
    const rect = { r0: insertRow, r1: insertRow + count - 1, c0: t.rect.c0, c1: t.rect.c1 };
    if (values) this.write(t.sheet, rect, "values", values);
    this.fillCalculated(t, calculated, rect.r0, rect.r1);
    return rect;
  }

  deleteTableRows(t: TableModel, index: number, count: number): void {
    if (index < 0 || index + count > t.rowCount())
      throw officeError(
        ErrorCodes.invalidArgument,
        `Rows ${index}..${index + count - 1} are outside table '${t.name}' (${t.rowCount()} rows).`
      );
    this.shift(t.sheet, "rows", t.dataR0 + index, -count, t.rect.c0, t.rect.c1, t);
  }

  addTableColumn(
    t: TableModel,
    index: number | null | undefined,
    values: unknown[][] | null | undefined,
    name: string | null | undefined
  ): number {
    const cols = t.columnCount();
    const at = index === null || index === undefined ? cols : index;
    if (!Number.isInteger(at) || at < 0 || at > cols)
      throw officeError(
        ErrorCodes.invalidArgument,
        `Column index ${at} is outside 0..${cols} for table '${t.name}'.`
      );
    const rows = rectRows(t.rect);
    if (
      values &&
      (values.length !== rows || values.some((r) => !Array.isArray(r) || r.length !== 1))
    )
      throw officeError(
        ErrorCodes.invalidArgument,
        `Values for a new column of table '${t.name}' must be ${rows} rows × 1 column (header row included).`
      );
    const c = t.rect.c0 + at;
    const right = { r0: t.rect.r0, r1: t.rect.r1, c0: t.rect.c1 + 1, c1: t.rect.c1 + 1 };
    const rightEmpty =
      at === cols &&
      right.c1 < MAX_COLUMNS &&
      this.isEmpty(t.sheet, right) &&
      !this.tables.some((o) => o.sheet === t.sheet && intersects(o.rect, right));
    // shift() moves the cells and would also grow or move this table; its own new size is set here, once.
    const own = { rect: t.rect, columnIds: [...t.columnIds], names: [...t.names] };
    if (!rightEmpty) this.shift(t.sheet, "cols", c, 1, t.rect.r0, t.rect.r1, t);
    Object.assign(t, own);
    t.rect = { ...t.rect, c1: t.rect.c1 + 1 };
    const id = t.nextColumnId++;
    t.columnIds.splice(at, 0, id);
    const rect = { r0: t.rect.r0, r1: t.rect.r1, c0: c, c1: c };
    this.clear(t.sheet, rect, "Contents");
    if (values) this.write(t.sheet, rect, "values", values);
    if (name !== undefined && name !== null) this.setHeaderCell(t, c, String(name));
    this.syncHeaders(t);
    return id;
  }

  deleteTableColumn(t: TableModel, id: number): void {
    const i = t.columnIds.indexOf(id);
    if (t.columnCount() === 1)
      throw officeError(
        ErrorCodes.invalidOperation,
        `The last column of table '${t.name}' cannot be deleted; delete the table instead.`
      );
    const c = t.rect.c0 + i;
    this.shift(t.sheet, "cols", c, -1, t.rect.r0, t.rect.r1, t);
  }

  isEmpty(sheet: SheetModel, rect: Rect): boolean {
    for (let r = rect.r0; r <= rect.r1; r++) {
      const row = sheet.rows.peek(r);
      if (!row) continue;
      for (let c = rect.c0; c <= Math.min(rect.c1, row.length - 1); c++) {
        const cell = row[c];
        if (cell && (cell.f || cell.v !== "")) return false;
      }
    }
    return true;
  }

  /**
   * Inserts (count > 0) or deletes (count < 0) cells along an axis, Excel-style.
   * rows axis: rows from `at` move down/up within columns lo..hi; cols axis: columns from `at`
   * move right/left within rows lo..hi. Tables move, grow or shrink with the cells; an operation
   * that would split a table is refused. `own` is a table whose own rows/columns are being changed.
   */
  shift(
    sheet: SheetModel,
    axis: "rows" | "cols",
    at: number,
    count: number,
    lo: number,
    hi: number,
    own?: TableModel
  ): void {
    const max = axis === "rows" ? MAX_ROWS : MAX_COLUMNS;
    const whole = lo === 0 && hi === (axis === "rows" ? MAX_COLUMNS : MAX_ROWS) - 1;
    const del = count < 0;
    const n = Math.abs(count);
    const along = (t: TableModel) =>
      axis === "rows"
        ? { a0: t.rect.r0, a1: t.rect.r1, b0: t.rect.c0, b1: t.rect.c1 }
        : { a0: t.rect.c0, a1: t.rect.c1, b0: t.rect.r0, b1: t.rect.r1 };
    const moves: Array<() => void> = [];
    for (const t of this.tables.filter((t) => t.sheet === sheet)) {
      const { a0, a1, b0, b1 } = along(t);
      const across = b0 >= lo && b1 <= hi;
      const apart = b1 < lo || b0 > hi;
      if (apart) continue;
      const affected = del ? a1 >= at : a1 >= at;
      if (!affected) continue;
      // Excel refuses to move cells inside a filtered table: "Can't move cells in a filtered range or table"
      // (office-js#994, #468: row deletes fail while a filter is applied). Clear the criteria first.
      if (
        axis === "rows" &&
        t.filters.size > 0 &&
        (del ? at <= a1 && at + n - 1 > a0 : at > a0 && at <= a1)
      )
        throw officeError(
          ErrorCodes.invalidOperation,
          `Can't move cells in a filtered range or table: table '${t.name}' has filter criteria. Clear them (autoFilter.clearCriteria) before inserting or deleting rows.`
        );
      if (!across && t !== own)
        throw officeError(
          ErrorCodes.invalidOperation,
          `This operation would shift cells of table '${t.name}' partly; insert or delete whole table rows/columns (or whole sheet rows/columns) instead.`
        );
      if (!del) {
        if (a0 >= at)
          moves.push(
            () =>
              (t.rect =
                axis === "rows"
                  ? { ...t.rect, r0: t.rect.r0 + n, r1: t.rect.r1 + n }
                  : { ...t.rect, c0: t.rect.c0 + n, c1: t.rect.c1 + n })
          );
        else {
          const calculated = axis === "rows" ? this.calculatedColumns(t) : null;
          moves.push(() => {
            if (axis === "rows") {
              t.rect = { ...t.rect, r1: t.rect.r1 + n };
              this.fillCalculated(t, calculated!, at, at + n - 1);
            } else {
              t.rect = { ...t.rect, c1: t.rect.c1 + n };
              t.columnIds.splice(
                at - t.rect.c0,
                0,
                ...Array.from({ length: n }, () => t.nextColumnId++)
              );
              this.syncHeaders(t);
            }
          });
        }
      } else {
        const d1 = at + n - 1;
        if (a0 > d1)
          moves.push(
            () =>
              (t.rect =
                axis === "rows"
                  ? { ...t.rect, r0: t.rect.r0 - n, r1: t.rect.r1 - n }
                  : { ...t.rect, c0: t.rect.c0 - n, c1: t.rect.c1 - n })
          );
        else if (at <= a0 && d1 >= a1) moves.push(() => this.removeTable(t, "ref"));
        else if (axis === "rows" && t.showHeaders && at <= a0)
          throw officeError(
            ErrorCodes.invalidOperation,
            `Deleting ${formatAddress(sheet.name, { r0: at, r1: d1, c0: lo, c1: Math.min(hi, MAX_COLUMNS - 1) })} would remove the header row of table '${t.name}' but not the table.`
          );
        else {
          const gone = Math.min(a1, d1) - Math.max(a0, at) + 1;
          moves.push(() => {
            if (axis === "rows")
              t.rect = {
                ...t.rect,
                r1: Math.max(t.rect.r1 - gone, t.dataR0 + (t.showTotals ? 1 : 0)),
              };
            else {
              t.columnIds.splice(Math.max(a0, at) - t.rect.c0, gone);
              t.rect = { ...t.rect, c1: t.rect.c1 - gone };
              this.syncHeaders(t);
            }
          });
        }
      }
    }
    // cells pushed past the sheet's edge would be lost: Excel refuses
    if (!del) {
      const edge =
        axis === "rows"
          ? { r0: max - n, r1: max - 1, c0: lo, c1: hi }
          : { r0: lo, r1: hi, c0: max - n, c1: max - 1 };
      if (!this.isEmpty(sheet, edge))
        throw officeError(
          ErrorCodes.invalidOperation,
          `Inserting ${n} ${axis} would push non-empty cells off the worksheet.`
        );
    }
    if (axis === "rows") this.shiftRows(sheet, at, count, lo, hi, whole);
    else this.shiftCols(sheet, at, count, lo, hi);
    for (const m of moves) m();
    for (const t of this.tables) if (t.sheet === sheet && t.showHeaders) this.syncHeaders(t);
  }

  private shiftRows(
    sheet: SheetModel,
    at: number,
    count: number,
    c0: number,
    c1: number,
    whole: boolean
  ): void {
    const n = Math.abs(count);
    const del = count < 0;
    const newRow = (r: number) =>
      del ? (r < at ? r : r < at + n ? -1 : r - n) : r < at ? r : r + n;
    if (whole) {
      // Only the rows at or below `at` move, in one splice of the row store.
      sheet.rows.shift(at, count, MAX_ROWS);
      const hidden = new Set<number>();
      for (const r of sheet.hidden) {
        const nr = newRow(r);
        if (nr >= 0 && nr < MAX_ROWS) hidden.add(nr);
      }
      sheet.hidden = hidden;
      sheet.hiddenShared = false;
    } else {
      const moved: Array<[number, number, Cell]> = [];
      for (let r = at; r < sheet.rows.end; r++) {
        const row = sheet.rows.get(r);
        if (!row) continue;
        for (let c = c0; c <= Math.min(c1, row.length - 1); c++) {
          const cell = row[c];
          if (!cell) continue;
          row[c] = undefined;
          const nr = newRow(r);
          if (nr >= 0 && nr < MAX_ROWS) moved.push([nr, c, cell]);
        }
      }
      for (const [r, c, cell] of moved) {
        let row = sheet.rows.get(r);
        if (!row) sheet.rows.set(r, (row = []));
        row[c] = cell;
      }
    }
    sheet.markDirty();
  }

  private shiftCols(sheet: SheetModel, at: number, count: number, r0: number, r1: number): void {
    const n = Math.abs(count);
    for (const [r, row] of sheet.rows) {
      if (r < r0 || r > r1 || row.length <= at) continue;
      if (count < 0) row.splice(at, n);
      else row.splice(at, 0, ...new Array<Cell | undefined>(n));
      if (row.length > MAX_COLUMNS) row.length = MAX_COLUMNS;
    }
    sheet.markDirty();
  }

  /** Excel-side copy (range.copyFrom): no data travels in the request. */
  copy(
    src: SheetModel,
    srcRect: Rect,
    dst: SheetModel,
    dstRect: Rect,
    copyType: string,
    skipBlanks: boolean,
    transpose: boolean
  ): Rect {
    if (!["All", "Formulas", "Values", "Formats"].includes(copyType))
      throw officeError(
        ErrorCodes.invalidArgument,
        `'${copyType}' is not a RangeCopyType (All, Formulas, Values, Formats).`
      );
    const rows = rectRows(srcRect);
    const cols = rectCols(srcRect);
    const outRows = transpose ? cols : rows;
    const outCols = transpose ? rows : cols;
    const target = {
      r0: dstRect.r0,
      c0: dstRect.c0,
      r1: dstRect.r0 + outRows - 1,
      c1: dstRect.c0 + outCols - 1,
    };
    checkRect(target, formatAddress(dst.name, target));
    const put = (
      r: number,
      c: number,
      cell: Cell | undefined,
      value: Scalar,
      sr: number,
      sc: number
    ): void => {
      const blank = !cell || (!cell.f && cell.v === "");
      if (skipBlanks && blank) return;
      if (blank && !cell?.nf && !cell?.fmt && !dst.cell(r, c)) return;
      const out = dst.cellForWrite(r, c);
      if (copyType !== "Formats") {
        if (cell?.f && copyType !== "Values") {
          out.f = shiftFormula(cell.f, r - sr, c - sc);
          out.v = "";
        } else {
          delete out.f;
          out.v = value;
        }
      }
      // Values and Formulas leave the target's formats as they were; All and Formats bring the source's.
      if (copyType === "All" || copyType === "Formats") {
        if (cell?.nf) out.nf = cell.nf;
        else delete out.nf;
        if (cell?.fmt) out.fmt = cell.fmt;
        else delete out.fmt;
      }
      dst.compactCell(r, c);
    };
    // Everything is read before anything is written only when that matters: the ranges overlap, or formulas are
    // evaluated (a formula's value could read cells this copy writes). Otherwise cells go straight across, so a large
    // copy does not allocate a buffer entry per cell (the refresh swap copies millions of them).
    const overlap = src === dst && intersects(srcRect, target);
    if (!overlap && copyType === "All" && !transpose) {
      // The common case (a block copied elsewhere, as the refresh swap does), row by row without per-cell lookups.
      for (let i = 0; i < rows; i++) {
        const sr = srcRect.r0 + i;
        const r = target.r0 + i;
        const srcRow = src.rows.peek(sr);
        let dstRow = dst.rows.get(r);
        for (let j = 0; j < cols; j++) {
          const sc = srcRect.c0 + j;
          const c = target.c0 + j;
          const cell = srcRow?.[sc];
          if (!cell || isBareCell(cell)) {
            // nothing to copy: a blank source only clears what the target holds
            if (skipBlanks || !dstRow?.[c]) continue;
          } else if (skipBlanks && !cell.f && cell.v === "") continue;
          dstRow ??= dst.rowForWrite(r);
          const out = dst.cellInRow(dstRow, r, c);
          if (cell?.f) {
            out.f = shiftFormula(cell.f, r - sr, c - sc);
            out.v = "";
          } else {
            delete out.f;
            out.v = cell ? cell.v : "";
          }
          if (cell?.nf) out.nf = cell.nf;
          else delete out.nf;
          if (cell?.fmt) out.fmt = cell.fmt;
          else delete out.fmt;
          if (isBareCell(out)) dst.removeCell(r, c);
        }
      }
      this.cellsCopied += rows * cols;
    } else if (!overlap && copyType !== "Values") {
      for (let i = 0; i < rows; i++) {
        const sr = srcRect.r0 + i;
        const srcRow = src.rows.peek(sr);
        for (let j = 0; j < cols; j++) {
          const sc = srcRect.c0 + j;
          const cell = srcRow?.[sc];
          put(
            target.r0 + (transpose ? j : i),
            target.c0 + (transpose ? i : j),
            cell,
            cell?.v ?? "",
            sr,
            sc
          );
        }
      }
      this.cellsCopied += rows * cols;
    } else {
      const cells: Array<{
        r: number;
        c: number;
        cell: Cell | undefined;
        value: Scalar;
        sr: number;
        sc: number;
      }> = [];
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++) {
          const sr = srcRect.r0 + i;
          const sc = srcRect.c0 + j;
          const cell = src.cell(sr, sc);
          const value =
            copyType === "Values" && cell?.f ? this.cellValue(src, sr, sc) : (cell?.v ?? "");
          cells.push({
            r: target.r0 + (transpose ? j : i),
            c: target.c0 + (transpose ? i : j),
            cell: cell && { ...cell },
            value,
            sr,
            sc,
          });
        }
      for (const { r, c, cell, value, sr, sc } of cells) put(r, c, cell, value, sr, sc);
      this.cellsCopied += cells.length;
    }
    for (const t of this.tables)
      if (t.sheet === dst && intersects(t.rect, target) && t.showHeaders) this.syncHeaders(t);
    return target;
  }

  // ---------- settings ----------
  setSetting(key: string, value: unknown): void {
    if (typeof key !== "string" || key === "")
      throw officeError(ErrorCodes.invalidArgument, "A setting key must be a non-empty string.");
    let stored: unknown;
    try {
      stored = value === undefined ? null : JSON.parse(JSON.stringify(value));
    } catch {
      throw officeError(
        ErrorCodes.invalidArgument,
        `The value of setting '${key}' must be JSON-serialisable.`
      );
    }
    this.settings.set(key, { key, value: stored });
  }

  setCustomProperty(sheet: SheetModel, key: string, value: unknown): void {
    if (typeof key !== "string" || key === "" || key.length > 255)
      throw officeError(
        ErrorCodes.invalidArgument,
        "A custom property key must be 1 to 255 characters."
      );
    if (typeof value !== "string")
      throw officeError(
        ErrorCodes.invalidArgument,
        `The value of custom property '${key}' must be a string (serialise objects with JSON.stringify).`
      );
    sheet.customProperties.set(key.toLowerCase(), { key, value });
  }

  // ---------- snapshot / clone ----------
  snapshot(): WorkbookSnapshot {
    const active = this.activeSheet;
    return {
      activeSheet: active.name,
      selection: {
        sheet: active.name,
        address: active.selection.map((r) => formatAddress(active.name, r).split("!")[1]).join(","),
      },
      sheets: this.sheets.map((s) => {
        const used = s.usedRect();
        return {
          name: s.name,
          visibility: s.visibility,
          usedRange: used ? formatAddress(s.name, used) : null,
          values: used ? this.read(s, used, "values") : [],
          formulas: used ? this.read(s, used, "formulas") : [],
          numberFormats: used ? (this.read(s, used, "numberFormat") as string[][]) : [],
          cellFormats: used
            ? Array.from({ length: used.r1 - used.r0 + 1 }, (_, i) =>
                Array.from(
                  { length: used.c1 - used.c0 + 1 },
                  (_, j) => s.cell(used.r0 + i, used.c0 + j)?.fmt ?? null
                )
              )
            : [],
          hiddenRows: [...s.hidden].sort((a, b) => a - b),
          tables: this.tables
            .filter((t) => t.sheet === s)
            .map((t) => ({
              name: t.name,
              address: formatAddress(s.name, t.rect),
              headers: [...t.names],
              style: t.style,
              showTotals: t.showTotals,
              filters: Object.fromEntries(
                [...t.filters].map(([id, f]) => [t.names[t.columnIds.indexOf(id)] ?? `#${id}`, f])
              ),
              sort:
                t.sort?.fields.map((f) => ({
                  column: t.names[t.columnIds.indexOf(f.columnId)] ?? `#${f.columnId}`,
                  ascending: f.ascending,
                })) ?? null,
            })),
          customProperties: Object.fromEntries(
            [...s.customProperties.values()].map((p) => [p.key, p.value])
          ),
        };
      }),
      settings: Object.fromEntries([...this.settings.values()].map((s) => [s.key, s.value])),
    };
  }

  /**
   * The workbook as it is now, for an undo record (host/undo.ts): sheets and tables keep their identity (the add-in's
   * references to them stay good after an undo), their rows are shared copy-on-write (row-store.ts), the rest copied.
   */
  undoSnapshot(): UndoSnapshot {
    return {
      sheets: this.sheets.map((s) => ({
        sheet: s,
        rows: s.rows.fork(),
        name: s.name,
        visibility: s.visibility,
        hidden: ((s.hiddenShared = true), s.hidden),
        customProperties: new Map([...s.customProperties].map(([k, v]) => [k, { ...v }])),
        columnWidths: new Map(s.columnWidths),
        selection: s.selection.map((r) => ({ ...r })),
      })),
      tables: this.tables.map((t) => ({
        table: t,
        state: {
          name: t.name,
          sheet: t.sheet,
          rect: { ...t.rect },
          showHeaders: t.showHeaders,
          columnIds: [...t.columnIds],
          nextColumnId: t.nextColumnId,
          names: [...t.names],
          style: t.style,
          showBandedRows: t.showBandedRows,
          showFilterButton: t.showFilterButton,
          showTotals: t.showTotals,
          totalsMemory: new Map([...t.totalsMemory].map(([k, v]) => [k, { ...v }])),
          filters: new Map([...t.filters].map(([k, v]) => [k, { ...v }])),
          sort: t.sort && {
            fields: t.sort.fields.map((f) => ({ ...f })),
            matchCase: t.sort.matchCase,
          },
        },
      })),
      settings: new Map(
        [...this.settings].map(([k, v]) => [
          k,
          { key: v.key, value: JSON.parse(JSON.stringify(v.value ?? null)) as unknown },
        ])
      ),
      definedNames: new Map([...this.definedNames].map(([k, v]) => [k, { ...v }])),
      activeSheet: this.activeSheet,
      nextTableId: this.nextTableId,
    };
  }

  /** Puts the workbook back as `snap` had it (Ctrl+Z of the record that took it). */
  restoreUndo(snap: UndoSnapshot): void {
    const keptSheets = new Set(snap.sheets.map((k) => k.sheet));
    for (const s of this.sheets) if (!keptSheets.has(s)) s.deleted = true;
    this.sheets = snap.sheets.map((k) => {
      const s = k.sheet;
      s.rows.restore(k.rows);
      Object.assign(s, {
        name: k.name,
        visibility: k.visibility,
        hidden: k.hidden,
        hiddenShared: true,
        customProperties: k.customProperties,
        columnWidths: k.columnWidths,
        selection: k.selection,
        deleted: false,
      });
      s.markDirty();
      return s;
    });
    const kept = new Set(snap.tables.map((k) => k.table));
    for (const t of this.tables) if (!kept.has(t)) t.deleted = true;
    this.tables = snap.tables.map((k) => Object.assign(k.table, k.state, { deleted: false }));
    this.settings = snap.settings;
    this.definedNames = snap.definedNames;
    this.activeSheet = snap.activeSheet;
    this.nextTableId = Math.max(this.nextTableId, snap.nextTableId);
  }

  /** A deep copy of the content, as a saved file reopened would have it. */
  clone(): WorkbookModel {
    const wb = Object.create(WorkbookModel.prototype) as WorkbookModel;
    Object.assign(wb, {
      date1904: this.date1904,
      structureProtection: this.structureProtection && { ...this.structureProtection },
      calculationMode: this.calculationMode,
      nextTableId: this.nextTableId,
      cellsWritten: 0,
      cellsCopied: 0,
    });
    const sheetMap = new Map<SheetModel, SheetModel>();
    wb.sheets = this.sheets.map((s) => {
      const n = new SheetModel(s.id, s.name, s.visibility);
      n.owner = wb;
      for (const [r, row] of s.rows)
        n.rows.set(
          r,
          row.map((c) => (c ? { ...c } : undefined))
        );
      n.hidden = new Set(s.hidden);
      // What survives the file: a worksheet custom property value longer than 255 characters comes back cut to its
      // first 255 UTF-16 code units on Windows and Mac (office-js#4530; office-js-docs#861 documents the cut, by code
      // unit, for custom properties of Office desktop). We model that stricter case for every platform.
      n.customProperties = new Map(
        [...s.customProperties].map(([k, v]) => [
          k,
          { key: v.key, value: v.value.slice(0, CUSTOM_PROPERTY_VALUE_KEPT) },
        ])
      );
      n.columnWidths = new Map(s.columnWidths);
      n.selection = s.selection.map((r) => ({ ...r }));
      n.markDirty();
      sheetMap.set(s, n);
      return n;
    });
    wb.tables = this.tables.map((t) => {
      const n = new TableModel(t.id, t.name, sheetMap.get(t.sheet)!, { ...t.rect }, t.showHeaders);
      Object.assign(n, {
        columnIds: [...t.columnIds],
        nextColumnId: t.nextColumnId,
        names: [...t.names],
        style: t.style,
        showBandedRows: t.showBandedRows,
        showFilterButton: t.showFilterButton,
        showTotals: t.showTotals,
        totalsMemory: new Map([...t.totalsMemory].map(([k, v]) => [k, { ...v }])),
        filters: new Map([...t.filters].map(([k, v]) => [k, { ...v }])),
        sort: t.sort && {
          fields: t.sort.fields.map((f) => ({ ...f })),
          matchCase: t.sort.matchCase,
        },
      });
      return n;
    });
    wb.settings = new Map(
      [...this.settings].map(([k, v]) => [
        k,
        { key: v.key, value: JSON.parse(JSON.stringify(v.value)) },
      ])
    );
    wb.definedNames = new Map([...this.definedNames].map(([k, v]) => [k, { ...v }]));
    wb.activeSheet = sheetMap.get(this.activeSheet)!;
    return wb;
  }

  findSheetById(id: string): SheetModel | undefined {
    return this.sheets.find((s) => s.id === id);
  }

  contains(outer: Rect, inner: Rect): boolean {
    return contains(outer, inner);
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Excel's ascending sort order by kind; blanks are always last (see sortTable). */
function kindRank(v: Scalar): number {
  if (v === "" || v === null || v === undefined) return 4;
  if (typeof v === "number") return 0;
  if (typeof v === "string") return 1;
  if (typeof v === "boolean") return 2;
  return 3; // CellError
}

const SORT_COLLATOR = new Intl.Collator("en", { sensitivity: "base" });
const SORT_COLLATOR_CASE = new Intl.Collator("en", { sensitivity: "case", caseFirst: "lower" });

function compareForSort(a: Scalar, b: Scalar, ascending: boolean, matchCase: boolean): number {
  const ka = kindRank(a);
  const kb = kindRank(b);
  if (ka === 4 || kb === 4) return ka === kb ? 0 : ka === 4 ? 1 : -1;
  let d: number;
  if (ka !== kb) d = ka - kb;
  else if (ka === 0) d = (a as number) - (b as number);
  else if (ka === 1)
    d = (matchCase ? SORT_COLLATOR_CASE : SORT_COLLATOR).compare(a as string, b as string);
  else if (ka === 2) d = Number(a) - Number(b);
  else d = 0;
  return ascending ? d : -d;
}

function checkCriteria(criteria: FilterCriteria): void {
  const known = ["Values", "Custom", "CellColor"];
  if (!criteria || !known.includes(criteria.filterOn))
    throw officeError(
      ErrorCodes.invalidArgument,
      `filterOn '${criteria?.filterOn}' is not modelled by the emulator (it models ${known.join(", ")}).`
    );
}

/** One custom criterion: "=x", "<>x", ">5", ">=5", "<5", "<=5", "x" (equals), with * and ? wildcards for text. */
function customMatch(criterion: string, value: Scalar, text: string): boolean {
  const m = /^(>=|<=|<>|=|>|<)?(.*)$/s.exec(criterion)!;
  const op = m[1] ?? "=";
  const operand = m[2];
  const number = operand.trim() !== "" && Number.isFinite(Number(operand)) ? Number(operand) : null;
  if (number !== null && typeof value === "number") {
    const d = value - number;
    return op === "="
      ? d === 0
      : op === "<>"
        ? d !== 0
        : op === ">"
          ? d > 0
          : op === ">="
            ? d >= 0
            : op === "<"
              ? d < 0
              : d <= 0;
  }
  if (op === "=" || op === "<>") {
    const pattern = new RegExp(
      "^" +
        operand
          .replace(/[.+^${}()|[\]\\]/g, "\\$&")
          .replace(/\*/g, ".*")
          .replace(/\?/g, ".") +
        "$",
      "is"
    );
    const hit = operand === "" ? text === "" : pattern.test(text);
    return op === "=" ? hit : !hit;
  }
  const d = SORT_COLLATOR.compare(text, operand);
  return op === ">" ? d > 0 : op === ">=" ? d >= 0 : op === "<" ? d < 0 : d <= 0;
}
