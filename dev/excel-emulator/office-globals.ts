// The Office.js globals the add-in touches besides Excel: Office.onReady, Office.actions.associate,
// Office.addin (task pane show/hide), requirement sets, the Office theme, document settings, and
// OfficeRuntime.storage (per add-in, in memory, not saved with the workbook).

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
  addincommands: "1.1",
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
}

export class ActionRegistry {
  private readonly handlers = new Map<string, (event: ActionEvent) => unknown>();

  associate(id: string, fn: (event: ActionEvent) => unknown): void {
    this.handlers.set(id, fn);
  }

  ids(): string[] {
    return [...this.handlers.keys()];
  }

  /**
   * Runs a ribbon action as Excel does. Resolves when the handler calls event.completed(); when its
   * returned promise settles without that; or after timeoutMs (Excel ends a function command that
   * never completes), with completed: false.
   */
  invoke(id: string, { timeoutMs = 300_000 }: { timeoutMs?: number } = {}): Promise<InvokeResult> {
    const fn = this.handlers.get(id);
    if (!fn)
      return Promise.reject(
        new Error(
          `No function is associated with the action id '${id}' (Office.actions.associate was not called for it). Associated: ${this.ids().join(", ") || "none"}.`
        )
      );
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

export class MemoryStorage {
  private readonly data = new Map<string, string>();
  async getItem(key: string): Promise<string | null> {
    return this.data.has(key) ? this.data.get(key)! : null;
  }
  async setItem(key: string, value: string): Promise<void> {
    this.data.set(key, String(value));
  }
  async removeItem(key: string): Promise<void> {
    this.data.delete(key);
  }
  async getItems(keys: string[]): Promise<Record<string, string | null>> {
    return Object.fromEntries(keys.map((k) => [k, this.data.get(k) ?? null]));
  }
  async setItems(items: Record<string, string>): Promise<void> {
    for (const [k, v] of Object.entries(items)) this.data.set(k, String(v));
  }
  async removeItems(keys: string[]): Promise<void> {
    for (const k of keys) this.data.delete(k);
  }
  async getKeys(): Promise<string[]> {
    return [...this.data.keys()];
  }
}

export interface OfficeGlobalsState {
  actions: ActionRegistry;
  taskpaneVisible: boolean;
  setTaskpaneVisible(v: boolean): void;
  theme: ThemeName;
  /** Office.context.document.settings: saved with the document only after saveAsync */
  docSettingsLive: Map<string, unknown>;
  docSettingsSaved: Map<string, unknown>;
}

/** What Office passes to an OfficeThemeChanged handler (Office.OfficeThemeChangedEventArgs). */
export interface OfficeThemeChangedEventArgs {
  type: "officeThemeChanged";
  officeTheme: (typeof THEMES)[ThemeName];
}

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

export function createOfficeGlobal(state: OfficeGlobalsState) {
  const officeTheme = { ...THEMES[state.theme] };
  const asyncResult = (value?: unknown) => ({ status: "succeeded", value, error: null });
  const asyncFailure = (message: string) => ({
    status: "failed",
    value: undefined,
    error: { code: 5001, name: "Internal Error", message },
  });
  // Document-level event handlers; only the theme event is modelled (the add-in subscribes to nothing else).
  const themeHandlers = new Set<(args: OfficeThemeChangedEventArgs) => void>();
  const THEME_EVENT = "officeThemeChanged";
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
    EventType: {
      DocumentSelectionChanged: "documentSelectionChanged",
      VisibilityModeChanged: "visibilityModeChanged",
      OfficeThemeChanged: THEME_EVENT,
    },
    onReady(callback?: (info: { host: string; platform: string }) => void) {
      const info = { host: "Excel", platform: "OfficeOnline" };
      return Promise.resolve().then(() => {
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
      showAsTaskpane: async () => state.setTaskpaneVisible(true),
      hide: async () => state.setTaskpaneVisible(false),
      onVisibilityModeChanged: async () => () => Promise.resolve(),
      setStartupBehavior: async () => undefined,
      getStartupBehavior: async () => "None",
    },
    context: {
      host: "Excel",
      platform: "OfficeOnline",
      displayLanguage: "en-US",
      contentLanguage: "en-US",
      diagnostics: { host: "Excel", platform: "OfficeOnline", version: "16.0.0.0" },
      officeTheme,
      requirements: {
        isSetSupported(name: string, minVersion?: string | number): boolean {
          const have = REQUIREMENT_SETS[String(name).toLowerCase()];
          if (!have) return false;
          return minVersion === undefined ? true : versionAtLeast(have, String(minVersion));
        },
      },
      document: {
        // Office.context.document.addHandlerAsync(Office.EventType.OfficeThemeChanged, handler[, options][, callback]).
        // Other event types fail in the callback (as a host that does not support them does), never silently.
        addHandlerAsync: (
          eventType: string,
          handler: (args: OfficeThemeChangedEventArgs) => void,
          ...rest: unknown[]
        ) => {
          const cb = callbackOf(rest);
          const result =
            eventType !== THEME_EVENT
              ? asyncFailure(
                  `The Excel emulator does not raise '${eventType}' events; only '${THEME_EVENT}' is modelled.`
                )
              : typeof handler !== "function"
                ? asyncFailure("addHandlerAsync needs a handler function.")
                : (themeHandlers.add(handler), asyncResult());
          setTimeout(() => cb?.(result), 0);
        },
        removeHandlerAsync: (eventType: string, ...rest: unknown[]) => {
          // removeHandlerAsync(type[, { handler }][, callback]): without a handler, every handler of the type goes
          const options = rest.find((a) => a && typeof a === "object") as
            { handler?: (args: OfficeThemeChangedEventArgs) => void } | undefined;
          if (eventType === THEME_EVENT) {
            if (options?.handler) themeHandlers.delete(options.handler);
            else themeHandlers.clear();
          }
          const cb = callbackOf(rest);
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
    /** the host changes its theme: Office.context.officeTheme follows and OfficeThemeChanged handlers run */
    _setTheme(name: ThemeName) {
      Object.assign(officeTheme, THEMES[name]);
      const args: OfficeThemeChangedEventArgs = {
        type: THEME_EVENT,
        officeTheme: { ...officeTheme },
      };
      for (const h of [...themeHandlers]) h(args);
    },
  };
  return Office;
}
