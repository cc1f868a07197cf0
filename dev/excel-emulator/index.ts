// The Excel host emulator: a test double of the Excel JavaScript API subset the add-in uses, with
// Office.js's semantics (see README.md beside this file for what it models and what it does not).
// createExcelHost() gives the `Excel`, `Office`, `OfficeRuntime` and `OfficeExtension` globals for
// the add-in's code, plus host-side controls for tests, benchmarks and the workbench: what a person
// does in Excel's UI (typing, selecting, hiding rows), reading cells without a sync, and a log of syncs.

import { formatAddress, parseAddress, type Rect } from "./address";
import { EmulatedOfficeError, ErrorCodes } from "./errors";
import {
  ActionRegistry,
  createOfficeGlobal,
  MemoryStorage,
  type WebStorageLike,
  type InvokeResult,
  type StartupBehavior,
  type ThemeName,
} from "./office-globals";
import type { CommandFault, CommandInfo, Runtime, SyncCost, SyncRecord } from "./host/runtime";
import { HostErrorCodes, processRequest } from "./host/processor";
import { obj } from "./host/schema";
import { Workbook } from "./host/classes/workbook";
import {
  connectClient,
  ensureClient,
  seamProblems,
  FLAG_DELAY_FOR_CELL_EDIT,
  MESSAGE_BODY,
  MESSAGE_FLAGS,
  type RichApiExecutor,
  type RichApiResult,
} from "./office-client";
import {
  WorkbookModel,
  type CellFormat,
  type FilterCriteria,
  type SheetModel,
  type Visibility,
  type WorkbookSnapshot,
} from "./workbook-model";
import { cellError } from "./formula";
import { createDialogOffice, DialogCodes, DialogHost, type OpenDialog } from "./dialog";
import { openSavedModel, saveWorkbook, type SavedWorkbook } from "./saved-file";
import { UndoStack, UNDO_NOT_SUPPORTED, type UndoPlatform, type UndoRecord } from "./host/undo";

/**
 * The request header by which install()'s Excel.run tags the requests of a run that asked mergeUndoGroup (the
 * emulator's own: see install()).
 */
export const UNDO_GROUP_HEADER = "x-claret-emulator-undo-group";
export { UNDO_NOT_SUPPORTED, type UndoPlatform };

export type {
  SavedWorkbook,
  StartupBehavior,
  SyncRecord,
  SyncCost,
  WorkbookSnapshot,
  InvokeResult,
  ThemeName,
  Rect,
  CommandInfo,
  CellFormat,
  FilterCriteria,
  WebStorageLike,
};
export { MemoryWebStorage } from "./office-globals";

function cellFormatsOf(s: SheetModel, rect: Rect): (CellFormat | null)[][] {
  return Array.from({ length: rect.r1 - rect.r0 + 1 }, (_, i) => {
    const row = s.rows.peek(rect.r0 + i);
    return Array.from({ length: rect.c1 - rect.c0 + 1 }, (_, j) => row?.[rect.c0 + j]?.fmt ?? null);
  });
}
export { EmulatedOfficeError, ErrorCodes, DialogCodes };
export type { OpenDialog };

/** Excel on the web's request limit is documented as "5 MB"; we take the stricter reading, 5,000,000 bytes. */
export const WEB_PAYLOAD_LIMIT_BYTES = 5_000_000;

export interface EmulatorOptions {
  /** bytes per sync request (and per response); null = no limit (desktop Excel). Default WEB_PAYLOAD_LIMIT_BYTES. */
  payloadLimitBytes?: number | null;
  /** the workbook's date system (Excel for Mac workbooks may count from 1904); formulas such as DATE() follow it */
  dateSystem?: 1900 | 1904;
  /**
   * Offer members that are in no released requirement set (today: Workbook.use1904DateSystem). Default false: like
   * production Office.js, loading them fails the sync and reading them gives undefined.
   */
  previewApis?: boolean;
  /**
   * Office.context.partitionKey (Excel on the web in a browser that partitions storage). Default undefined, as in
   * Windows desktop's browser control.
   */
  partitionKey?: string;
  /**
   * The origin's localStorage behind OfficeRuntime.storage (which prefixes its keys, as production Office.js does).
   * Hosts given the same one share it, like two add-in instances of one origin. Default: a fresh in-memory one.
   */
  localStorage?: WebStorageLike;
  /**
   * Modelled host time: sync() resolves after perSyncMs + cellsCarried*perCellCarriedUs/1000 +
   * cellsCopied*perCellCopiedUs/1000 ms, one request at a time. Default all 0: resolves on a microtask.
   */
  syncCost?: SyncCost;
  /**
   * What `Office.addin.showAsTaskpane()` does. "honoured" (default): the pane opens, as for a sideloaded or
   * centrally deployed add-in. "ignored": the call resolves and nothing opens, as for an add-in installed from
   * the Marketplace since 2026-02-23 (learn.microsoft.com "Show or hide the task pane of your Office Add-in").
   */
  showAsTaskpane?: "honoured" | "ignored";
  /**
   * How long `Dialog.close()` takes to finish (ms; default 50): the dialog leaves the view at once, but another
   * displayDialogAsync before then fails with 12007, as Office's asynchronous close does.
   */
  dialogCloseMs?: number;
  /**
   * Opens a workbook saved by `host.save()` (kept by a page across its reload: the workbench's Reopen workbook)
   * instead of a new one; `dateSystem` is then the file's.
   */
  file?: SavedWorkbook;
  /**
   * The ExcelApi version `isSetSupported` reports: "1.17" (default) or "1.20", which has RunOptions.mergeUndoGroup
   * (learn.microsoft.com "Excel JavaScript API requirement set 1.20"). With "1.20" an Excel.run that asks
   * mergeUndoGroup makes one undo record (see install()).
   */
  excelApi?: "1.17" | "1.20";
  /**
   * Whose undo rules (host/undo.ts): "windows-mac" (default: the stricter for the add-in, renaming, moving, hiding a
   * sheet clear the undo stack there) or "web".
   */
  undoPlatform?: UndoPlatform;
  /** undo records kept (default 16, to bound the emulator's memory; Excel keeps 100: EXCEL_UNDO_LEVELS) */
  undoLevels?: number;
}

/** OfficeRuntime as far as the add-in uses it: storage = the origin's localStorage with a key prefix. */
export interface OfficeRuntimeLike {
  storage: MemoryStorage;
}

export interface SheetInfo {
  name: string;
  visibility: Visibility;
  position: number;
}

export interface ExcelHost {
  /**
   * Microsoft's `Excel` namespace in the global the host is installed on. Reading it makes this host the one that
   * Office.js sends its requests to (installing it on globalThis if it was installed nowhere).
   */
  readonly Excel: typeof Excel;
  Office: typeof Office;
  OfficeRuntime: OfficeRuntimeLike;
  readonly OfficeExtension: typeof OfficeExtension;
  /** the origin's localStorage behind OfficeRuntime.storage (EmulatorOptions.localStorage) */
  localStorage: WebStorageLike;
  /**
   * Connects Microsoft's Excel client in `target` (default globalThis; loaded first if a loader is registered, see
   * office-client.ts) to this host, and sets target.Office and target.OfficeRuntime to the emulator's.
   */
  install(target?: object): void;
  /**
   * The person in Excel edits a cell (F2 or typing): until end(), a request fails with
   * InvalidOperationInCellEditMode, or waits when its run asked delayForCellEdit.
   */
  editCell: {
    readonly active: boolean;
    start(): void;
    end(): void;
    /** requests waiting for the person to leave the cell */
    readonly waiting: number;
  };
  /** restores what install() replaced */
  uninstall(): void;

  /**
   * Ctrl+Z: the last undo record (one request of the add-in, one Excel.run with mergeUndoGroup, one action of the
   * person) is undone: cells, formats, sheets, tables, hidden rows, settings as they were before it. Null when the
   * undo stack is empty (Excel's Undo button is greyed out).
   */
  undo(): { by: "add-in" | "person"; requests: number; group: string | null } | null;
  /** the undo stack, oldest first (what Ctrl+Z would undo, last first) */
  readonly undoStack: ReadonlyArray<{
    by: "add-in" | "person";
    requests: number;
    group: string | null;
  }>;
  /** times a member without undo support cleared the undo stack */
  readonly undoClears: number;

  // --- what a person does in Excel's UI: synchronous, no sync needed ---
  /**
   * Review > Protect Workbook, structure (kept by a save): until unprotected, adding, deleting, renaming, moving,
   * hiding or unhiding a sheet fails with AccessDenied, for the add-in and for the person alike
   */
  protectStructure(password?: string): void;
  unprotectStructure(): void;
  readonly structureProtected: boolean;
  /** some formula shows a value held from before a request that suspended calculation (not calculated since) */
  readonly calculationHeld: boolean;
  addSheet(name: string): void;
  activate(sheet: string): void;
  /** selects on `sheet` (and activates it); "A1:B3,D1:D3" is a multi-area selection */
  select(sheet: string, address: string): void;
  /** typing: "=…" becomes a formula, "0117" a number, "1-2" a date — unless the cell's format is '@' */
  setValues(sheet: string, address: string, values: unknown[][]): void;
  setValue(sheet: string, address: string, value: unknown): void;
  setNumberFormat(sheet: string, address: string, format: string): void;
  setRowsHidden(sheet: string, fromRow0: number, count: number, hidden: boolean): void;
  setSheetVisibility(sheet: string, visibility: Visibility): void;
  addTable(sheet: string, address: string, name?: string): string;
  deleteRows(sheet: string, fromRow0: number, count: number): void;
  /** formatting as a person applies it (fill, bold, fontColor, conditionalFormat, dataValidation…); null removes */
  setCellFormat(
    sheet: string,
    address: string,
    attrs: Readonly<Record<string, string | number | boolean | null>>
  ): void;
  /** the table's sort buttons: fields by table column index */
  sortTable(table: string, fields: Array<{ key: number; ascending?: boolean }>): void;
  /** the table's filter buttons: criteria for one column (null clears it) */
  filterTable(table: string, columnIndex: number, criteria: FilterCriteria | null): void;
  setShowTotals(table: string, show: boolean): void;

  // --- reads ---
  getValues(sheet: string, address: string): unknown[][];
  getFormulas(sheet: string, address: string): unknown[][];
  getNumberFormats(sheet: string, address: string): string[][];
  getValueTypes(sheet: string, address: string): string[][];
  getText(sheet: string, address: string): string[][];
  /** a window of the grid for a viewer: values, number formats, other formats and hidden rows of `rect` */
  readWindow(
    sheet: string,
    rect: Rect
  ): {
    values: unknown[][];
    formats: string[][];
    cellFormats: (CellFormat | null)[][];
    hiddenRows: boolean[];
  };
  getCellFormats(sheet: string, address: string): (CellFormat | null)[][];
  /** extent of content from A1: last used row + 1 and last used column + 1 (0, 0 when empty); cheap */
  sheetSize(sheet: string): { rows: number; columns: number };
  sheets(): SheetInfo[];
  activeSheet(): string | null;
  selection(): { sheet: string; address: string } | null;
  isRowHidden(sheet: string, row0: number): boolean;
  /** every hidden row of the sheet (0-based), ascending */
  hiddenRows(sheet: string): number[];
  tables(): Array<{
    name: string;
    sheet: string;
    address: string;
    headers: string[];
    showTotals: boolean;
    filtered: boolean;
  }>;
  settings(): Record<string, unknown>;
  snapshot(): WorkbookSnapshot;
  /**
   * The person saves, closes and opens the workbook again: content (sheets, cells, formats, tables, hidden rows,
   * settings, custom properties, the add-in's startup behaviour) persists, open request contexts end and the task
   * pane is closed. `addinLoaded`: Excel loads the add-in as the document opens (its startup behaviour is "Load"),
   * without showing the pane — the caller then starts the add-in's runtime, as Excel would.
   */
  saveAndReopen(): { addinLoaded: boolean };
  /**
   * The workbook as a saved file (what saveAndReopen keeps), as plain data that survives a structured clone; open it
   * with createExcelHost({ file }). Excel loads the add-in as that file opens when its startupBehavior is "Load".
   */
  save(): SavedWorkbook;
  /** the add-in's startup behaviour stored with the document (Office.addin.setStartupBehavior) */
  readonly startupBehavior: StartupBehavior;
  readonly date1904: boolean;

  /** one record per request of the add-in's syncs, failed ones included */
  syncLog: SyncRecord[];
  /** requests desktop Office.js sent after Excel.run only to release the objects it kept (not in syncLog) */
  readonly releaseRequests: number;
  resetSyncLog(): void;
  /** changes the modelled cost of later syncs (benchmarks: the same workbook under another profile) */
  setSyncCost(cost: Partial<SyncCost>): void;
  /**
   * Fault injection: the next command matching `match` (its location, e.g. "Range.copyFrom" or "Table.resize", or a
   * predicate) fails inside its sync with `code` (default GeneralException), as Excel fails mid-batch: the commands
   * queued before it in that sync have taken effect, it and the later ones have not. `times` (default 1) matching
   * commands fail. Lets tests prove what a failure half-way through a multi-command request leaves behind.
   */
  failCommand(
    match: string | ((command: CommandInfo) => boolean),
    opts?: { code?: string; message?: string; times?: number }
  ): { readonly fired: number; remove(): void };
  /** the add-in's ribbon buttons (ExecuteFunction): a click before associate is dropped, clicks on one command queue */
  actions: {
    invoke(id: string, opts?: { timeoutMs?: number }): Promise<InvokeResult>;
    ids(): string[];
    /** ids of the clicks that found no associated function */
    readonly dropped: string[];
  };
  /** fires after each sync that changed something and after host-side edits */
  onChange(listener: () => void): () => void;
  taskpane: {
    visible: boolean;
    onShow(listener: () => void): () => void;
    onVisibilityChange(listener: (visible: boolean) => void): () => void;
  };
  /** the add-in's Office dialog (Office.context.ui.displayDialogAsync), as the workbench shows it */
  dialog: {
    readonly current: OpenDialog | null;
    onChange(listener: () => void): () => void;
    /** the person closes the dialog (its ✕): the add-in hears DialogEventReceived 12006 */
    closeByUser(): void;
    readonly history: DialogHost["history"];
    /** gives a dialog page (an iframe's window) its Office global: onReady, officeTheme, messageParent */
    installDialogPage(dialogWindow: Window & { Office?: unknown }): void;
  };
  theme: {
    readonly current: ThemeName;
    set(t: ThemeName): void;
    onChange(listener: (t: ThemeName) => void): () => void;
  };
}

type RunFunction = (...args: unknown[]) => unknown;
const ORIGINAL_RUN = Symbol("Microsoft's Excel.run");

/** A header of Office.js's request message (its names and values alternate in message[3]). */
function headerOf(message: unknown[], name: string): string | null {
  const headers = message[3];
  if (!Array.isArray(headers)) return null;
  for (let i = 0; i + 1 < headers.length; i += 2)
    if (String(headers[i]).toLowerCase() === name) return String(headers[i + 1]);
  return null;
}

/** the globals install() sets over Microsoft's (its Excel and OfficeExtension stay) */
const GLOBAL_NAMES = ["Office", "OfficeRuntime"] as const;

export function createExcelHost(opts: EmulatorOptions = {}): ExcelHost {
  const changeListeners = new Set<() => void>();
  const emitChange = () => {
    for (const l of [...changeListeners]) l();
  };
  const rt: Runtime = {
    model: opts.file ? openSavedModel(opts.file) : new WorkbookModel(opts.dateSystem === 1904),
    payloadLimitBytes:
      opts.payloadLimitBytes === undefined ? WEB_PAYLOAD_LIMIT_BYTES : opts.payloadLimitBytes,
    syncCost: { perSyncMs: 0, perCellCarriedUs: 0, perCellCopiedUs: 0, ...opts.syncCost },
    syncLog: [],
    busyUntil: 0,
    emitChange,
    commandFaults: [],
    previewApis: opts.previewApis === true,
    references: new Map(),
    releaseRequests: 0,
    nextReference: 1,
    undo: new UndoStack(opts.undoPlatform ?? "windows-mac", opts.undoLevels),
  };
  const excelApi = opts.excelApi ?? "1.17";
  const mergeUndoSupported = Number(excelApi.split(".")[1]) >= 20;
  let nextUndoGroup = 1;

  // --- Office globals ---
  const showListeners = new Set<() => void>();
  const visibilityListeners = new Set<(v: boolean) => void>();
  const themeListeners = new Set<(t: ThemeName) => void>();
  const actions = new ActionRegistry();
  // Office.js finishes initialising on a later task than the one that loaded the page's scripts: code at the
  // top of the add-in's entry runs before it, code after `await Office.onReady()` runs after it.
  const initialised = new Promise<void>((resolve) =>
    setTimeout(() => {
      actions.markReady();
      resolve();
    }, 0)
  );
  const state = {
    actions,
    initialised,
    taskpaneVisible: false,
    setTaskpaneVisible(v: boolean) {
      taskpane.visible = v;
    },
    showAsTaskpane: opts.showAsTaskpane ?? "honoured",
    visibilityListeners: new Set<(m: { visibilityMode: "Taskpane" | "Hidden" }) => void>(),
    theme: "light" as ThemeName,
    docSettingsLive: new Map<string, unknown>(opts.file?.documentSettings),
    docSettingsSaved: new Map<string, unknown>(opts.file?.documentSettings),
    selectionHandlers: new Set<(args: { type: string }) => void>(),
    partitionKey: opts.partitionKey,
    startupBehavior: opts.file?.startupBehavior ?? ("None" as StartupBehavior),
    excelApi,
  };
  const dialogs = new DialogHost(
    () => (installedOn?.location as { origin?: string } | undefined)?.origin,
    opts.dialogCloseMs
  );
  const OfficeObj = createOfficeGlobal(state, dialogs);
  const storage = new MemoryStorage(opts.localStorage);
  const OfficeRuntimeObj: OfficeRuntimeLike = { storage };

  // --- the host behind Microsoft's client: one request at a time, as Excel handles them ---
  const root = () => obj(Workbook, rt.model);
  const editing = { active: false, waiting: [] as Array<() => void> };
  const respond = (callback: (r: RichApiResult) => void, result: RichApiResult, ms: number) => {
    if (ms <= 0) {
      void Promise.resolve().then(() => callback(result));
      return;
    }
    // Excel handles one request at a time: a request waits for the ones before it.
    const now = Date.now();
    const end = Math.max(now, rt.busyUntil) + ms;
    rt.busyUntil = end;
    setTimeout(() => callback(result), end - now);
  };
  const execute: RichApiExecutor = (message, callback) => {
    const flags = Number(message[MESSAGE_FLAGS]) || 0;
    if (editing.active) {
      // Excel refuses a request while the person edits a cell, unless the run asked to wait (Excel.RunOptions
      // delayForCellEdit): then it runs when they leave the cell.
      if (flags & FLAG_DELAY_FOR_CELL_EDIT) {
        editing.waiting.push(() => execute(message, callback));
        return;
      }
      respond(
        callback,
        {
          status: "failed",
          error: {
            code: HostErrorCodes.invalidApiCallInContext,
            message: "The cell is being edited.",
          },
        },
        0
      );
      return;
    }
    const { answer, record, changed } = processRequest(
      rt,
      root,
      String(message[MESSAGE_BODY]),
      flags,
      headerOf(message, UNDO_GROUP_HEADER)
    );
    const cost = rt.syncCost;
    record.ms =
      cost.perSyncMs +
      (record.cellsCarried * cost.perCellCarriedUs) / 1000 +
      (record.cellsCopied * cost.perCellCopiedUs) / 1000;
    if (changed) emitChange();
    respond(
      callback,
      answer.ok
        ? { status: "succeeded", value: { data: [200, [], answer.body] } }
        : { status: "failed", error: { code: answer.code, message: answer.message } },
      record.ms
    );
  };

  // --- host-side helpers ---
  const model = () => rt.model;
  const sheet = (name: string): SheetModel => model().requireSheet(name);
  const table = (name: string) => {
    const t = model().tableByName(name);
    if (!t) throw new EmulatedOfficeError(ErrorCodes.itemNotFound, `No table named '${name}'.`);
    return t;
  };
  const rectOf = (s: SheetModel, address: string): Rect => model().resolveAddress(address, s).rect;
  const edited = () => emitChange();
  /** The person acts in the grid: the action is one undo record of its own. */
  const personAct = () => rt.undo.open(model(), "person", null).requests++;
  const described = (r: UndoRecord) => ({ by: r.by, requests: r.requests, group: r.group });

  /**
   * Microsoft's 1.1.110 client knows nothing of mergeUndoGroup (onBeforeExcelRun, win.js ≈24363, sets only flags 64
   * and 1024), while the newer client that Excel loads from the CDN, where ExcelApi 1.20 is supported, tells the host
   * which requests one Excel.run sends. Standing in for it (an inference about how: the emulator cannot see the newer
   * client's wire format), the run of a host that reports 1.20 tags each request of a run that asked mergeUndoGroup
   * with a header naming the run; nothing else of the client changes.
   */
  const wrapRun = (target: Record<string, unknown>) => {
    const excel = target.Excel as
      { run?: RunFunction & { [ORIGINAL_RUN]?: RunFunction } } | undefined;
    if (!excel || typeof excel.run !== "function") return;
    const original = excel.run[ORIGINAL_RUN] ?? excel.run;
    const run = function (this: unknown, ...args: unknown[]) {
      const options = args.length >= 2 ? (args[0] as { mergeUndoGroup?: unknown } | null) : null;
      const batch = args[args.length - 1];
      if (
        mergeUndoSupported &&
        options &&
        typeof options === "object" &&
        options.mergeUndoGroup === true &&
        typeof batch === "function"
      ) {
        const group = `run${nextUndoGroup++}`;
        args[args.length - 1] = (context: { requestHeaders: Record<string, string> }) => {
          context.requestHeaders[UNDO_GROUP_HEADER] = group;
          return (batch as (c: unknown) => unknown)(context);
        };
      }
      return original.apply(this, args);
    } as RunFunction & { [ORIGINAL_RUN]?: RunFunction };
    run[ORIGINAL_RUN] = original;
    excel.run = run;
  };

  let saved: Record<string, unknown> | null = null;
  let savedExecutor: RichApiExecutor | undefined;
  let installedOn: Record<string, unknown> | null = null;

  const taskpane = {
    _visible: false,
    get visible() {
      return this._visible;
    },
    set visible(v: boolean) {
      const was = this._visible;
      this._visible = v;
      if (v !== was) {
        for (const l of [...visibilityListeners]) l(v);
        const message = { visibilityMode: v ? ("Taskpane" as const) : ("Hidden" as const) };
        for (const l of [...state.visibilityListeners]) l(message);
      }
      if (v && !was) for (const l of [...showListeners]) l();
    },
    onShow(listener: () => void) {
      showListeners.add(listener);
      return () => void showListeners.delete(listener);
    },
    onVisibilityChange(listener: (v: boolean) => void) {
      visibilityListeners.add(listener);
      return () => void visibilityListeners.delete(listener);
    },
  };

  const host: ExcelHost = {
    get Excel() {
      // the Excel of the global this host answers for; reading it makes this host the one Office.js talks to
      // (installed on globalThis if it was installed nowhere), so a test may drive several hosts in turn
      if (!installedOn) host.install(globalThis);
      else if (!seamProblems(installedOn).length) {
        connectClient(installedOn, execute);
        wrapRun(installedOn);
      }
      return (installedOn as unknown as { Excel: typeof Excel }).Excel;
    },
    get OfficeExtension() {
      return ((installedOn ?? globalThis) as { OfficeExtension: typeof OfficeExtension })
        .OfficeExtension;
    },
    Office: OfficeObj as unknown as typeof Office,
    OfficeRuntime: OfficeRuntimeObj,
    localStorage: storage.backing,
    install(target: object = globalThis) {
      const t = target as Record<string, unknown>;
      // Microsoft's client first (it sets Office, OfficeRuntime, OSF and Sys of its own), the emulator's globals after
      if (target === globalThis) ensureClient(target);
      saved = Object.fromEntries(GLOBAL_NAMES.map((n) => [n, t[n]]));
      // a target without Microsoft's client (a test of the Office globals alone) gets the Office globals only
      savedExecutor = seamProblems(target).length ? undefined : connectClient(target, execute);
      installedOn = t;
      t.Office = OfficeObj;
      t.OfficeRuntime = OfficeRuntimeObj;
      if (savedExecutor !== undefined || !seamProblems(target).length) wrapRun(t);
    },
    uninstall() {
      if (!installedOn || !saved) return;
      for (const n of GLOBAL_NAMES) {
        if (saved[n] === undefined) delete installedOn[n];
        else installedOn[n] = saved[n];
      }
      if (savedExecutor) connectClient(installedOn, savedExecutor);
      const excel = installedOn.Excel as
        { run?: RunFunction & { [ORIGINAL_RUN]?: RunFunction } } | undefined;
      const original = excel?.run?.[ORIGINAL_RUN];
      if (excel && original) excel.run = original;
      installedOn = null;
      saved = null;
    },
    editCell: {
      get active() {
        return editing.active;
      },
      start() {
        editing.active = true;
      },
      end() {
        editing.active = false;
        const waiting = editing.waiting.splice(0);
        for (const run of waiting) run();
      },
      get waiting() {
        return editing.waiting.length;
      },
    },

    protectStructure(password = "") {
      model().structureProtection = { password };
      edited();
    },
    unprotectStructure() {
      model().structureProtection = null;
      edited();
    },
    get calculationHeld() {
      return model().calculationHeld;
    },
    get structureProtected() {
      return model().structureProtection !== null;
    },
    addSheet(name) {
      model().checkStructureUnlocked("adding a worksheet");
      personAct();
      model().addSheet(name);
      edited();
    },
    activate(name) {
      model().activate(sheet(name));
      edited();
    },
    select(name, address) {
      const s = sheet(name);
      model().select(s, model().resolveAreas(address, s));
      edited();
      for (const h of [...state.selectionHandlers]) h({ type: "documentSelectionChanged" });
    },
    setValues(name, address, values) {
      const s = sheet(name);
      const r = rectOf(s, address);
      personAct();
      // NA() and other error formulas typed by a person: store the error value the formula yields
      const mapped = values.map((row) =>
        row.map((v) =>
          typeof v === "string" && /^=NA\(\)$/i.test(v.trim()) ? cellError("#N/A") : v
        )
      );
      model().write(s, r, "values", mapped, true);
      model().autoExpand(s, r);
      if (model().calculationMode !== "Manual") model().calculated(); // Excel calculates after the entry
      edited();
    },
    setValue(name, address, value) {
      const s = sheet(name);
      const r = rectOf(s, address);
      host.setValues(name, formatAddress(s.name, { r0: r.r0, c0: r.c0, r1: r.r0, c1: r.c0 }), [
        [value],
      ]);
    },
    setNumberFormat(name, address, format) {
      const s = sheet(name);
      personAct();
      model().write(s, rectOf(s, address), "numberFormat", format);
      edited();
    },
    setRowsHidden(name, fromRow0, count, hidden) {
      // (not an undo record: tests hide rows one by one by the hundred thousand, and each record would copy the set)
      model().setRowsHidden(sheet(name), fromRow0, count, hidden);
      edited();
    },
    setSheetVisibility(name, visibility) {
      if (sheet(name).visibility !== visibility)
        model().checkStructureUnlocked("hiding or unhiding a worksheet");
      model().setVisibility(sheet(name), visibility);
      edited();
    },
    addTable(name, address, tableName) {
      const s = sheet(name);
      personAct();
      const t = model().addTable(s, rectOf(s, address), true, tableName);
      edited();
      return t.name;
    },
    deleteRows(name, fromRow0, count) {
      personAct();
      model().shift(sheet(name), "rows", fromRow0, -count, 0, 16_383);
      edited();
    },
    setCellFormat(name, address, attrs) {
      const s = sheet(name);
      personAct();
      model().setFormat(s, rectOf(s, address), attrs);
      edited();
    },
    sortTable(name, fields) {
      personAct();
      model().sortTable(table(name), fields);
      edited();
    },
    filterTable(name, columnIndex, criteria) {
      personAct();
      model().setFilter(table(name), columnIndex, criteria);
      edited();
    },
    setShowTotals(name, show) {
      personAct();
      model().setShowTotals(table(name), show);
      edited();
    },

    getValues: (name, address) => model().read(sheet(name), rectOf(sheet(name), address), "values"),
    getFormulas: (name, address) =>
      model().read(sheet(name), rectOf(sheet(name), address), "formulas"),
    getNumberFormats: (name, address) =>
      model().read(sheet(name), rectOf(sheet(name), address), "numberFormat") as string[][],
    getValueTypes: (name, address) =>
      model().read(sheet(name), rectOf(sheet(name), address), "valueTypes") as string[][],
    getText: (name, address) =>
      model().read(sheet(name), rectOf(sheet(name), address), "text") as string[][],
    readWindow(name, rect) {
      const s = sheet(name);
      return {
        values: model().read(s, rect, "values"),
        formats: model().read(s, rect, "numberFormat") as string[][],
        cellFormats: cellFormatsOf(s, rect),
        hiddenRows: Array.from({ length: rect.r1 - rect.r0 + 1 }, (_, i) =>
          s.hidden.has(rect.r0 + i)
        ),
      };
    },
    getCellFormats: (name, address) => cellFormatsOf(sheet(name), rectOf(sheet(name), address)),
    sheetSize(name) {
      const used = sheet(name).usedRect();
      return used ? { rows: used.r1 + 1, columns: used.c1 + 1 } : { rows: 0, columns: 0 };
    },
    sheets: () =>
      model().sheets.map((s, position) => ({ name: s.name, visibility: s.visibility, position })),
    activeSheet: () => model().activeSheet?.name ?? null,
    selection() {
      const s = model().activeSheet;
      if (!s) return null;
      return {
        sheet: s.name,
        address: s.selection.map((r) => formatAddress(s.name, r).split("!").pop()).join(","),
      };
    },
    isRowHidden: (name, row0) => sheet(name).hidden.has(row0),
    hiddenRows: (name) => [...sheet(name).hidden].sort((a, b) => a - b),
    tables: () =>
      model().tables.map((t) => ({
        name: t.name,
        sheet: t.sheet.name,
        address: formatAddress(t.sheet.name, t.rect),
        headers: [...t.names],
        showTotals: t.showTotals,
        filtered: t.filters.size > 0,
      })),
    settings: () => Object.fromEntries([...model().settings.values()].map((s) => [s.key, s.value])),
    snapshot: () => model().snapshot(),
    undo() {
      const record = rt.undo.undo(model());
      if (!record) return null;
      edited();
      return described(record);
    },
    get undoStack() {
      return rt.undo.records.map(described);
    },
    get undoClears() {
      return rt.undo.clears;
    },
    saveAndReopen() {
      rt.model = model().clone();
      // a document opened again has no undo history
      rt.undo.clear();
      // the add-in's objects of the closed workbook are gone with it
      rt.references.clear();
      rt.busyUntil = 0;
      state.docSettingsLive = new Map(state.docSettingsSaved);
      // a document opens with the add-in's task pane closed; with startup behaviour Load, Excel loads the add-in
      taskpane.visible = false;
      edited();
      return { addinLoaded: state.startupBehavior === "Load" };
    },
    get startupBehavior() {
      return state.startupBehavior;
    },
    save: () => saveWorkbook(model(), state.docSettingsSaved, state.startupBehavior),
    get date1904() {
      return model().date1904;
    },

    get syncLog() {
      return rt.syncLog;
    },
    set syncLog(v: SyncRecord[]) {
      rt.syncLog = v;
    },
    resetSyncLog() {
      rt.syncLog = [];
      rt.releaseRequests = 0;
    },
    get releaseRequests() {
      return rt.releaseRequests;
    },
    setSyncCost(cost) {
      rt.syncCost = { ...rt.syncCost, ...cost };
    },
    failCommand(match, o = {}) {
      const fault: CommandFault = {
        match: typeof match === "string" ? (c) => c.location === match : match,
        code: o.code ?? ErrorCodes.generalException,
        message:
          o.message ??
          `Injected failure (host.failCommand): ${typeof match === "string" ? match : "matching command"} failed.`,
        remaining: o.times ?? 1,
        fired: 0,
      };
      rt.commandFaults.push(fault);
      return {
        get fired() {
          return fault.fired;
        },
        remove: () => void (rt.commandFaults = rt.commandFaults.filter((f) => f !== fault)),
      };
    },
    actions: {
      invoke: (id, o) => state.actions.invoke(id, o),
      ids: () => state.actions.ids(),
      get dropped() {
        return state.actions.dropped;
      },
    },
    onChange(listener) {
      changeListeners.add(listener);
      return () => void changeListeners.delete(listener);
    },
    taskpane,
    dialog: {
      get current() {
        return dialogs.current;
      },
      onChange: (l) => dialogs.onChange(l),
      closeByUser: () => dialogs.closeByUser(),
      history: dialogs.history,
      installDialogPage(dialogWindow) {
        dialogWindow.Office = createDialogOffice(dialogs, dialogWindow, OfficeObj);
      },
    },
    theme: {
      get current() {
        return state.theme;
      },
      set(t: ThemeName) {
        // Excel sends a running add-in no theme event: the pane sees the new theme when it next reads
        // Office.context.officeTheme (see README.md).
        state.theme = t;
        for (const l of [...themeListeners]) l(t);
      },
      onChange(listener) {
        themeListeners.add(listener);
        return () => void themeListeners.delete(listener);
      },
    },
  };
  return host;
}

export { parseAddress, formatAddress };
