// The Office.js globals the add-in touches besides Excel: Office.onReady, Office.actions.associate,
// Office.addin (task pane show/hide, visibility events), requirement sets, the Office theme, document
// events and settings, and OfficeRuntime.storage (per add-in, in memory, not saved with the workbook).
// Each behaviour names its source in README.md.
import type { DialogHost } from "./dialog";
import { EmulatedOfficeError, ErrorCodes } from "./errors";

/** Office.StartupBehavior's values (excel-web-16.00.debug.js:25640-25644). */
export type StartupBehavior = "None" | "Load";

export type ThemeName = "light" | "dark";

export const THEMES: Record<
  ThemeName,
  {
    bodyBackgroundColor: string;
    bodyForegroundColor: string;
    controlBackgroundColor: string;
    controlForegroundColor: string;
    themeId?: string;
  }
> = {
  light: {
    bodyBackgroundColor: "#FFFFFF",
    bodyForegroundColor: "#242424",
    controlBackgroundColor: "#FFFFFF",
    controlForegroundColor: "#242424",
  },
  dark: {
    bodyBackgroundColor: "#292929",
    bodyForegroundColor: "#FFFFFF",
    controlBackgroundColor: "#1F1F1F",
    controlForegroundColor: "#FFFFFF",
  },
};

/** Requirement sets reported as supported, with the highest version. */
export const REQUIREMENT_SETS: Record<string, string> = {
  excelapi: "1.17",
  sharedruntime: "1.1",
  ribbonapi: "1.1",
  dialogapi: "1.2",
  dialogorigin: "1.1",
  addincommands: "1.1",
  // Office.js honours Excel.run({ delayForCellEdit }) only where this set is reported (onBeforeExcelRun,
  // excel-win32-16.01.debug.js ≈24365); Excel has it since the option shipped (ExcelApi 1.11, RunOptions)
  delayforcelledit: "1.1",
};

function versionAtLeast(have: string, want: string): boolean {
  const a = have.split(".").map(Number);
  const b = want.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

export interface ActionEvent {
  source: { id: string };
  completed(options?: { allowEvent?: boolean }): void;
}

export interface InvokeResult {
  /** the handler called event.completed() */
  completed: boolean;
  /** what the handler threw or rejected with, if anything */
  error?: unknown;
  /** the click arrived before Office.actions.associate registered the command, and Excel dropped it */
  dropped?: true;
}

/**
 * Ribbon commands as Excel runs them (ExecuteFunction in a shared runtime):
 * - a click is delivered once Office.js has initialised in the runtime (`markReady`); a click that finds no
 *   function associated with its id is dropped, silently (the first-click bug: office-js#5176, reproduced by
 *   Microsoft; #3378; #2744);
 * - clicks on one command queue: the next runs only once the previous called event.completed() (or ended).
 */
export class ActionRegistry {
  private readonly handlers = new Map<string, (event: ActionEvent) => unknown>();
  private readonly tails = new Map<string, Promise<unknown>>();
  private ready = false;
  private readonly waiting: Array<() => void> = [];
  /** ids of the clicks Excel dropped, in order */
  readonly dropped: string[] = [];

  associate(id: string, fn: (event: ActionEvent) => unknown): void {
    this.handlers.set(id, fn);
  }

  ids(): string[] {
    return [...this.handlers.keys()];
  }

  /** Office.js has initialised: clicks held until now are delivered, in order. */
  markReady(): void {
    if (this.ready) return;
    this.ready = true;
    for (const deliver of this.waiting.splice(0)) deliver();
  }

  get isReady(): boolean {
    return this.ready;
  }

  /**
   * A click on the ribbon button of `id`. Resolves when the handler calls event.completed(); when its returned
   * promise settles without that; or after timeoutMs (Excel ends a function command that never completes),
   * with completed: false. A click that finds no associated function resolves { completed: false, dropped: true }.
   */
  invoke(id: string, { timeoutMs = 300_000 }: { timeoutMs?: number } = {}): Promise<InvokeResult> {
    return new Promise<InvokeResult>((resolve) => {
      const deliver = () => {
        const fn = this.handlers.get(id);
        if (!fn) {
          this.dropped.push(id);
          resolve({ completed: false, dropped: true });
          return;
        }
        const previous = this.tails.get(id) ?? Promise.resolve();
        const run = previous.then(() => this.run(id, fn, timeoutMs));
        this.tails.set(id, run);
        void run.then(resolve);
      };
      if (this.ready) deliver();
      else this.waiting.push(deliver);
    });
  }

  private run(
    id: string,
    fn: (event: ActionEvent) => unknown,
    timeoutMs: number
  ): Promise<InvokeResult> {
    return new Promise<InvokeResult>((resolve) => {
      let done = false;
      let completed = false;
      const finish = (error?: unknown) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(error === undefined ? { completed } : { completed, error });
      };
      const event: ActionEvent = {
        source: { id },
        completed: () => {
          completed = true;
          finish();
        },
      };
      const timer = setTimeout(() => finish(), timeoutMs);
      try {
        const ret = fn(event);
        if (ret && typeof (ret as Promise<unknown>).then === "function")
          (ret as Promise<unknown>).then(
            () => setTimeout(() => finish(), 0),
            (e) => finish(e ?? new Error("rejected"))
          );
      } catch (e) {
        finish(e);
      }
    });
  }
}

/** The part of Web Storage (window.localStorage) that OfficeRuntime.storage uses. */
export interface WebStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
}

/** An in-memory localStorage for hosts without one (Node): one per origin, shared by the add-in's pages. */
export class MemoryWebStorage implements WebStorageLike {
  private readonly data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.has(key) ? this.data.get(key)! : null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, String(value));
  }
  removeItem(key: string): void {
    this.data.delete(key);
  }
  get length(): number {
    return this.data.size;
  }
  key(index: number): string | null {
    return [...this.data.keys()][index] ?? null;
  }
}

/**
 * OfficeRuntime.storage as production Office.js implements it in a browser runtime: window.localStorage with every
 * key prefixed "_OfficeRuntime_Storage_" (excel-web-16.00.debug.js:63298-63345), so it is partitioned exactly as
 * the page's localStorage is (Office.context.partitionKey is the add-in's business, not this storage's).
 */
export class MemoryStorage {
  static readonly PREFIX = "_OfficeRuntime_Storage_";
  constructor(readonly backing: WebStorageLike = new MemoryWebStorage()) {}
  async getItem(key: string): Promise<string | null> {
    return this.backing.getItem(MemoryStorage.PREFIX + key);
  }
  async setItem(key: string, value: string): Promise<void> {
    this.backing.setItem(MemoryStorage.PREFIX + key, String(value));
  }
  async removeItem(key: string): Promise<void> {
    this.backing.removeItem(MemoryStorage.PREFIX + key);
  }
  async getItems(keys: string[]): Promise<Record<string, string | null>> {
    return Object.fromEntries(keys.map((k) => [k, this.backing.getItem(MemoryStorage.PREFIX + k)]));
  }
  async setItems(items: Record<string, string>): Promise<void> {
    for (const [k, v] of Object.entries(items))
      this.backing.setItem(MemoryStorage.PREFIX + k, String(v));
  }
  async removeItems(keys: string[]): Promise<void> {
    for (const k of keys) this.backing.removeItem(MemoryStorage.PREFIX + k);
  }
  async getKeys(): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < this.backing.length; i++) {
      const k = this.backing.key(i);
      if (k?.startsWith(MemoryStorage.PREFIX)) out.push(k.slice(MemoryStorage.PREFIX.length));
    }
    return out;
  }
}

export interface OfficeGlobalsState {
  actions: ActionRegistry;
  /** resolves when Office.js has initialised in the runtime (after the ribbon's held clicks were delivered) */
  initialised: Promise<void>;
  taskpaneVisible: boolean;
  setTaskpaneVisible(v: boolean): void;
  /** "ignored": Office.addin.showAsTaskpane() resolves and opens nothing (a Marketplace install since 2026-02-23) */
  showAsTaskpane: "honoured" | "ignored";
  /** listeners of Office.addin.onVisibilityModeChanged; the host calls them when the pane opens or closes */
  visibilityListeners: Set<(message: { visibilityMode: "Taskpane" | "Hidden" }) => void>;
  theme: ThemeName;
  /** Office.context.document.settings: saved with the document only after saveAsync */
  docSettingsLive: Map<string, unknown>;
  docSettingsSaved: Map<string, unknown>;
  /** DocumentSelectionChanged handlers (the one document event Excel's Office.js supports) */
  selectionHandlers: Set<(args: { type: string }) => void>;
  /** Office.context.partitionKey: undefined where the browser does not partition storage (Windows desktop) */
  partitionKey?: string;
  /**
   * The add-in's startup behaviour stored with the open document (Office.addin.setStartupBehavior): "Load" makes
   * Excel load the add-in's runtime, without showing its task pane, the next time the document opens.
   */
  startupBehavior: StartupBehavior;
  /** the ExcelApi version isSetSupported reports (EmulatorOptions.excelApi; REQUIREMENT_SETS.excelapi by default) */
  excelApi: string;
}

/**
 * Office.EventType as Excel's production Office.js defines it: the values its augmentList calls add
 * (excel-web-16.00.debug.js, `OSF.OUtil.augmentList(Microsoft.Office.WebExtension.EventType, …)`). There is
 * no theme event: Outlook's build adds it (outlook-web-16.01.debug.js:9243, Mailbox 1.14), Excel's does not,
 * so in Excel `Office.EventType` has no member for it.
 */
export const EXCEL_EVENT_TYPES = {
  SettingsChanged: "settingsChanged",
  DocumentSelectionChanged: "documentSelectionChanged",
  BindingSelectionChanged: "bindingSelectionChanged",
  BindingDataChanged: "bindingDataChanged",
  ObjectDeleted: "objectDeleted",
  ObjectSelectionChanged: "objectSelectionChanged",
  ObjectDataChanged: "objectDataChanged",
  ContentControlAdded: "contentControlAdded",
  RichApiMessage: "richApiMessage",
  AppCommandInvoked: "appCommandInvoked",
  DialogMessageReceived: "dialogMessageReceived",
  DialogEventReceived: "dialogEventReceived",
  DialogParentMessageReceived: "dialogParentMessageReceived",
  DialogParentEventReceived: "dialogParentEventReceived",
} as const;

/** Office.js's own error for an event type outside Office.EventType (OSF.DDA.ErrorCodeManager, code 5007). */
export const UNSUPPORTED_ENUMERATION = {
  code: 5007,
  name: "Unsupported Enumeration",
  message: "The enumeration isn't supported in the current host application.",
};

type AsyncCallback = (result: {
  status: string;
  value?: unknown;
  error: { code: number; name: string; message: string } | null;
}) => void;

/** addHandlerAsync(type, handler[, options][, callback]): the callback is the last function argument. */
function callbackOf(args: unknown[]): AsyncCallback | undefined {
  const last = args[args.length - 1];
  return typeof last === "function" ? (last as AsyncCallback) : undefined;
}

export function createOfficeGlobal(state: OfficeGlobalsState, dialogs: DialogHost) {
  const asyncResult = (value?: unknown) => ({ status: "succeeded", value, error: null });
  const eventTypeValues = new Set<string>(Object.values(EXCEL_EVENT_TYPES));
  // Office.js's argument check (OSF.DDA.ApiMethodCall.verifyArguments, excel-web-16.00.debug.js:2810-2856): an
  // event type outside Office.EventType (or undefined) fails in the callback with 5007, synchronously; a type in
  // the enum that the document does not raise, or a handler that is not a function, makes addHandlerAsync throw
  // the string "Function addHandlerAsync has invalid parameters." (thrown as a string, as Office.js does).
  const checkEventType = (method: string, eventType: unknown, cb: AsyncCallback | undefined) => {
    if (typeof eventType !== "string" || !eventTypeValues.has(eventType)) {
      cb?.({ status: "failed", value: undefined, error: { ...UNSUPPORTED_ENUMERATION } });
      return false;
    }
    if (eventType !== EXCEL_EVENT_TYPES.DocumentSelectionChanged)
      throw `Function ${method} has invalid parameters.`;
    return true;
  };
  const Office = {
    HostType: {
      Excel: "Excel",
      Word: "Word",
      PowerPoint: "PowerPoint",
      Outlook: "Outlook",
      OneNote: "OneNote",
      Project: "Project",
      Access: "Access",
    },
    PlatformType: {
      PC: "PC",
      OfficeOnline: "OfficeOnline",
      Mac: "Mac",
      iOS: "iOS",
      Android: "Android",
      Universal: "Universal",
    },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    EventType: { ...EXCEL_EVENT_TYPES },
    VisibilityMode: { hidden: "Hidden", taskpane: "Taskpane" },
    StartupBehavior: { none: "None", load: "Load" },
    // Office.js initialises asynchronously after its script loads; onReady resolves once it has, and the
    // ribbon clicks Excel was holding are delivered at that moment, before onReady's callbacks run.
    onReady(callback?: (info: { host: string; platform: string }) => void) {
      const info = { host: "Excel", platform: "OfficeOnline" };
      return state.initialised.then(() => {
        callback?.(info);
        return info;
      });
    },
    initialize: undefined as unknown,
    actions: {
      associate: (id: string, fn: (event: ActionEvent) => unknown) =>
        state.actions.associate(id, fn),
    },
    addin: {
      showAsTaskpane: async () => {
        if (state.showAsTaskpane === "honoured") state.setTaskpaneVisible(true);
      },
      hide: async () => state.setTaskpaneVisible(false),
      // Office.addin.onVisibilityModeChanged(listener) → Promise of a remover (SharedRuntime 1.1; production
      // Office.js excel-web-16.00.debug.js:25754-25790: { visibilityMode: "Taskpane" | "Hidden" } per change).
      onVisibilityModeChanged: async (
        listener: (message: { visibilityMode: "Taskpane" | "Hidden" }) => void
      ) => {
        state.visibilityListeners.add(listener);
        return async () => void state.visibilityListeners.delete(listener);
      },
      // The startup behaviour of the document (SharedRuntime 1.1): anything but "Load"/"None" throws InvalidArgument
      // before any request; "Load" is stored as the background start state, "None" as inactive, and
      // getStartupBehavior reads it back (excel-web-16.00.debug.js:25655-25696; learn.microsoft.com "Run code in
      // your Office Add-in when the document opens": document scope, it takes effect the next time the document opens).
      setStartupBehavior: async (behavior: unknown) => {
        // (Office.js: createRuntimeError(invalidArgument, null, null): a code, no message)
        if (behavior !== "Load" && behavior !== "None")
          throw new EmulatedOfficeError(ErrorCodes.invalidArgument, "");
        state.startupBehavior = behavior;
      },
      getStartupBehavior: async () => state.startupBehavior,
    },
    context: {
      host: "Excel",
      platform: "OfficeOnline",
      displayLanguage: "en-US",
      contentLanguage: "en-US",
      diagnostics: { host: "Excel", platform: "OfficeOnline", version: "16.0.0.0" },
      // Windows desktop's Office.js asks the host each time it is read (OfficeThemeManager.getOfficeTheme,
      // excel-win32-16.01.debug.js:4847-4877); the emulator does too (without its 5-second cache).
      get officeTheme() {
        return { ...THEMES[state.theme] };
      },
      // "Gets a partition key for local storage … undefined in environments without partitioning, such as the
      // browser controls for Windows applications" (@types/office-js, Office.Context.partitionKey; learn.microsoft.com
      // "Persist add-in state and settings", Storage partitioning).
      get partitionKey() {
        return state.partitionKey;
      },
      ui: { displayDialogAsync: dialogs.displayDialogAsync },
      requirements: {
        isSetSupported(name: string, minVersion?: string | number): boolean {
          const key = String(name).toLowerCase();
          const have = key === "excelapi" ? state.excelApi : REQUIREMENT_SETS[key];
          if (!have) return false;
          return minVersion === undefined ? true : versionAtLeast(have, String(minVersion));
        },
      },
      document: {
        // addHandlerAsync(type, handler[, options][, callback]). Excel's document supports one event,
        // DocumentSelectionChanged (OSF.DDA.JsomDocument, excel-web-16.00.debug.js:2788).
        addHandlerAsync: (eventType: unknown, handler: unknown, ...rest: unknown[]) => {
          const cb = callbackOf(rest);
          if (!checkEventType("addHandlerAsync", eventType, cb)) return;
          if (typeof handler !== "function")
            throw "Function addHandlerAsync has invalid parameters.";
          state.selectionHandlers.add(handler as (args: { type: string }) => void);
          setTimeout(() => cb?.(asyncResult()), 0);
        },
        removeHandlerAsync: (eventType: unknown, ...rest: unknown[]) => {
          // removeHandlerAsync(type[, { handler }][, callback]): without a handler, every handler of the type goes
          const cb = callbackOf(rest);
          if (!checkEventType("removeHandlerAsync", eventType, cb)) return;
          const options = rest.find((a) => a && typeof a === "object") as
            { handler?: (args: { type: string }) => void } | undefined;
          if (options?.handler) state.selectionHandlers.delete(options.handler);
          else state.selectionHandlers.clear();
          setTimeout(() => cb?.(asyncResult()), 0);
        },
        settings: {
          get: (name: string) =>
            state.docSettingsLive.has(name) ? state.docSettingsLive.get(name) : null,
          set: (name: string, value: unknown) =>
            void state.docSettingsLive.set(name, JSON.parse(JSON.stringify(value ?? null))),
          remove: (name: string) => void state.docSettingsLive.delete(name),
          saveAsync: (cb?: (r: unknown) => void) => {
            state.docSettingsSaved.clear();
            for (const [k, v] of state.docSettingsLive) state.docSettingsSaved.set(k, v);
            setTimeout(() => cb?.(asyncResult()), 0);
          },
          refreshAsync: (cb?: (r: unknown) => void) => setTimeout(() => cb?.(asyncResult()), 0),
          addHandlerAsync: (_t: string, _h: unknown, cb?: (r: unknown) => void) =>
            setTimeout(() => cb?.(asyncResult()), 0),
        },
      },
    },
  };
  return Office;
}
