// Imported first by the workbench entry: creates the emulated Excel host and installs Excel, Office,
// OfficeRuntime and OfficeExtension on window BEFORE any add-in module is evaluated — the place of
// office.js in taskpane.html. The URL chooses the case the host opens in (see urlOptions.ts).
import { createExcelHost } from "../excel-emulator";
import { workbenchOptions } from "./urlOptions";

export const options = workbenchOptions(window.location.search);
export const host = createExcelHost(options.host);
host.install(window);
host.theme.set(options.theme);
// The workbench opens with the task pane shown, as Excel does after "Show task pane" (?paneOpen=0: closed).
host.taskpane.visible = options.paneOpen;
// ?click=id: a ribbon click made while the add-in is still loading. Excel holds it until Office.js is ready
// and then drops it unless the command has been associated by then.
for (const id of options.earlyClicks) void host.actions.invoke(id);
