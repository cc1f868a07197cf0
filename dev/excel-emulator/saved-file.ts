// A workbook as a saved file: what a save keeps — the workbook's content (the model as saveAndReopen clones it),
// the document's Office settings as last saved, the add-in's startup behaviour — as plain data that survives a
// structured clone (IndexedDB, postMessage), so a page can keep it across its own reload and open it again with
// createExcelHost({ file }): the workbench's "Reopen workbook", where a reopened document starts a new add-in runtime.
import { CellError, cellError } from "./formula";
import type { StartupBehavior } from "./office-globals";
import { RowStore } from "./row-store";
import { SheetModel, TableModel, WorkbookModel, type Cell } from "./workbook-model";

export interface SavedWorkbook {
  readonly format: "claret-excel-emulator/1";
  /** a clone of the model, as saveAndReopen makes it (custom property values cut to 255 characters, …) */
  model: WorkbookModel;
  /** Office.context.document.settings as last saved (saveAsync) */
  documentSettings: Array<[string, unknown]>;
  startupBehavior: StartupBehavior;
}

export function saveWorkbook(
  model: WorkbookModel,
  documentSettings: ReadonlyMap<string, unknown>,
  startupBehavior: StartupBehavior
): SavedWorkbook {
  return {
    format: "claret-excel-emulator/1",
    model: model.clone(),
    documentSettings: [...documentSettings].map(([k, v]) => [k, JSON.parse(JSON.stringify(v))]),
    startupBehavior,
  };
}

/** A cell value after a structured clone: an error value comes back as a plain { code } object. */
function revived(v: unknown): Cell["v"] {
  return typeof v === "object" && v !== null && !(v instanceof CellError)
    ? cellError(String((v as { code?: unknown }).code))
    : (v as Cell["v"]);
}

/**
 * The model of a saved file, ready to use: a structured clone keeps the data and drops the classes, so their
 * prototypes are put back (the model, its sheets and their rows, its tables; error values).
 */
export function openSavedModel(file: SavedWorkbook): WorkbookModel {
  if (file.format !== "claret-excel-emulator/1")
    throw new Error(`Not a saved workbook of this emulator (format ${String(file.format)}).`);
  const model = file.model;
  Object.setPrototypeOf(model, WorkbookModel.prototype);
  for (const sheet of model.sheets) {
    Object.setPrototypeOf(sheet, SheetModel.prototype);
    Object.setPrototypeOf(sheet.rows, RowStore.prototype);
    sheet.linkRows();
    for (const [, row] of sheet.rows) for (const cell of row) if (cell) cell.v = revived(cell.v);
    sheet.markDirty();
  }
  for (const table of model.tables) {
    Object.setPrototypeOf(table, TableModel.prototype);
    for (const memory of table.totalsMemory.values()) memory.v = revived(memory.v);
  }
  return model;
}
