// Imported first by the workbench entry: creates the emulated Excel host and installs Excel, Office,
// OfficeRuntime and OfficeExtension on window BEFORE any add-in module is evaluated.
import { createExcelHost } from "../excel-emulator";

const params = new URLSearchParams(window.location.search);

// ?dateSystem=1904 opens a workbook in the 1904 date system (old Excel for Mac workbooks); default 1900.
export const host = createExcelHost({
  dateSystem: params.get("dateSystem") === "1904" ? 1904 : 1900,
});
host.install(window);
// The workbench opens with the task pane shown, as Excel does after "Show task pane".
host.taskpane.visible = true;
