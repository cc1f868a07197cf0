// What the workbench's frame reads from and does to the emulated host, in one place: sheets, the
// active sheet and selection, a window of cells, edits, the ribbon actions and the task pane's
// visibility. Change notifications are batched to one per animation frame, so a pull writing page
// after page re-renders the grid at most 60 times a second.
import type { ExcelHost, OpenDialog } from "../excel-emulator";
import { parseAddress, type Rect } from "../excel-emulator/address";
import { formatValue, isDateFormat } from "../excel-emulator/number-format";
import type { RibbonAction } from "./Ribbon";

type Host = ExcelHost;

export interface WorkbookView {
  subscribe: (listener: () => void) => () => void;
  version: () => number;
  sheets: () => { name: string; visible: boolean }[];
  activeSheet: () => string | null;
  /** the workbook's date system (?dateSystem=1904) */
  dateSystem: () => 1900 | 1904;
  activate: (sheet: string) => void;
  selection: () => { sheet: string; rect: Rect } | null;
  select: (sheet: string, address: string) => void;
  sheetSize: (sheet: string) => { rows: number; columns: number };
  /** the tables on a sheet, as rectangles (header row first) */
  tables: (sheet: string) => Rect[];
  readWindow: (sheet: string, rect: Rect) => ReturnType<Host["readWindow"]>;
  /** the sheet's hidden rows (by the planner or by a table's filter), as Excel hides them */
  hiddenRows: (sheet: string) => ReadonlySet<number>;
  formulaOrValue: (sheet: string, address: string) => string;
  setValue: (sheet: string, address: string, value: string | number | boolean) => void;
  /** Ctrl+Z: Excel undoes its last undo record (host.undo()) */
  undo: () => void;
  invoke: (actionId: RibbonAction) => Promise<unknown>;
  subscribePane: (listener: () => void) => () => void;
  paneVisible: () => boolean;
  setPaneVisible: (visible: boolean) => void;
  /** the host's Office theme (what the add-in's pane follows) */
  subscribeTheme: (listener: () => void) => () => void;
  theme: () => "light" | "dark";
  setTheme: (theme: "light" | "dark") => void;
  /** the add-in's Office dialog, when one is open */
  subscribeDialog: (listener: () => void) => () => void;
  dialog: () => OpenDialog | null;
  /** the person closes the dialog with its ✕ */
  closeDialog: () => void;
  /** Excel saves, closes and opens the workbook again (the page reloads with it) */
  reopen: () => Promise<void>;
}

export interface ViewActions {
  /** starts the add-in's runtime if it has not started (the planner opens the add-in); idempotent */
  startAddin: () => void;
  reopen: () => Promise<void>;
}

export function displayValue(
  value: unknown,
  format: string | undefined
): { text: string; numeric: boolean } {
  if (value === null || value === undefined || value === "") return { text: "", numeric: false };
  if (typeof value === "number") return { text: formatValue(value, format, false), numeric: true };
  if (typeof value === "boolean") return { text: value ? "TRUE" : "FALSE", numeric: false };
  return { text: String(value), numeric: false };
}

export function createWorkbookView(
  host: Host,
  actions: ViewActions = { startAddin: () => undefined, reopen: async () => undefined }
): WorkbookView {
  let version = 0;
  const listeners = new Set<() => void>();
  let scheduled = false;
  host.onChange(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      version++;
      for (const l of listeners) l();
    });
  });

  const paneListeners = new Set<() => void>();
  host.taskpane.onVisibilityChange(() => {
    for (const l of paneListeners) l();
  });

  return {
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    version: () => version,
    sheets: () => host.sheets().map((s) => ({ name: s.name, visible: s.visibility === "Visible" })),
    activeSheet: () => host.activeSheet(),
    dateSystem: () => (host.date1904 ? 1904 : 1900),
    activate: (sheet) => host.activate(sheet),
    selection: () => {
      const sel = host.selection();
      if (!sel) return null;
      const parsed = parseAddress(sel.address);
      return { sheet: sel.sheet, rect: parsed };
    },
    select: (sheet, address) => host.select(sheet, address),
    sheetSize: (sheet) => host.sheetSize(sheet),
    tables: (sheet) =>
      host
        .tables()
        .filter((t) => t.sheet === sheet)
        .map((t) => parseAddress(t.address)),
    readWindow: (sheet, rect) => host.readWindow(sheet, rect),
    hiddenRows: (sheet) => new Set(host.hiddenRows(sheet)),
    formulaOrValue: (sheet, address) => {
      // what Excel's formula bar shows: the formula, else dates as text, else the value
      const [[formula]] = host.getFormulas(sheet, address);
      if (formula === null || formula === undefined) return "";
      if (typeof formula === "number") {
        const [[format]] = host.getNumberFormats(sheet, address);
        if (isDateFormat(format)) return host.getText(sheet, address)[0][0];
      }
      return String(formula);
    },
    setValue: (sheet, address, value) => host.setValue(sheet, address, value),
    undo: () => void host.undo(),
    // a ribbon click on an add-in that has not loaded yet loads it first (its commands are associated at its start)
    invoke: (id) => {
      actions.startAddin();
      return host.actions.invoke(id);
    },
    subscribePane: (l) => {
      paneListeners.add(l);
      return () => paneListeners.delete(l);
    },
    paneVisible: () => host.taskpane.visible,
    setPaneVisible: (visible) => {
      if (visible) actions.startAddin(); // opening the add-in's pane loads it
      host.taskpane.visible = visible; // notifies through onVisibilityChange
    },
    subscribeTheme: (l) => host.theme.onChange(l),
    theme: () => host.theme.current,
    setTheme: (theme) => host.theme.set(theme), // no event: the pane reads the theme when next shown
    subscribeDialog: (l) => host.dialog.onChange(l),
    dialog: () => host.dialog.current,
    closeDialog: () => host.dialog.closeByUser(),
    reopen: actions.reopen,
  };
}
