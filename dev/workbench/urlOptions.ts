// The cases the workbench opens from its URL (checks depend on these names):
//   ?dateSystem=1904         a workbook in the 1904 date system (old Excel for Mac workbooks); default 1900
//   ?showAsTaskpane=ignored  a host that ignores Office.addin.showAsTaskpane(), like a Marketplace install
//   ?paneOpen=0              the task pane starts closed (the ribbon is the first thing the planner uses)
//   ?theme=dark              Office's theme is dark when the add-in starts
//   ?click=refreshSheet      a ribbon click made while the add-in is still loading (first-click test)
//   ?reopen=1                the workbook kept by Reopen workbook (savedWorkbook.ts), opened again
//   ?excelApi=1.17           a host without ExcelApi 1.20 (no mergeUndoGroup: Ctrl+Z undoes one request at a time);
//                            default 1.20, as current Microsoft 365 builds
//   ?undoPlatform=web        Excel on the web's undo rules (renaming or hiding a sheet keeps the undo stack); default
//                            Windows and Mac's
import type { EmulatorOptions, ThemeName } from "../excel-emulator";

export interface WorkbenchOptions {
  host: EmulatorOptions;
  paneOpen: boolean;
  theme: ThemeName;
  earlyClicks: string[];
  /** open the workbook Reopen workbook kept across the page's reload */
  reopen: boolean;
}

export function workbenchOptions(search: string): WorkbenchOptions {
  const q = new URLSearchParams(search);
  return {
    host: {
      dateSystem: q.get("dateSystem") === "1904" ? 1904 : 1900,
      showAsTaskpane: q.get("showAsTaskpane") === "ignored" ? "ignored" : "honoured",
      excelApi: q.get("excelApi") === "1.17" ? "1.17" : "1.20",
      undoPlatform: q.get("undoPlatform") === "web" ? "web" : "windows-mac",
    },
    paneOpen: q.get("paneOpen") !== "0",
    theme: q.get("theme") === "dark" ? "dark" : "light",
    earlyClicks: q.getAll("click").filter((id) => id !== ""),
    reopen: q.get("reopen") === "1",
  };
}
