// Imported first by the workbench entry: creates the emulated Excel host and installs Excel, Office,
// OfficeRuntime and OfficeExtension on window BEFORE any add-in module is evaluated.
import { createExcelHost } from "../excel-emulator";

export const host = createExcelHost();
host.install(window);
// The workbench opens with the task pane shown, as Excel does after "Show task pane".
host.taskpane.visible = true;
