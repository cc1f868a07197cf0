// An emulated Excel host installed on globalThis (Excel, Office, OfficeRuntime, OfficeExtension), as the add-in's
// code finds them in a real task pane. A fresh host per test: nothing leaks from one workbook to the next.
import { createExcelHost, type ExcelHost } from "../../dev/excel-emulator";

export type { ExcelHost };

let installed: ExcelHost | null = null;

/** Creates a host and installs it, uninstalling the one an earlier call installed. */
export function installExcelHost(opts: Parameters<typeof createExcelHost>[0] = {}): ExcelHost {
  installed?.uninstall();
  const host = createExcelHost(opts);
  host.install(globalThis);
  installed = host;
  return host;
}
