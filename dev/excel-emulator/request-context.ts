// Office.js's request model over the workbook model: proxy objects whose method calls and property
// writes are QUEUED and run at context.sync(), `load()` + `sync()` before any property read
// (otherwise PropertyNotLoaded), one request per sync with its payload measured against the
// Excel-on-the-web limit, and a record of every sync for tests and benchmarks.

import {
  cellAddress,
  formatAddress,
  MAX_COLUMNS,
  MAX_ROWS,
  rectCols,
  rectRows,
  checkRect,
  intersection,
  type Rect,
} from "./address";
import {
  EmulatedOfficeError,
  ErrorCodes,
  officeError,
  PROPERTY_NOT_LOADED_MESSAGE,
} from "./errors";
import type { FilterCriteria, SheetModel, TableModel, WorkbookModel } from "./workbook-model";

export interface SyncRecord {
  /** queued commands (loads, property writes, method calls) sent in this request */
  commands: number;
  /** UTF-8 bytes of the JSON of the queued commands and their arguments */
  payloadBytes: number;
  /** UTF-8 bytes of the JSON of the loaded property values returned */
  responseBytes: number;
  /** cells written by values/formulas/numberFormat writes (a cell counts once per property written) */
  cellsWritten: number;
  /** cells copied Excel-side by range.copyFrom (no payload for their data) */
  cellsCopied: number;
  /** application.suspendApiCalculationUntilNextSync() was called in this batch */
  calcSuspended: boolean;
  /** modelled host time of this request (EmulatorOptions.syncCost); 0 without a cost model */
  ms: number;
  /** error code when the request failed, e.g. "RequestPayloadSizeLimitExceeded" */
  error?: string;
}

export interface SyncCost {
  perSyncMs: number;
  perCellWrittenUs: number;
  perCellCopiedUs: number;
}

/** State shared by the host and every request context. */
export interface Runtime {
  model: WorkbookModel;
  payloadLimitBytes: number | null;
  syncCost: SyncCost;
  syncLog: SyncRecord[];
  busyUntil: number;
  /** bumps on saveAndReopen: contexts of the closed workbook can no longer sync */
  epoch: number;
  emitChange(): void;
  /** faults a test injected with host.failCommand(); checked before each command runs */
  commandFaults: CommandFault[];
  /** members in no released requirement set (EmulatorOptions.previewApis); off by default */
  previewApis: boolean;
}

/** What a command looks like to a fault matcher: `location` is Office.js's debugInfo.errorLocation, e.g. "Range.copyFrom". */
export interface CommandInfo {
  location: string;
  op: string;
  /** the proxy path, e.g. `workbook.worksheets.getItem("Sheet1").getRange("A1:B2")` */
  path: string;
}

export interface CommandFault {
  match: (command: CommandInfo) => boolean;
  code: string;
  message: string;
  /** how many more times it fires */
  remaining: number;
  fired: number;
}

interface Batch {
  loads: Array<() => void>;
  responseBytes: number;
  changed: boolean;
  calcSuspended: boolean;
}

interface Command {
  path: string;
  op: string;
  args: unknown;
  location: string;
  run(batch: Batch): void;
}

const NON_ASCII = /[^\x00-\x7f]/;

export function utf8Bytes(s: string): number {
  // all ASCII: one native scan instead of a loop per character (the count is the same)
  if (!NON_ASCII.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function notLoaded(prop: string): EmulatedOfficeError {
  return officeError(ErrorCodes.propertyNotLoaded, PROPERTY_NOT_LOADED_MESSAGE(prop));
}

function nullObjectError(what: string): EmulatedOfficeError {
  return officeError(
    ErrorCodes.itemNotFound,
    `The requested ${what} does not exist (it is a null object from a *OrNullObject call); check isNullObject first.`
  );
}

export class RequestContext {
  readonly workbook: Workbook;
  readonly application: Application;
  readonly trackedObjects = { add: (_o: unknown) => undefined, remove: (_o: unknown) => undefined };
  readonly debugInfo = {};
  _queue: Command[] = [];
  _closed = false;
  readonly _epoch: number;
  private nextId = 1;

  constructor(readonly _rt: Runtime) {
    this._epoch = _rt.epoch;
    this.workbook = new Workbook(this, () => _rt.model, "workbook");
    this.application = this.workbook.application;
  }

  _id(): number {
    return this.nextId++;
  }

  async sync<T>(passThroughValue?: T): Promise<T | undefined> {
    const rt = this._rt;
    const cmds = this._queue;
    this._queue = [];
    if (cmds.length === 0) return passThroughValue; // nothing to send: no round trip, as in Office.js
    if (this._epoch !== rt.epoch)
      throw officeError(
        ErrorCodes.invalidRequestContext,
        "The workbook this request context belongs to was closed (saveAndReopen); start a new Excel.run."
      );
    const payloadBytes = utf8Bytes(
      JSON.stringify(cmds.map((c) => ({ o: c.path, m: c.op, a: c.args })))
    );
    const record: SyncRecord = {
      commands: cmds.length,
      payloadBytes,
      responseBytes: 0,
      cellsWritten: 0,
      cellsCopied: 0,
      calcSuspended: false,
      ms: 0,
    };
    rt.syncLog.push(record);
    const limit = rt.payloadLimitBytes;
    if (limit !== null && payloadBytes > limit) {
      record.error = ErrorCodes.requestPayloadSizeLimitExceeded;
      await this.wait(record);
      throw new EmulatedOfficeError(
        ErrorCodes.requestPayloadSizeLimitExceeded,
        `The request payload size has exceeded the limit: ${payloadBytes.toLocaleString("en-US")} bytes in one sync, Excel on the web accepts ${limit.toLocaleString("en-US")}. Nothing of this request was applied; split the writes into smaller syncs.`,
        { errorLocation: "", statement: `sync() with ${cmds.length} commands` }
      );
    }
    const model = rt.model;
    const written0 = model.cellsWritten;
    const copied0 = model.cellsCopied;
    const batch: Batch = {
      loads: [],
      responseBytes: 0,
      changed: false,
      calcSuspended: false,
    };
    let failure: unknown = null;
    for (const cmd of cmds) {
      try {
        const fault = rt.commandFaults.find((f) => f.remaining > 0 && f.match(cmd));
        if (fault) {
          fault.remaining--;
          fault.fired++;
          throw new EmulatedOfficeError(fault.code, fault.message);
        }
        cmd.run(batch);
      } catch (e) {
        // Commands before the failing one have taken effect (as in Excel); the rest are not run.
        failure =
          e instanceof EmulatedOfficeError
            ? new EmulatedOfficeError(e.code, e.message, {
                errorLocation: cmd.location,
                statement: `${cmd.path}.${cmd.op}`,
              })
            : e;
        break;
      }
    }
    record.cellsWritten = model.cellsWritten - written0;
    record.cellsCopied = model.cellsCopied - copied0;
    record.calcSuspended = batch.calcSuspended;
    record.responseBytes = batch.responseBytes;
    if (batch.changed || record.cellsWritten || record.cellsCopied) rt.emitChange();
    if (!failure && limit !== null && batch.responseBytes > limit) {
      failure = new EmulatedOfficeError(
        ErrorCodes.responsePayloadSizeLimitExceeded,
        `The response payload size has exceeded the limit: ${batch.responseBytes.toLocaleString("en-US")} bytes loaded in one sync, Excel on the web returns at most ${limit.toLocaleString("en-US")}. Load smaller ranges per sync.`
      );
    }
    if (failure) record.error = (failure as EmulatedOfficeError).code ?? "Error";
    await this.wait(record);
    if (failure) throw failure;
    for (const apply of batch.loads) apply();
    return passThroughValue;
  }

  private async wait(record: SyncRecord): Promise<void> {
    const rt = this._rt;
    const cost = rt.syncCost;
    const ms =
      cost.perSyncMs +
      (record.cellsWritten * cost.perCellWrittenUs) / 1000 +
      (record.cellsCopied * cost.perCellCopiedUs) / 1000;
    record.ms = ms;
    if (ms <= 0) {
      await Promise.resolve();
      return;
    }
    // Excel handles one request at a time: a request waits for the ones before it.
    const now = Date.now();
    const end = Math.max(now, rt.busyUntil) + ms;
    rt.busyUntil = end;
    await new Promise((resolve) => setTimeout(resolve, end - now));
  }
}

type LoadSpec =
  | string
  | string[]
  | { select?: string | string[]; expand?: string | string[]; [k: string]: unknown }
  | undefined;

function parseLoadSpec(spec: LoadSpec): string[] | null {
  if (spec === undefined || spec === null) return null;
  if (typeof spec === "string")
    return spec
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(spec)) return spec.flatMap((s) => parseLoadSpec(s) ?? []);
  if (typeof spec === "object") {
    if ("select" in spec || "expand" in spec)
      return [
        ...(parseLoadSpec(spec.select as LoadSpec) ?? []),
        ...(parseLoadSpec(spec.expand as LoadSpec) ?? []),
      ];
    const out: string[] = [];
    for (const [k, v] of Object.entries(spec)) {
      if (v === true) out.push(k);
      else if (v && typeof v === "object") {
        const sub = parseLoadSpec(v as LoadSpec);
        if (sub && sub.length) out.push(...sub.map((s) => `${k}/${s}`));
        else out.push(k);
      }
    }
    return out;
  }
  return null;
}

/** Base of every proxy: lazily resolved target, loaded-property store, queued commands. */
export abstract class ClientObject<T = unknown> {
  readonly _loaded = new Map<string, unknown>();
  private _target: T | null | undefined = undefined;
  protected abstract readonly _typeName: string;
  /** properties loaded by load() with no arguments */
  protected abstract readonly _scalars: readonly string[];

  constructor(
    readonly _ctx: RequestContext,
    private readonly _resolver: () => T | null,
    readonly _path: string
  ) {}

  get context(): RequestContext {
    return this._ctx;
  }

  get isNullObject(): boolean {
    if (!this._loaded.has("isNullObject")) throw notLoaded("isNullObject");
    return this._loaded.get("isNullObject") as boolean;
  }

  /** Resolves the proxy to its model object (once; later commands reuse it). null = null object. */
  _resolve(): T | null {
    if (this._target === undefined) this._target = this._resolver();
    return this._target;
  }

  _require(): T {
    const t = this._resolve();
    if (t === null) throw nullObjectError(this._typeName);
    this._checkAlive(t);
    return t;
  }

  protected _checkAlive(_t: T): void {}

  /** Reads one property from the model (at sync). */
  protected abstract _read(t: T, prop: string): unknown;

  /** A navigation property for paths like 'worksheet/name'. */
  protected _nav(_prop: string): ClientObject | undefined {
    return undefined;
  }

  _queue(op: string, args: unknown, run: (batch: Batch) => void): void {
    this._ctx._queue.push({ path: this._path, op, args, location: `${this._typeName}.${op}`, run });
  }

  /** Queue a mutation of the target. */
  protected _mutate(op: string, args: unknown, fn: (t: T) => void): void {
    this._queue(op, args, (batch) => {
      fn(this._require());
      batch.changed = true;
    });
  }

  load(spec?: LoadSpec): this {
    const props = parseLoadSpec(spec);
    const direct: string[] = [];
    for (const p of props ?? [...this._scalars]) {
      const slash = p.indexOf("/");
      if (slash > 0) {
        const nav = this._nav(p.slice(0, slash));
        if (!nav)
          throw officeError(
            ErrorCodes.invalidArgument,
            `'${p.slice(0, slash)}' is not a navigation property of ${this._typeName}.`
          );
        nav.load(p.slice(slash + 1));
      } else if (this._nav(p) && !this._scalars.includes(p)) {
        this._nav(p)!.load();
      } else direct.push(p);
    }
    this._queueLoad(direct);
    return this;
  }

  /** Marks the proxy for instantiation so isNullObject is known after the next sync. */
  _instantiate(): this {
    this._queueLoad([]);
    return this;
  }

  protected _queueLoad(props: string[]): void {
    this._queue("load", props, (batch) => {
      const t = this._resolve();
      if (t !== null) this._checkAlive(t);
      const values = new Map<string, unknown>();
      for (const p of props) values.set(p, t === null ? null : this._read(t, p));
      for (const v of values.values())
        if (v !== null && v !== undefined)
          batch.responseBytes += utf8Bytes(JSON.stringify(v) ?? "");
      batch.loads.push(() => {
        this._loaded.set("isNullObject", t === null);
        for (const [k, v] of values) this._loaded.set(k, v);
      });
    });
  }

  protected _get<V>(prop: string): V {
    if (!this._loaded.has(prop)) throw notLoaded(prop);
    return this._loaded.get(prop) as V;
  }

  set(props: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(props)) (this as unknown as Record<string, unknown>)[k] = v;
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this._loaded) if (k !== "isNullObject") out[k] = v;
    return out;
  }
}

/** A value computed at sync, like OfficeExtension.ClientResult. */
export class ClientResult<V> {
  private _done = false;
  private _value: V | undefined;
  get value(): V {
    if (!this._done)
      throw officeError(
        ErrorCodes.propertyNotLoaded,
        'The value of this ClientResult is not available until "context.sync()" has completed.'
      );
    return this._value as V;
  }
  _set(v: V): void {
    this._value = v;
    this._done = true;
  }
}

/** Defines Office.js-style properties: get throws unless loaded, set queues a write. */
function props(
  cls: { prototype: object },
  readOnly: string[],
  writable: Record<string, (t: never, v: never, batch: Batch) => void>
): void {
  for (const p of readOnly)
    Object.defineProperty(cls.prototype, p, {
      get(this: ClientObject) {
        return (this as unknown as { _get(p: string): unknown })._get(p);
      },
      set() {
        throw officeError(ErrorCodes.invalidArgument, `The property '${p}' is read-only.`);
      },
      configurable: true,
    });
  for (const [p, write] of Object.entries(writable))
    Object.defineProperty(cls.prototype, p, {
      get(this: ClientObject) {
        return (this as unknown as { _get(p: string): unknown })._get(p);
      },
      set(this: ClientObject, v: unknown) {
        this._queue(p, v === undefined ? null : v, (batch) => {
          write(this._require() as never, v as never, batch);
          batch.changed = true;
        });
      },
      configurable: true,
    });
}

// ======================= Workbook & application =======================

// Workbook.use1904DateSystem is a preview API: it is in no released ExcelApi set, not in @types/office-js, and not
// in production Office.js (node_modules/@microsoft/office-js/dist/excel-web-16.00.debug.js, Workbook's
// _scalarPropertyNames and _handleResult near line 28293 and 28804 have no such member). Production Office.js sends
// load("use1904DateSystem") unchecked (ClientRequestContext.load, line 16407) and the host refuses the unknown
// property, so by default loading it fails the sync and reading it gives undefined (no getter). Only
// createExcelHost({ previewApis: true }) offers it.
const WORKBOOK_SCALARS = ["name", "readOnly", "calculationEngineVersion"] as const;

export class Workbook extends ClientObject<WorkbookModel> {
  protected _typeName = "Workbook";
  protected _scalars: readonly string[];
  readonly worksheets: WorksheetCollection;
  readonly tables: TableCollection;
  readonly settings: SettingCollection;
  readonly names: NamedItemCollection;
  readonly application: Application;
  declare readonly name: string;

  constructor(ctx: RequestContext, resolver: () => WorkbookModel, path: string) {
    super(ctx, resolver, path);
    this.worksheets = new WorksheetCollection(ctx, () => ctx._rt.model, "worksheets");
    this.tables = new TableCollection(ctx, () => ({ wb: ctx._rt.model, sheet: null }), "tables");
    this.settings = new SettingCollection(ctx, () => ctx._rt.model, "settings");
    this.names = new NamedItemCollection(ctx, () => ctx._rt.model, "names");
    this.application = new Application(ctx, () => ctx._rt.model, "application");
    this._scalars = ctx._rt.previewApis
      ? [...WORKBOOK_SCALARS, "use1904DateSystem"]
      : WORKBOOK_SCALARS;
    if (ctx._rt.previewApis)
      Object.defineProperty(this, "use1904DateSystem", {
        get: () => this._get("use1904DateSystem"),
        set: (v: unknown) =>
          this._queue("use1904DateSystem", v, (batch) => {
            if (typeof v !== "boolean")
              throw officeError(
                ErrorCodes.invalidArgument,
                "use1904DateSystem must be true or false."
              );
            this._require().date1904 = v;
            batch.changed = true;
          }),
      });
  }

  protected _read(wb: WorkbookModel, p: string): unknown {
    switch (p) {
      case "name":
        return "Book1.xlsx";
      case "use1904DateSystem":
        if (this._ctx._rt.previewApis) return wb.date1904;
        throw officeError(
          ErrorCodes.invalidArgument,
          "Workbook.use1904DateSystem is a preview API, in no released ExcelApi requirement set; this host does not offer it (createExcelHost({ previewApis: true }) does)."
        );
      case "readOnly":
        return false;
      case "calculationEngineVersion":
        return 1;
    }
    throw unknownProp("Workbook", p);
  }

  getSelectedRange(): Range {
    return new Range(
      this._ctx,
      () => {
        const wb = this._ctx._rt.model;
        const s = wb.activeSheet;
        if (s.selection.length > 1)
          throw officeError(
            ErrorCodes.invalidSelection,
            "The current selection has several areas; use getSelectedRanges() for a multi-area selection."
          );
        return { sheet: s, rect: s.selection[0] };
      },
      "workbook.getSelectedRange()"
    );
  }

  getSelectedRanges(): RangeAreas {
    return new RangeAreas(
      this._ctx,
      () => {
        const s = this._ctx._rt.model.activeSheet;
        return { sheet: s, rects: s.selection };
      },
      "workbook.getSelectedRanges()"
    );
  }

  getActiveWorksheet(): Worksheet {
    return this.worksheets.getActiveWorksheet();
  }
}
function unknownProp(type: string, p: string): EmulatedOfficeError {
  return officeError(
    ErrorCodes.invalidArgument,
    `${type} has no property '${p}' in this emulator (see dev/excel-emulator/README.md).`
  );
}

export class Application extends ClientObject<WorkbookModel> {
  protected _typeName = "Application";
  protected _scalars = ["calculationMode", "calculationState"] as const;
  declare calculationMode: string;

  protected _read(wb: WorkbookModel, p: string): unknown {
    if (p === "calculationMode") return wb.calculationMode;
    if (p === "calculationState") return "Done";
    throw unknownProp("Application", p);
  }

  suspendApiCalculationUntilNextSync(): void {
    this._queue("suspendApiCalculationUntilNextSync", [], (batch) => {
      batch.calcSuspended = true;
    });
  }
}
props(Application, ["calculationState"], {
  calculationMode: (wb: WorkbookModel, v: string) => {
    if (!["Automatic", "AutomaticExceptTables", "Manual"].includes(v))
      throw officeError(
        ErrorCodes.invalidArgument,
        `'${v}' is not a CalculationMode (Automatic, AutomaticExceptTables, Manual).`
      );
    wb.calculationMode = v as WorkbookModel["calculationMode"];
  },
});

// ======================= Collections =======================

abstract class Collection<T, Item extends ClientObject, K = unknown> extends ClientObject<T> {
  protected _scalars = ["items"] as const;
  protected abstract _list(t: T): K[];
  protected abstract _item(key: K): Item;
  protected _countProp = false;

  get items(): Item[] {
    return this._get<Item[]>("items");
  }

  protected _read(t: T, p: string): unknown {
    if (p === "count" && this._countProp) return this._list(t).length;
    throw unknownProp(this._typeName, p);
  }

  override load(spec?: LoadSpec): this {
    const props = parseLoadSpec(spec) ?? ["items"];
    const itemProps: string[] = [];
    let items = false;
    const own: string[] = [];
    for (const p of props) {
      if (p === "items") items = true;
      else if (p.startsWith("items/")) {
        items = true;
        itemProps.push(p.slice(6));
      } else if (p === "count" && this._countProp) own.push(p);
      else {
        items = true;
        itemProps.push(p);
      }
    }
    if (own.length) this._queueLoad(own);
    if (items) {
      this._queue("load", ["items", ...itemProps], (batch) => {
        const t = this._resolve();
        const keys = t === null ? [] : this._list(t);
        const proxies = keys.map((k) => this._item(k));
        for (const p of proxies) {
          (p as ClientObject)._resolve();
          // load each item within the same batch, in place
          const before = this._ctx._queue;
          this._ctx._queue = [];
          if (itemProps.length) p.load(itemProps);
          else p.load();
          const queued = this._ctx._queue;
          this._ctx._queue = before;
          for (const cmd of queued) cmd.run(batch);
        }
        batch.loads.push(() => {
          this._loaded.set("isNullObject", t === null);
          this._loaded.set("items", proxies);
        });
      });
    }
    return this;
  }

  override toJSON(): Record<string, unknown> {
    const items = this._loaded.get("items") as Item[] | undefined;
    return { ...super.toJSON(), items: items?.map((i) => i.toJSON()) };
  }
}

export class WorksheetCollection extends Collection<WorkbookModel, Worksheet, SheetModel> {
  protected _typeName = "WorksheetCollection";
  protected _list(wb: WorkbookModel): SheetModel[] {
    return wb.sheets;
  }
  protected _item(s: SheetModel): Worksheet {
    return new Worksheet(this._ctx, () => s, `worksheets(${JSON.stringify(s.name)})`);
  }

  add(name?: string): Worksheet {
    let created: SheetModel | null = null;
    const ws = new Worksheet(
      this._ctx,
      () => {
        if (!created)
          throw officeError(ErrorCodes.generalException, "The worksheet was not added.");
        return created;
      },
      `worksheets.add(${JSON.stringify(name ?? null)})`
    );
    this._mutate("add", [name ?? null], (wb) => {
      created = wb.addSheet(name);
    });
    return ws;
  }

  getItem(key: string): Worksheet {
    return new Worksheet(
      this._ctx,
      () => {
        const wb = this._require();
        const s = wb.sheetByName(key) ?? wb.findSheetById(key);
        if (!s) throw officeError(ErrorCodes.itemNotFound, `There is no worksheet named '${key}'.`);
        return s;
      },
      `worksheets(${JSON.stringify(key)})`
    );
  }

  getItemOrNullObject(key: string): Worksheet {
    return new Worksheet(
      this._ctx,
      () => {
        const wb = this._require();
        return wb.sheetByName(key) ?? wb.findSheetById(key) ?? null;
      },
      `worksheets.orNull(${JSON.stringify(key)})`
    )._instantiate();
  }

  getActiveWorksheet(): Worksheet {
    return new Worksheet(this._ctx, () => this._require().activeSheet, "worksheets.active()");
  }
}

// ======================= Worksheet =======================

export class Worksheet extends ClientObject<SheetModel> {
  protected _typeName = "Worksheet";
  protected _scalars = [
    "id",
    "name",
    "position",
    "visibility",
    "showGridlines",
    "tabColor",
  ] as const;
  declare name: string;
  declare position: number;
  declare visibility: string;
  declare readonly id: string;
  declare showGridlines: boolean;
  declare tabColor: string;
  readonly tables: TableCollection;
  readonly customProperties: WorksheetCustomPropertyCollection;

  constructor(ctx: RequestContext, resolver: () => SheetModel | null, path: string) {
    super(ctx, resolver, path);
    this.tables = new TableCollection(
      ctx,
      () => {
        const s = this._resolve();
        return s === null ? null : { wb: ctx._rt.model, sheet: s };
      },
      `${path}.tables`
    );
    this.customProperties = new WorksheetCustomPropertyCollection(
      ctx,
      () => this._resolve(),
      `${path}.customProperties`
    );
  }

  protected override _checkAlive(s: SheetModel): void {
    if (s.deleted)
      throw officeError(ErrorCodes.itemNotFound, `The worksheet '${s.name}' has been deleted.`);
  }

  private get wb(): WorkbookModel {
    return this._ctx._rt.model;
  }

  protected _read(s: SheetModel, p: string): unknown {
    switch (p) {
      case "id":
        return s.id;
      case "name":
        return s.name;
      case "position":
        return this.wb.sheets.indexOf(s);
      case "visibility":
        return s.visibility;
      case "showGridlines":
        return true;
      case "tabColor":
        return "";
    }
    throw unknownProp("Worksheet", p);
  }

  activate(): void {
    this._mutate("activate", [], (s) => this.wb.activate(s));
  }

  delete(): void {
    this._mutate("delete", [], (s) => this.wb.deleteSheet(s));
  }

  getRange(address?: string): Range {
    return new Range(
      this._ctx,
      () => {
        const s = this._resolve();
        if (s === null) return null;
        this._checkAlive(s);
        if (address === undefined || address === "")
          return { sheet: s, rect: { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: MAX_COLUMNS - 1 } };
        return this.wb.resolveAddress(address, s);
      },
      `${this._path}.range(${JSON.stringify(address ?? "")})`
    );
  }

  getRangeByIndexes(
    startRow: number,
    startColumn: number,
    rowCount: number,
    columnCount: number
  ): Range {
    return new Range(
      this._ctx,
      () => {
        const s = this._resolve();
        if (s === null) return null;
        if (
          ![startRow, startColumn, rowCount, columnCount].every(Number.isInteger) ||
          rowCount < 1 ||
          columnCount < 1
        )
          throw officeError(
            ErrorCodes.invalidArgument,
            `getRangeByIndexes(${startRow}, ${startColumn}, ${rowCount}, ${columnCount}): indexes must be whole numbers and the size at least 1 × 1.`
          );
        const rect = {
          r0: startRow,
          c0: startColumn,
          r1: startRow + rowCount - 1,
          c1: startColumn + columnCount - 1,
        };
        checkRect(
          rect,
          `getRangeByIndexes(${startRow}, ${startColumn}, ${rowCount}, ${columnCount})`
        );
        return { sheet: s, rect };
      },
      `${this._path}.rangeByIndexes(${startRow},${startColumn},${rowCount},${columnCount})`
    );
  }

  getCell(row: number, column: number): Range {
    return this.getRangeByIndexes(row, column, 1, 1);
  }

  getUsedRange(valuesOnly = false): Range {
    return new Range(
      this._ctx,
      () => {
        const s = this._resolve();
        if (s === null) return null;
        return { sheet: s, rect: s.usedRect(valuesOnly) ?? { r0: 0, c0: 0, r1: 0, c1: 0 } };
      },
      `${this._path}.usedRange(${valuesOnly})`
    );
  }

  getUsedRangeOrNullObject(valuesOnly = false): Range {
    return new Range(
      this._ctx,
      () => {
        const s = this._resolve();
        if (s === null) return null;
        const rect = s.usedRect(valuesOnly);
        return rect ? { sheet: s, rect } : null;
      },
      `${this._path}.usedRangeOrNull(${valuesOnly})`
    )._instantiate();
  }
}
props(Worksheet, ["id"], {
  name: (s: SheetModel, v: string) => globalModel(s).renameSheet(s, v),
  position: (s: SheetModel, v: number) => globalModel(s).setSheetPosition(s, v),
  visibility: (s: SheetModel, v: string) =>
    globalModel(s).setVisibility(s, v as SheetModel["visibility"]),
  showGridlines: () => undefined,
  tabColor: () => undefined,
});

/** Property writers get only their target; a sheet knows its workbook. */
function globalModel(s: SheetModel): WorkbookModel {
  return s.owner;
}

// ======================= Range =======================

export interface RangeTarget {
  sheet: SheetModel;
  rect: Rect;
}

const RANGE_SCALARS = [
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
] as const;

export class Range extends ClientObject<RangeTarget> {
  protected _typeName = "Range";
  protected _scalars = RANGE_SCALARS;
  declare values: unknown[][];
  declare formulas: unknown[][];
  declare formulasLocal: unknown[][];
  declare numberFormat: unknown[][];
  declare numberFormatLocal: unknown[][];
  declare rowHidden: boolean;
  declare readonly address: string;
  declare readonly addressLocal: string;
  declare readonly cellCount: number;
  declare readonly columnCount: number;
  declare readonly rowCount: number;
  declare readonly rowIndex: number;
  declare readonly columnIndex: number;
  declare readonly valueTypes: string[][];
  declare readonly text: string[][];
  declare readonly columnHidden: boolean;
  declare readonly hidden: boolean;
  declare readonly isEntireRow: boolean;
  declare readonly isEntireColumn: boolean;
  readonly format: RangeFormat;

  constructor(ctx: RequestContext, resolver: () => RangeTarget | null, path: string) {
    super(ctx, resolver, path);
    this.format = new RangeFormat(ctx, () => this._resolve(), `${path}.format`);
  }

  get conditionalFormats(): ConditionalFormatCollection {
    return new ConditionalFormatCollection(
      this._ctx,
      () => this._resolve(),
      `${this._path}.conditionalFormats`
    );
  }

  get dataValidation(): DataValidation {
    return new DataValidation(this._ctx, () => this._resolve(), `${this._path}.dataValidation`);
  }

  protected override _checkAlive(t: RangeTarget): void {
    if (t.sheet.deleted)
      throw officeError(
        ErrorCodes.itemNotFound,
        `The worksheet '${t.sheet.name}' of this range has been deleted.`
      );
  }

  get worksheet(): Worksheet {
    return new Worksheet(
      this._ctx,
      () => this._resolve()?.sheet ?? null,
      `${this._path}.worksheet`
    );
  }

  protected override _nav(p: string): ClientObject | undefined {
    if (p === "worksheet") return this.worksheet;
    if (p === "format") return this.format;
    return undefined;
  }

  private get wb(): WorkbookModel {
    return this._ctx._rt.model;
  }

  protected _read(t: RangeTarget, p: string): unknown {
    const { sheet, rect } = t;
    switch (p) {
      case "address":
      case "addressLocal":
        return formatAddress(sheet.name, rect);
      case "cellCount":
        return rectRows(rect) * rectCols(rect);
      case "rowCount":
        return rectRows(rect);
      case "columnCount":
        return rectCols(rect);
      case "rowIndex":
        return rect.r0;
      case "columnIndex":
        return rect.c0;
      case "values":
        return this.wb.read(sheet, guardSize(rect, p), "values");
      case "formulas":
      case "formulasLocal":
        return this.wb.read(sheet, guardSize(rect, p), "formulas");
      case "numberFormat":
      case "numberFormatLocal":
        return this.wb.read(sheet, guardSize(rect, p), "numberFormat");
      case "valueTypes":
        return this.wb.read(sheet, guardSize(rect, p), "valueTypes");
      case "text":
        return this.wb.read(sheet, guardSize(rect, p), "text");
      case "rowHidden":
      case "hidden": {
        let hidden = 0;
        for (const r of sheet.hidden) if (r >= rect.r0 && r <= rect.r1) hidden++;
        return hidden === 0 ? false : hidden === rectRows(rect) ? true : null;
      }
      case "columnHidden":
        return false;
      case "isEntireRow":
        return rect.c0 === 0 && rect.c1 === MAX_COLUMNS - 1;
      case "isEntireColumn":
        return rect.r0 === 0 && rect.r1 === MAX_ROWS - 1;
    }
    throw unknownProp("Range", p);
  }

  private derive(path: string, fn: (t: RangeTarget) => Rect | null): Range {
    return new Range(
      this._ctx,
      () => {
        const t = this._resolve();
        if (t === null) return null;
        const rect = fn(t);
        if (rect === null) return null;
        checkRect(rect, `${path} of ${formatAddress(t.sheet.name, t.rect)}`);
        return { sheet: t.sheet, rect };
      },
      `${this._path}.${path}`
    );
  }

  getCell(row: number, column: number): Range {
    return this.derive(`cell(${row},${column})`, ({ rect }) => ({
      r0: rect.r0 + row,
      c0: rect.c0 + column,
      r1: rect.r0 + row,
      c1: rect.c0 + column,
    }));
  }
  getRow(row: number): Range {
    return this.derive(`row(${row})`, ({ rect }) => ({
      ...rect,
      r0: rect.r0 + row,
      r1: rect.r0 + row,
    }));
  }
  getEntireRow(): Range {
    return this.derive("entireRow()", ({ rect }) => ({ ...rect, c0: 0, c1: MAX_COLUMNS - 1 }));
  }
  getEntireColumn(): Range {
    return this.derive("entireColumn()", ({ rect }) => ({ ...rect, r0: 0, r1: MAX_ROWS - 1 }));
  }
  getUsedRangeOrNullObject(valuesOnly = false): Range {
    return this.derive("usedRangeOrNull()", (t) => {
      const used = t.sheet.usedRect(valuesOnly);
      return (used && intersection(used, t.rect)) ?? null;
    })._instantiate();
  }

  getSpecialCells(cellType: string, cellValueType?: string): RangeAreas {
    return this.special(cellType, cellValueType, false);
  }
  getSpecialCellsOrNullObject(cellType: string, cellValueType?: string): RangeAreas {
    return this.special(cellType, cellValueType, true)._instantiate();
  }
  private special(
    cellType: string,
    _cellValueType: string | undefined,
    orNull: boolean
  ): RangeAreas {
    return new RangeAreas(
      this._ctx,
      () => {
        const t = this._resolve();
        if (t === null) return null;
        if (cellType !== "Visible")
          throw officeError(
            ErrorCodes.invalidArgument,
            `getSpecialCells('${cellType}') is not modelled by the emulator; only 'Visible' is.`
          );
        const rects = this.wb.visibleAreas(t.sheet, t.rect);
        if (!rects.length) {
          if (orNull) return null;
          throw officeError(ErrorCodes.itemNotFound, "No cells were found.");
        }
        return { sheet: t.sheet, rects };
      },
      `${this._path}.specialCells(${JSON.stringify(cellType)})`
    );
  }

  getVisibleView(): RangeView {
    return new RangeView(
      this._ctx,
      () => {
        const t = this._require();
        return {
          sheet: t.sheet,
          rect: t.rect,
          rows: this.wb.visibleAreas(t.sheet, t.rect).flatMap((a) => rowsOf(a)),
          index: 0,
        };
      },
      `${this._path}.visibleView()`
    );
  }

  clear(applyTo = "All"): void {
    this._mutate("clear", [applyTo], (t) => this.wb.clear(t.sheet, t.rect, applyTo));
  }

  delete(shift: string): void {
    this._mutate("delete", [shift], (t) => {
      if (shift === "Up")
        this.wb.shift(t.sheet, "rows", t.rect.r0, -rectRows(t.rect), t.rect.c0, t.rect.c1);
      else if (shift === "Left")
        this.wb.shift(t.sheet, "cols", t.rect.c0, -rectCols(t.rect), t.rect.r0, t.rect.r1);
      else
        throw officeError(
          ErrorCodes.invalidArgument,
          `delete('${shift}'): shift must be 'Up' or 'Left'.`
        );
    });
  }

  insert(shift: string): Range {
    this._mutate("insert", [shift], (t) => {
      if (shift === "Down")
        this.wb.shift(t.sheet, "rows", t.rect.r0, rectRows(t.rect), t.rect.c0, t.rect.c1);
      else if (shift === "Right")
        this.wb.shift(t.sheet, "cols", t.rect.c0, rectCols(t.rect), t.rect.r0, t.rect.r1);
      else
        throw officeError(
          ErrorCodes.invalidArgument,
          `insert('${shift}'): shift must be 'Down' or 'Right'.`
        );
    });
    return this.derive("inserted()", ({ rect }) => rect);
  }

  copyFrom(
    sourceRange: Range | string,
    copyType = "All",
    skipBlanks = false,
    transpose = false
  ): void {
    const srcArg = typeof sourceRange === "string" ? sourceRange : sourceRange._path;
    if (typeof sourceRange !== "string") checkSameContext(this, sourceRange);
    this._mutate("copyFrom", [srcArg, copyType, skipBlanks, transpose], (t) => {
      const src =
        typeof sourceRange === "string"
          ? this.wb.resolveAddress(sourceRange, sourceRange.includes("!") ? undefined : t.sheet)
          : sourceRange._require();
      this.wb.copy(src.sheet, src.rect, t.sheet, t.rect, copyType, skipBlanks, transpose);
    });
  }

  select(): void {
    this._mutate("select", [], (t) => this.wb.select(t.sheet, [t.rect]));
  }
}
props(
  Range,
  [
    "address",
    "addressLocal",
    "cellCount",
    "columnCount",
    "rowCount",
    "rowIndex",
    "columnIndex",
    "valueTypes",
    "text",
    "columnHidden",
    "hidden",
    "isEntireRow",
    "isEntireColumn",
  ],
  {
    values: (t: RangeTarget, v: unknown) => modelOf(t).write(t.sheet, t.rect, "values", v),
    formulas: (t: RangeTarget, v: unknown) => modelOf(t).write(t.sheet, t.rect, "formulas", v),
    formulasLocal: (t: RangeTarget, v: unknown) => modelOf(t).write(t.sheet, t.rect, "formulas", v),
    numberFormat: (t: RangeTarget, v: unknown) =>
      modelOf(t).write(t.sheet, t.rect, "numberFormat", v),
    numberFormatLocal: (t: RangeTarget, v: unknown) =>
      modelOf(t).write(t.sheet, t.rect, "numberFormat", v),
    rowHidden: (t: RangeTarget, v: boolean) =>
      modelOf(t).setRowsHidden(t.sheet, t.rect.r0, rectRows(t.rect), !!v),
  }
);

function modelOf(t: { sheet: SheetModel }): WorkbookModel {
  return globalModel(t.sheet);
}

function guardSize(rect: Rect, prop: string): Rect {
  const cells = rectRows(rect) * rectCols(rect);
  if (cells > 5_000_000)
    throw officeError(
      ErrorCodes.invalidArgument,
      `Reading '${prop}' of ${cells.toLocaleString("en-US")} cells at once is more than Excel returns; read a smaller range (for example the used range).`
    );
  return rect;
}

function rowsOf(r: Rect): Rect[] {
  const out: Rect[] = [];
  for (let i = r.r0; i <= r.r1; i++) out.push({ ...r, r0: i, r1: i });
  return out;
}

function checkSameContext(a: ClientObject, b: ClientObject): void {
  if (a._ctx !== b._ctx)
    throw officeError(
      ErrorCodes.invalidRequestContext,
      "Cannot use the object across different request contexts."
    );
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
  globalModel(t.sheet).setFormat(t.sheet, t.rect, attrs);
}

/** range.format.fill (ExcelApi 1.1): the fill colour, an opaque per-cell attribute "fill". */
export class RangeFill extends ClientObject<RangeTarget> {
  protected _typeName = "RangeFill";
  protected _scalars = ["color"] as const;
  declare color: string | null;
  protected _read(t: RangeTarget, p: string): unknown {
    if (p === "color") return commonAttr(t, "fill");
    throw unknownProp("RangeFill", p);
  }
  clear(): void {
    this._mutate("clear", [], (t) => setAttrs(t, { fill: null }));
  }
}
props(RangeFill, [], {
  color: (t: RangeTarget, v: string | null) => setAttrs(t, { fill: v === null ? null : String(v) }),
});

/** range.format.font (ExcelApi 1.1): bold, italic and colour as opaque per-cell attributes. */
export class RangeFont extends ClientObject<RangeTarget> {
  protected _typeName = "RangeFont";
  protected _scalars = ["bold", "italic", "color"] as const;
  declare bold: boolean | null;
  declare italic: boolean | null;
  declare color: string | null;
  protected _read(t: RangeTarget, p: string): unknown {
    if (p === "bold") return commonAttr(t, "bold") ?? false;
    if (p === "italic") return commonAttr(t, "italic") ?? false;
    if (p === "color") return commonAttr(t, "fontColor") ?? "#000000";
    throw unknownProp("RangeFont", p);
  }
}
props(RangeFont, [], {
  bold: (t: RangeTarget, v: boolean) => setAttrs(t, { bold: v ? true : null }),
  italic: (t: RangeTarget, v: boolean) => setAttrs(t, { italic: v ? true : null }),
  color: (t: RangeTarget, v: string) => setAttrs(t, { fontColor: String(v) }),
});

let nextConditionalFormat = 1;

/**
 * range.conditionalFormats (ExcelApi 1.6). In Excel a conditional format is a rule over a range; the emulator keeps
 * it as an opaque per-cell attribute "conditionalFormat" (its type and a serial number), which travels with the cells
 * where Excel's rule ranges follow them (copies of type All/Formats, moved rows).
 */
export class ConditionalFormatCollection extends ClientObject<RangeTarget> {
  protected _typeName = "ConditionalFormatCollection";
  protected _scalars = [] as const;
  protected _read(_t: RangeTarget, p: string): unknown {
    throw unknownProp("ConditionalFormatCollection", p);
  }
  add(type: string): { type: string } {
    const tag = `${type}#${nextConditionalFormat++}`;
    this._mutate("add", [type], (t) => setAttrs(t, { conditionalFormat: tag }));
    return { type };
  }
  clearAll(): void {
    this._mutate("clearAll", [], (t) => setAttrs(t, { conditionalFormat: null }));
  }
}

/** range.dataValidation (ExcelApi 1.8): the rule as an opaque per-cell attribute "dataValidation" (its JSON). */
export class DataValidation extends ClientObject<RangeTarget> {
  protected _typeName = "DataValidation";
  protected _scalars = ["rule"] as const;
  declare rule: unknown;
  protected _read(t: RangeTarget, p: string): unknown {
    if (p === "rule") {
      const v = commonAttr(t, "dataValidation");
      return typeof v === "string" ? JSON.parse(v) : {};
    }
    throw unknownProp("DataValidation", p);
  }
  clear(): void {
    this._mutate("clear", [], (t) => setAttrs(t, { dataValidation: null }));
  }
}
props(DataValidation, [], {
  rule: (t: RangeTarget, v: unknown) => setAttrs(t, { dataValidation: JSON.stringify(v) }),
});

export class RangeFormat extends ClientObject<RangeTarget> {
  protected _typeName = "RangeFormat";
  protected _scalars = ["columnWidth", "rowHeight"] as const;
  declare columnWidth: number;
  declare rowHeight: number;
  get fill(): RangeFill {
    return new RangeFill(this._ctx, () => this._resolve(), `${this._path}.fill`);
  }
  get font(): RangeFont {
    return new RangeFont(this._ctx, () => this._resolve(), `${this._path}.font`);
  }
  protected override _nav(p: string): ClientObject | undefined {
    if (p === "fill") return this.fill;
    if (p === "font") return this.font;
    return undefined;
  }
  protected _read(t: RangeTarget, p: string): unknown {
    if (p === "columnWidth") return t.sheet.columnWidths.get(t.rect.c0) ?? 48;
    if (p === "rowHeight") return 15;
    throw unknownProp("RangeFormat", p);
  }
  autofitColumns(): void {
    this._mutate("autofitColumns", [], () => undefined);
  }
  autofitRows(): void {
    this._mutate("autofitRows", [], () => undefined);
  }
}
props(RangeFormat, [], {
  columnWidth: (t: RangeTarget, v: number) => {
    for (let c = t.rect.c0; c <= t.rect.c1; c++) t.sheet.columnWidths.set(c, v);
  },
  rowHeight: () => undefined,
});

// ======================= RangeAreas / RangeView =======================

interface AreasTarget {
  sheet: SheetModel;
  rects: Rect[];
}

export class RangeAreas extends ClientObject<AreasTarget> {
  protected _typeName = "RangeAreas";
  protected _scalars = ["address", "addressLocal", "areaCount", "cellCount"] as const;
  declare readonly address: string;
  declare readonly addressLocal: string;
  declare readonly areaCount: number;
  declare readonly cellCount: number;
  readonly areas: RangeCollection;

  constructor(ctx: RequestContext, resolver: () => AreasTarget | null, path: string) {
    super(ctx, resolver, path);
    this.areas = new RangeCollection(ctx, () => this._resolve(), `${path}.areas`);
  }
  get worksheet(): Worksheet {
    return new Worksheet(
      this._ctx,
      () => this._resolve()?.sheet ?? null,
      `${this._path}.worksheet`
    );
  }
  protected override _nav(p: string): ClientObject | undefined {
    if (p === "areas") return this.areas;
    if (p === "worksheet") return this.worksheet;
    return undefined;
  }
  protected _read(t: AreasTarget, p: string): unknown {
    switch (p) {
      case "address":
      case "addressLocal":
        return t.rects.map((r) => formatAddress(t.sheet.name, r)).join(",");
      case "areaCount":
        return t.rects.length;
      case "cellCount":
        return t.rects.reduce((n, r) => n + rectRows(r) * rectCols(r), 0);
    }
    throw unknownProp("RangeAreas", p);
  }
  select(): void {
    this._mutate("select", [], (t) => this._ctx._rt.model.select(t.sheet, t.rects));
  }
}
props(RangeAreas, ["address", "addressLocal", "areaCount", "cellCount"], {});

export class RangeCollection extends Collection<AreasTarget, Range, RangeTarget> {
  protected _typeName = "RangeCollection";
  protected _list(t: AreasTarget): RangeTarget[] {
    return t.rects.map((rect) => ({ sheet: t.sheet, rect }));
  }
  protected _item(k: RangeTarget): Range {
    return new Range(
      this._ctx,
      () => k,
      `range(${JSON.stringify(formatAddress(k.sheet.name, k.rect))})`
    );
  }
}

interface ViewTarget {
  sheet: SheetModel;
  rect: Rect;
  /** the visible rows, each a one-row rectangle */
  rows: Rect[];
  index: number;
}

/** Range.getVisibleView(): the visible rows of a range (hidden columns are not modelled). */
export class RangeView extends ClientObject<ViewTarget> {
  protected _typeName = "RangeView";
  protected _scalars = [
    "cellAddresses",
    "columnCount",
    "formulas",
    "index",
    "numberFormat",
    "rowCount",
    "text",
    "valueTypes",
    "values",
  ] as const;
  declare readonly values: unknown[][];
  declare readonly formulas: unknown[][];
  declare readonly numberFormat: string[][];
  declare readonly valueTypes: string[][];
  declare readonly text: string[][];
  declare readonly cellAddresses: string[][];
  declare readonly rowCount: number;
  declare readonly columnCount: number;
  declare readonly index: number;
  readonly rows: RangeViewCollection;

  constructor(ctx: RequestContext, resolver: () => ViewTarget | null, path: string) {
    super(ctx, resolver, path);
    this.rows = new RangeViewCollection(ctx, () => this._resolve(), `${path}.rows`);
  }
  protected override _nav(p: string): ClientObject | undefined {
    return p === "rows" ? this.rows : undefined;
  }
  protected _read(t: ViewTarget, p: string): unknown {
    const wb = this._ctx._rt.model;
    const gather = (what: "values" | "formulas" | "numberFormat" | "valueTypes" | "text") =>
      t.rows.flatMap((r) => wb.read(t.sheet, r, what));
    switch (p) {
      case "values":
      case "formulas":
      case "numberFormat":
      case "valueTypes":
      case "text":
        return gather(p);
      case "cellAddresses":
        return t.rows.map((r) =>
          Array.from({ length: rectCols(r) }, (_, j) =>
            formatAddress(t.sheet.name, { r0: r.r0, r1: r.r0, c0: r.c0 + j, c1: r.c0 + j })
          )
        );
      case "rowCount":
        return t.rows.length;
      case "columnCount":
        return rectCols(t.rect);
      case "index":
        return t.index;
    }
    throw unknownProp("RangeView", p);
  }
  getRange(): Range {
    return new Range(
      this._ctx,
      () => {
        const t = this._require();
        const rect = t.rows.length === 1 ? t.rows[0] : t.rect;
        return { sheet: t.sheet, rect };
      },
      `${this._path}.range()`
    );
  }
}
props(
  RangeView,
  [
    "values",
    "formulas",
    "numberFormat",
    "valueTypes",
    "text",
    "cellAddresses",
    "rowCount",
    "columnCount",
    "index",
  ],
  {}
);

export class RangeViewCollection extends Collection<ViewTarget, RangeView, ViewTarget> {
  protected _typeName = "RangeViewCollection";
  protected _list(t: ViewTarget): ViewTarget[] {
    return t.rows.map((r, index) => ({ sheet: t.sheet, rect: r, rows: [r], index }));
  }
  protected _item(k: ViewTarget): RangeView {
    return new RangeView(this._ctx, () => k, `view.row(${k.index})`);
  }
}

// ======================= Tables =======================

interface TablesTarget {
  wb: WorkbookModel;
  sheet: SheetModel | null;
}

export class TableCollection extends Collection<TablesTarget, Table, TableModel> {
  protected _typeName = "TableCollection";
  protected override _countProp = true;
  declare readonly count: number;
  protected _list(t: TablesTarget): TableModel[] {
    return t.wb.tables.filter((x) => t.sheet === null || x.sheet === t.sheet);
  }
  protected _item(t: TableModel): Table {
    return new Table(this._ctx, () => t, `table(${t.id})`);
  }

  add(address: string | Range, hasHeaders: boolean): Table {
    let created: TableModel | null = null;
    const table = new Table(
      this._ctx,
      () => {
        if (!created) throw officeError(ErrorCodes.generalException, "The table was not added.");
        return created;
      },
      `${this._path}.add(${JSON.stringify(typeof address === "string" ? address : address._path)})`
    );
    this._mutate(
      "add",
      [typeof address === "string" ? address : address._path, hasHeaders],
      (t) => {
        let target: { sheet: SheetModel; rect: Rect };
        if (typeof address === "string")
          target = t.wb.resolveAddress(
            address,
            t.sheet ?? (address.includes("!") ? undefined : t.wb.activeSheet)
          );
        else target = address._require();
        if (t.sheet && target.sheet !== t.sheet)
          throw officeError(ErrorCodes.invalidArgument, "The address is on another worksheet.");
        created = t.wb.addTable(target.sheet, target.rect, !!hasHeaders);
      }
    );
    return table;
  }

  getItem(key: string): Table {
    return new Table(
      this._ctx,
      () => {
        const t = this._require();
        const found = this._list(t).find(
          (x) => x.name.toLowerCase() === String(key).toLowerCase() || x.id === String(key)
        );
        if (!found)
          throw officeError(
            ErrorCodes.itemNotFound,
            `There is no table named '${key}'${t.sheet ? ` on worksheet '${t.sheet.name}'` : ""}.`
          );
        return found;
      },
      `${this._path}(${JSON.stringify(key)})`
    );
  }

  getItemOrNullObject(key: string): Table {
    return new Table(
      this._ctx,
      () => {
        const t = this._require();
        return (
          this._list(t).find(
            (x) => x.name.toLowerCase() === String(key).toLowerCase() || x.id === String(key)
          ) ?? null
        );
      },
      `${this._path}.orNull(${JSON.stringify(key)})`
    )._instantiate();
  }
}

export class Table extends ClientObject<TableModel> {
  protected _typeName = "Table";
  protected _scalars = [
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
  ] as const;
  declare name: string;
  declare showHeaders: boolean;
  declare showTotals: boolean;
  declare style: string;
  declare showBandedRows: boolean;
  declare showFilterButton: boolean;
  declare readonly id: string;
  declare readonly legacyId: string;
  readonly columns: TableColumnCollection;
  readonly rows: TableRowCollection;

  constructor(ctx: RequestContext, resolver: () => TableModel | null, path: string) {
    super(ctx, resolver, path);
    this.columns = new TableColumnCollection(ctx, () => this._resolve(), `${path}.columns`);
    this.rows = new TableRowCollection(ctx, () => this._resolve(), `${path}.rows`);
  }

  protected override _checkAlive(t: TableModel): void {
    if (t.deleted)
      throw officeError(ErrorCodes.itemNotFound, `The table '${t.name}' has been deleted.`);
  }

  private get wb(): WorkbookModel {
    return this._ctx._rt.model;
  }

  get worksheet(): Worksheet {
    return new Worksheet(
      this._ctx,
      () => this._resolve()?.sheet ?? null,
      `${this._path}.worksheet`
    );
  }

  protected override _nav(p: string): ClientObject | undefined {
    if (p === "worksheet") return this.worksheet;
    if (p === "columns") return this.columns;
    if (p === "rows") return this.rows;
    return undefined;
  }

  protected _read(t: TableModel, p: string): unknown {
    switch (p) {
      case "id":
        return t.id;
      case "legacyId":
        return t.id;
      case "name":
        return t.name;
      case "showHeaders":
        return t.showHeaders;
      case "showTotals":
        return t.showTotals;
      case "style":
        return t.style;
      case "showBandedRows":
        return t.showBandedRows;
      case "showBandedColumns":
        return false;
      case "showFilterButton":
        return t.showFilterButton;
      case "highlightFirstColumn":
      case "highlightLastColumn":
        return false;
    }
    throw unknownProp("Table", p);
  }

  private part(path: string, fn: (t: TableModel) => Rect | null): Range {
    return new Range(
      this._ctx,
      () => {
        const t = this._resolve();
        if (t === null) return null;
        this._checkAlive(t);
        const rect = fn(t);
        return rect && { sheet: t.sheet, rect };
      },
      `${this._path}.${path}`
    );
  }

  getRange(): Range {
    return this.part("range()", (t) => t.rect);
  }
  getHeaderRowRange(): Range {
    return this.part("headerRowRange()", (t) => {
      if (!t.showHeaders)
        throw officeError(
          ErrorCodes.invalidOperation,
          `The table '${t.name}' does not show its header row.`
        );
      return t.headerRect();
    });
  }
  getDataBodyRange(): Range {
    return this.part("dataBodyRange()", (t) => t.bodyRect());
  }
  getTotalRowRange(): Range {
    return this.part("totalRowRange()", (t) => {
      const rect = t.totalsRect();
      if (!rect)
        throw officeError(
          ErrorCodes.invalidOperation,
          `The table '${t.name}' does not show its totals row.`
        );
      return rect;
    });
  }
  /** the table's sort (ExcelApi 1.2) */
  get sort(): TableSort {
    return new TableSort(this._ctx, () => this._resolve(), `${this._path}.sort`);
  }
  /** the table's AutoFilter (ExcelApi 1.9) */
  get autoFilter(): AutoFilter {
    return new AutoFilter(this._ctx, () => this._resolve(), `${this._path}.autoFilter`);
  }

  resize(newRange: Range | string): void {
    const arg = typeof newRange === "string" ? newRange : newRange._path;
    this._mutate("resize", [arg], (t) => {
      const target =
        typeof newRange === "string"
          ? this.wb.resolveAddress(newRange, newRange.includes("!") ? undefined : t.sheet)
          : newRange._require();
      if (target.sheet !== t.sheet)
        throw officeError(
          ErrorCodes.invalidArgument,
          `A table can only be resized on its own worksheet ('${t.sheet.name}').`
        );
      this.wb.resizeTable(t, target.rect);
    });
  }

  delete(): void {
    this._mutate("delete", [], (t) => this.wb.deleteTable(t));
  }

  clearFilters(): void {
    this._mutate("clearFilters", [], (t) => this.wb.clearFilters(t));
  }

  reapplyFilters(): void {
    this._mutate("reapplyFilters", [], (t) => this.wb.reapplyFilters(t));
  }
}
props(Table, ["id", "legacyId"], {
  showTotals: (t: TableModel, v: boolean) => globalModel(t.sheet).setShowTotals(t, !!v),
  name: (t: TableModel, v: string) => globalModel(t.sheet).renameTable(t, v),
  showHeaders: (_t: TableModel, v: boolean) => {
    if (!v)
      throw officeError(
        ErrorCodes.invalidArgument,
        "Hiding a table's header row is not modelled by the emulator."
      );
  },
  style: (t: TableModel, v: string) => (t.style = v),
  showBandedRows: (t: TableModel, v: boolean) => (t.showBandedRows = v),
  showFilterButton: (t: TableModel, v: boolean) => (t.showFilterButton = v),
});

interface ColumnTarget {
  table: TableModel;
  id: number;
}

/** Table.sort (ExcelApi 1.2): apply, reapply and clear; fields are table column indexes. */
export class TableSort extends ClientObject<TableModel> {
  protected _typeName = "TableSort";
  protected _scalars = ["fields", "matchCase", "method"] as const;
  declare readonly fields: Array<{ key: number; ascending: boolean }>;
  declare readonly matchCase: boolean;
  declare readonly method: string;
  protected _read(t: TableModel, p: string): unknown {
    switch (p) {
      case "fields":
        return (t.sort?.fields ?? [])
          .map((f) => ({ key: t.columnIds.indexOf(f.columnId), ascending: f.ascending }))
          .filter((f) => f.key >= 0);
      case "matchCase":
        return t.sort?.matchCase ?? false;
      case "method":
        return "PinYin";
    }
    throw unknownProp("TableSort", p);
  }
  apply(
    fields: Array<{ key: number; ascending?: boolean }>,
    matchCase = false,
    _method?: string
  ): void {
    this._mutate("apply", [fields, matchCase], (t) =>
      globalModel(t.sheet).sortTable(t, fields, matchCase)
    );
  }
  reapply(): void {
    this._mutate("reapply", [], (t) => globalModel(t.sheet).reapplySort(t));
  }
  clear(): void {
    this._mutate("clear", [], (t) => (t.sort = null));
  }
}
props(TableSort, ["fields", "matchCase", "method"], {});

/** Table.autoFilter (ExcelApi 1.9): criteria per column, apply / reapply / clearCriteria. */
export class AutoFilter extends ClientObject<TableModel> {
  protected _typeName = "AutoFilter";
  protected _scalars = ["criteria", "enabled", "isDataFiltered"] as const;
  declare readonly criteria: Array<FilterCriteria | Record<string, never>>;
  declare readonly enabled: boolean;
  declare readonly isDataFiltered: boolean;
  protected _read(t: TableModel, p: string): unknown {
    switch (p) {
      case "criteria":
        // one entry per column, an empty object for a column without criteria
        return t.columnIds.map((id) => ({ ...(t.filters.get(id) ?? {}) }));
      case "enabled":
        return t.showFilterButton;
      case "isDataFiltered":
        return t.filters.size > 0;
    }
    throw unknownProp("AutoFilter", p);
  }
  apply(range: Range | string, columnIndex?: number, criteria?: FilterCriteria): void {
    const arg = typeof range === "string" ? range : range._path;
    this._mutate("apply", [arg, columnIndex, criteria], (t) => {
      const target =
        typeof range === "string"
          ? globalModel(t.sheet).resolveAddress(range, range.includes("!") ? undefined : t.sheet)
          : range._require();
      if (
        target.sheet !== t.sheet ||
        target.rect.r0 !== t.rect.r0 ||
        target.rect.c0 !== t.rect.c0 ||
        target.rect.c1 !== t.rect.c1
      )
        throw officeError(
          ErrorCodes.invalidArgument,
          `A table's AutoFilter applies to the table's own range (${formatAddress(t.sheet.name, t.rect)}).`
        );
      if (columnIndex === undefined || criteria === undefined) return;
      globalModel(t.sheet).setFilter(t, columnIndex, criteria);
    });
  }
  reapply(): void {
    this._mutate("reapply", [], (t) => globalModel(t.sheet).reapplyFilters(t));
  }
  clearCriteria(): void {
    this._mutate("clearCriteria", [], (t) => globalModel(t.sheet).clearFilters(t));
  }
  clearColumnCriteria(columnIndex: number): void {
    this._mutate("clearColumnCriteria", [columnIndex], (t) =>
      globalModel(t.sheet).setFilter(t, columnIndex, null)
    );
  }
  getRange(): Range {
    return new Range(
      this._ctx,
      () => {
        const t = this._resolve();
        return t && { sheet: t.sheet, rect: t.rect };
      },
      `${this._path}.range()`
    );
  }
}
props(AutoFilter, ["criteria", "enabled", "isDataFiltered"], {});

export class TableColumnCollection extends Collection<TableModel, TableColumn, ColumnTarget> {
  protected _typeName = "TableColumnCollection";
  protected override _countProp = true;
  declare readonly count: number;
  protected _list(t: TableModel): ColumnTarget[] {
    return t.columnIds.map((id) => ({ table: t, id }));
  }
  protected _item(k: ColumnTarget): TableColumn {
    return new TableColumn(this._ctx, () => k, `column(${k.table.id},${k.id})`);
  }
  private find(t: TableModel, key: number | string): ColumnTarget | null {
    const byName = t.names.findIndex((n) => n.toLowerCase() === String(key).toLowerCase());
    if (byName >= 0) return { table: t, id: t.columnIds[byName] };
    if (typeof key === "number" && t.columnIds.includes(key)) return { table: t, id: key };
    if (typeof key === "string" && /^\d+$/.test(key) && t.columnIds.includes(+key))
      return { table: t, id: +key };
    return null;
  }
  getItem(key: number | string): TableColumn {
    return new TableColumn(
      this._ctx,
      () => {
        const t = this._require();
        const k = this.find(t, key);
        if (!k)
          throw officeError(ErrorCodes.itemNotFound, `Table '${t.name}' has no column '${key}'.`);
        return k;
      },
      `${this._path}(${JSON.stringify(key)})`
    );
  }
  getItemOrNullObject(key: number | string): TableColumn {
    return new TableColumn(
      this._ctx,
      () => {
        const t = this._resolve();
        return t === null ? null : this.find(t, key);
      },
      `${this._path}.orNull(${JSON.stringify(key)})`
    )._instantiate();
  }
  add(index?: number | null, values?: unknown[][] | null, name?: string | null): TableColumn {
    let created: ColumnTarget | null = null;
    this._mutate("add", [index ?? null, values ?? null, name ?? null], (t) => {
      created = { table: t, id: this._ctx._rt.model.addTableColumn(t, index, values, name) };
    });
    return new TableColumn(this._ctx, () => created, `${this._path}.added()`);
  }
}

export class TableColumn extends ClientObject<ColumnTarget> {
  protected _typeName = "TableColumn";
  protected _scalars = ["id", "index", "name", "values"] as const;
  declare name: string;
  declare values: unknown[][];
  declare readonly id: number;
  declare readonly index: number;

  protected override _checkAlive(k: ColumnTarget): void {
    if (k.table.deleted || !k.table.columnIds.includes(k.id))
      throw officeError(ErrorCodes.itemNotFound, "This table column no longer exists.");
  }
  private col(k: ColumnTarget): number {
    return k.table.rect.c0 + k.table.columnIds.indexOf(k.id);
  }
  protected _read(k: ColumnTarget, p: string): unknown {
    const i = k.table.columnIds.indexOf(k.id);
    switch (p) {
      case "id":
        return k.id;
      case "index":
        return i;
      case "name":
        return k.table.names[i];
      case "values":
        return this._ctx._rt.model.read(
          k.table.sheet,
          { ...k.table.rect, c0: this.col(k), c1: this.col(k) },
          "values"
        );
    }
    throw unknownProp("TableColumn", p);
  }
  private part(path: string, rows: (t: TableModel) => [number, number]): Range {
    return new Range(
      this._ctx,
      () => {
        const k = this._resolve();
        if (k === null) return null;
        this._checkAlive(k);
        const [r0, r1] = rows(k.table);
        const c = this.col(k);
        return { sheet: k.table.sheet, rect: { r0, r1, c0: c, c1: c } };
      },
      `${this._path}.${path}`
    );
  }
  getRange(): Range {
    return this.part("range()", (t) => [t.rect.r0, t.rect.r1]);
  }
  getDataBodyRange(): Range {
    return this.part("dataBodyRange()", (t) => [t.dataR0, t.dataR1]);
  }
  getHeaderRowRange(): Range {
    return this.part("headerRowRange()", (t) => [t.rect.r0, t.rect.r0]);
  }
  getTotalRowRange(): Range {
    return this.part("totalRowRange()", (t) => {
      if (!t.showTotals)
        throw officeError(
          ErrorCodes.invalidOperation,
          `The table '${t.name}' does not show its totals row.`
        );
      return [t.rect.r1, t.rect.r1];
    });
  }
  /** the column's filter (ExcelApi 1.2) */
  get filter(): Filter {
    return new Filter(this._ctx, () => this._resolve(), `${this._path}.filter`);
  }
  delete(): void {
    this._mutate("delete", [], (k) => this._ctx._rt.model.deleteTableColumn(k.table, k.id));
  }
}

/** TableColumn.filter (ExcelApi 1.2): one column's criteria; applying evaluates every filter of the table. */
export class Filter extends ClientObject<ColumnTarget> {
  protected _typeName = "Filter";
  protected _scalars = ["criteria"] as const;
  declare readonly criteria: FilterCriteria | null;
  private index(k: ColumnTarget): number {
    return k.table.columnIds.indexOf(k.id);
  }
  protected _read(k: ColumnTarget, p: string): unknown {
    if (p === "criteria") return k.table.filters.get(k.id) ?? null;
    throw unknownProp("Filter", p);
  }
  apply(criteria: FilterCriteria): void {
    this._mutate("apply", [criteria], (k) =>
      globalModel(k.table.sheet).setFilter(k.table, this.index(k), criteria)
    );
  }
  applyValuesFilter(values: unknown[]): void {
    this.apply({ filterOn: "Values", values });
  }
  applyCustomFilter(criteria1: string, criteria2?: string, oper?: string): void {
    this.apply({
      filterOn: "Custom",
      criterion1: criteria1,
      criterion2: criteria2,
      operator: oper,
    });
  }
  applyCellColorFilter(color: string): void {
    this.apply({ filterOn: "CellColor", color });
  }
  clear(): void {
    this._mutate("clear", [], (k) =>
      globalModel(k.table.sheet).setFilter(k.table, this.index(k), null)
    );
  }
}
props(Filter, ["criteria"], {});
props(TableColumn, ["id", "index"], {
  name: (k: ColumnTarget, v: string) => {
    const wb = globalModel(k.table.sheet);
    wb.write(
      k.table.sheet,
      {
        ...k.table.headerRect(),
        c0: k.table.rect.c0 + k.table.columnIds.indexOf(k.id),
        c1: k.table.rect.c0 + k.table.columnIds.indexOf(k.id),
      },
      "values",
      [[String(v)]]
    );
  },
  values: (k: ColumnTarget, v: unknown) => {
    const c = k.table.rect.c0 + k.table.columnIds.indexOf(k.id);
    globalModel(k.table.sheet).write(k.table.sheet, { ...k.table.rect, c0: c, c1: c }, "values", v);
  },
});

interface RowTarget {
  table: TableModel;
  index: number;
}

export class TableRowCollection extends Collection<TableModel, TableRow, RowTarget> {
  protected _typeName = "TableRowCollection";
  protected override _countProp = true;
  declare readonly count: number;
  protected _list(t: TableModel): RowTarget[] {
    return Array.from({ length: t.rowCount() }, (_, index) => ({ table: t, index }));
  }
  protected _item(k: RowTarget): TableRow {
    return new TableRow(this._ctx, () => k, `row(${k.table.id},${k.index})`);
  }
  getItemAt(index: number): TableRow {
    return new TableRow(
      this._ctx,
      () => {
        const t = this._require();
        if (index < 0 || index >= t.rowCount())
          throw officeError(
            ErrorCodes.invalidArgument,
            `Table '${t.name}' has no row at index ${index}.`
          );
        return { table: t, index };
      },
      `${this._path}.at(${index})`
    );
  }
  add(index?: number | null, values?: unknown[][] | null, _alwaysInsert?: boolean): TableRow {
    let created: RowTarget | null = null;
    this._mutate("add", [index ?? null, values ?? null], (t) => {
      const rect = this._ctx._rt.model.addTableRows(t, index, values);
      created = { table: t, index: rect.r0 - t.dataR0 };
    });
    return new TableRow(this._ctx, () => created, `${this._path}.added()`);
  }
  deleteRowsAt(index: number, count = 1): void {
    this._mutate("deleteRowsAt", [index, count], (t) =>
      this._ctx._rt.model.deleteTableRows(t, index, count)
    );
  }
}

export class TableRow extends ClientObject<RowTarget> {
  protected _typeName = "TableRow";
  protected _scalars = ["index", "values"] as const;
  declare values: unknown[][];
  declare readonly index: number;
  protected _read(k: RowTarget, p: string): unknown {
    if (p === "index") return k.index;
    if (p === "values")
      return this._ctx._rt.model.read(
        k.table.sheet,
        { ...k.table.rect, r0: k.table.dataR0 + k.index, r1: k.table.dataR0 + k.index },
        "values"
      );
    throw unknownProp("TableRow", p);
  }
  getRange(): Range {
    return new Range(
      this._ctx,
      () => {
        const k = this._require();
        const r = k.table.dataR0 + k.index;
        return { sheet: k.table.sheet, rect: { ...k.table.rect, r0: r, r1: r } };
      },
      `${this._path}.range()`
    );
  }
  delete(): void {
    this._mutate("delete", [], (k) => this._ctx._rt.model.deleteTableRows(k.table, k.index, 1));
  }
}
props(TableRow, ["index"], {
  values: (k: RowTarget, v: unknown) => {
    const r = k.table.dataR0 + k.index;
    globalModel(k.table.sheet).write(k.table.sheet, { ...k.table.rect, r0: r, r1: r }, "values", v);
  },
});

// ======================= Defined names (minimal) =======================

/** Workbook-scoped defined names: list, add, look up. Enough to keep table names clear of them. */
export class NamedItemCollection extends Collection<WorkbookModel, NamedItem, string> {
  protected _typeName = "NamedItemCollection";
  protected _list(wb: WorkbookModel): string[] {
    return [...wb.definedNames.keys()];
  }
  protected _item(key: string): NamedItem {
    return new NamedItem(this._ctx, () => key, `name(${JSON.stringify(key)})`);
  }
  add(name: string, reference: string, _comment?: string): NamedItem {
    this._mutate("add", [name, reference], (wb) => wb.addDefinedName(name, reference));
    return new NamedItem(
      this._ctx,
      () => String(name).toLowerCase(),
      `name(${JSON.stringify(name)})`
    );
  }
  getItemOrNullObject(name: string): NamedItem {
    return new NamedItem(
      this._ctx,
      () => (this._require().definedNames.has(name.toLowerCase()) ? name.toLowerCase() : null),
      `nameOrNull(${JSON.stringify(name)})`
    )._instantiate();
  }
}

export class NamedItem extends ClientObject<string> {
  protected _typeName = "NamedItem";
  protected _scalars = ["name", "formula", "type", "visible"] as const;
  declare readonly name: string;
  declare readonly formula: string;
  protected _read(key: string, p: string): unknown {
    const n = this._ctx._rt.model.definedNames.get(key);
    if (!n) throw officeError(ErrorCodes.itemNotFound, `There is no defined name '${key}'.`);
    if (p === "name") return n.name;
    if (p === "formula") return n.formula;
    if (p === "type") return "Range";
    if (p === "visible") return true;
    throw unknownProp("NamedItem", p);
  }
}
props(NamedItem, ["name", "formula", "type", "visible"], {});

// ======================= Settings & custom properties =======================

export class SettingCollection extends Collection<WorkbookModel, Setting, string> {
  protected _typeName = "SettingCollection";
  protected _list(wb: WorkbookModel): string[] {
    return [...wb.settings.keys()];
  }
  protected _item(key: string): Setting {
    return new Setting(this._ctx, () => key, `setting(${JSON.stringify(key)})`);
  }
  add(key: string, value: unknown): Setting {
    this._mutate("add", [key, value], (wb) => wb.setSetting(key, value));
    return this._item(key);
  }
  getItem(key: string): Setting {
    return new Setting(
      this._ctx,
      () => {
        if (!this._require().settings.has(key))
          throw officeError(ErrorCodes.itemNotFound, `There is no setting '${key}'.`);
        return key;
      },
      `setting(${JSON.stringify(key)})`
    );
  }
  getItemOrNullObject(key: string): Setting {
    return new Setting(
      this._ctx,
      () => (this._require().settings.has(key) ? key : null),
      `settingOrNull(${JSON.stringify(key)})`
    )._instantiate();
  }
}

export class Setting extends ClientObject<string> {
  protected _typeName = "Setting";
  protected _scalars = ["key", "value"] as const;
  declare value: unknown;
  declare readonly key: string;
  protected _read(key: string, p: string): unknown {
    const s = this._ctx._rt.model.settings.get(key);
    if (!s) throw officeError(ErrorCodes.itemNotFound, `There is no setting '${key}'.`);
    if (p === "key") return s.key;
    if (p === "value") return s.value;
    throw unknownProp("Setting", p);
  }
  delete(): void {
    this._mutate("delete", [], (key) => this._ctx._rt.model.settings.delete(key));
  }
}
Object.defineProperty(Setting.prototype, "value", {
  get(this: Setting) {
    return (this as unknown as { _get(p: string): unknown })._get("value");
  },
  set(this: Setting, v: unknown) {
    this._queue("value", v, (batch) => {
      this._ctx._rt.model.setSetting(this._require(), v);
      batch.changed = true;
    });
  },
});
props(Setting, ["key"], {});

export class WorksheetCustomPropertyCollection extends Collection<
  SheetModel,
  WorksheetCustomProperty,
  { sheet: SheetModel; key: string }
> {
  protected _typeName = "WorksheetCustomPropertyCollection";
  protected _list(s: SheetModel): Array<{ sheet: SheetModel; key: string }> {
    return [...s.customProperties.keys()].map((key) => ({ sheet: s, key }));
  }
  protected _item(k: { sheet: SheetModel; key: string }): WorksheetCustomProperty {
    return new WorksheetCustomProperty(
      this._ctx,
      () => k,
      `customProperty(${JSON.stringify(k.key)})`
    );
  }
  add(key: string, value: string): WorksheetCustomProperty {
    this._mutate("add", [key, value], (s) => this._ctx._rt.model.setCustomProperty(s, key, value));
    return new WorksheetCustomProperty(
      this._ctx,
      () => ({ sheet: this._require(), key: String(key).toLowerCase() }),
      `customProperty(${JSON.stringify(key)})`
    );
  }
  getItem(key: string): WorksheetCustomProperty {
    return new WorksheetCustomProperty(
      this._ctx,
      () => {
        const s = this._require();
        if (!s.customProperties.has(key.toLowerCase()))
          throw officeError(
            ErrorCodes.itemNotFound,
            `Worksheet '${s.name}' has no custom property '${key}'.`
          );
        return { sheet: s, key: key.toLowerCase() };
      },
      `customProperty(${JSON.stringify(key)})`
    );
  }
  getItemOrNullObject(key: string): WorksheetCustomProperty {
    return new WorksheetCustomProperty(
      this._ctx,
      () => {
        const s = this._resolve();
        return s && s.customProperties.has(key.toLowerCase())
          ? { sheet: s, key: key.toLowerCase() }
          : null;
      },
      `customPropertyOrNull(${JSON.stringify(key)})`
    )._instantiate();
  }
}

export class WorksheetCustomProperty extends ClientObject<{ sheet: SheetModel; key: string }> {
  protected _typeName = "WorksheetCustomProperty";
  protected _scalars = ["key", "value"] as const;
  declare value: string;
  declare readonly key: string;
  protected _read(k: { sheet: SheetModel; key: string }, p: string): unknown {
    const prop = k.sheet.customProperties.get(k.key);
    if (!prop)
      throw officeError(
        ErrorCodes.itemNotFound,
        `Worksheet '${k.sheet.name}' has no custom property '${k.key}'.`
      );
    if (p === "key") return prop.key;
    if (p === "value") return prop.value;
    throw unknownProp("WorksheetCustomProperty", p);
  }
  delete(): void {
    this._mutate("delete", [], (k) => k.sheet.customProperties.delete(k.key));
  }
}
props(WorksheetCustomProperty, ["key"], {
  value: (k: { sheet: SheetModel; key: string }, v: string) => {
    const prop = k.sheet.customProperties.get(k.key);
    if (!prop)
      throw officeError(ErrorCodes.itemNotFound, `The custom property '${k.key}' does not exist.`);
    globalModel(k.sheet).setCustomProperty(k.sheet, prop.key, v);
  },
});

export { cellAddress };

// `count` is a loadable property of these collections
for (const cls of [TableCollection, TableColumnCollection, TableRowCollection])
  props(cls, ["count"], {});
