// Imported first by the workbench entry: creates the emulated Excel host and installs Excel, Office,
// OfficeRuntime and OfficeExtension on window before the add-in starts — the place of office.js in taskpane.html.
// The URL chooses the case the host opens in (see urlOptions.ts). After Reopen workbook (?reopen=1) the page opens
// the workbook it kept across its reload (savedWorkbook.ts), which takes a moment: the host comes a little later.
import { createExcelHost, MemoryWebStorage, type ExcelHost } from "../excel-emulator";
import { keptForReopen, type KeptAcrossReopen } from "./savedWorkbook";
import { workbenchOptions } from "./urlOptions";

export const options = workbenchOptions(window.location.search);

export interface OpenedHost {
  host: ExcelHost;
  /**
   * Excel loads the add-in as the workbook opens: always for a new workbench page (the add-in is open, as after
   * Show task pane); after Reopen workbook only when the document's startup behaviour is Load (then without its pane)
   */
  addinLoadsAtOpen: boolean;
}

function open(kept: KeptAcrossReopen | null): OpenedHost {
  const storage = new MemoryWebStorage();
  for (const [key, value] of kept?.storage ?? []) storage.setItem(key, value);
  const host = createExcelHost({ ...options.host, file: kept?.file, localStorage: storage });
  host.install(window);
  host.theme.set(kept?.theme ?? options.theme);
  // A new page opens with the task pane shown, as Excel does after "Show task pane" (?paneOpen=0: closed); a
  // reopened document opens with it closed.
  host.taskpane.visible = kept ? false : options.paneOpen;
  // ?click=id: a ribbon click made while the add-in is still loading. Excel holds it until Office.js is ready
  // and then drops it unless the command has been associated by then.
  for (const id of options.earlyClicks) void host.actions.invoke(id);
  return { host, addinLoadsAtOpen: kept ? kept.file.startupBehavior === "Load" : true };
}

/** The host now, or — after Reopen workbook — once the kept workbook has been read. */
export const opened: OpenedHost | Promise<OpenedHost> = options.reopen
  ? keptForReopen().then(open)
  : open(null);
