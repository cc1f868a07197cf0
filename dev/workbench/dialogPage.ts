// First module of workbench-dialog.html (the add-in's dialog.html inside the workbench's dialog frame): the
// emulated Office of a dialog page, taken from the workbench host that opened it, before the page's code runs.
import type { ExcelHost } from "../excel-emulator";

const opener = window.parent as Window & { workbench?: { host: ExcelHost } };
opener.workbench?.host.dialog.installDialogPage(window);
