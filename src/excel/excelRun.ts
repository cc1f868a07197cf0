// Every batch the product sends to the workbook starts here, so what real Excel asks of a run is said once.
// While the planner is editing a cell, Excel refuses every request with InvalidOperationInCellEditMode unless its run
// asked `delayForCellEdit` (learn.microsoft.com "Excel.RunOptions"); each context.sync() of a run is its own request,
// so without it a refresh could stop half-way when the planner starts typing. With it, Excel waits for the planner
// to leave the cell, then runs the request; a sync that waits is told to the planner (cellEditWait.ts).
//
// Each request is also one undo record of its own, unless the run asks `mergeUndoGroup` (ExcelApi 1.20): then the
// whole run is one, and one Ctrl+Z undoes it (learn.microsoft.com "Undo support with the Excel JavaScript API").
import { watchSyncsForCellEdit } from "./cellEditWait";

export interface RunExcelOptions {
  /** the whole run is one undo record (mergeUndoGroup); only where undoGroupSupported() */
  undoGroup?: boolean;
}

/** Runs `batch` against the workbook as Excel.run does, waiting for a cell edit to end instead of failing. */
export function runExcel<T>(
  batch: (context: Excel.RequestContext) => Promise<T>,
  options: RunExcelOptions = {}
): Promise<T> {
  return Excel.run(
    { delayForCellEdit: true, ...(options.undoGroup ? { mergeUndoGroup: true } : {}) },
    (context) => {
      watchSyncsForCellEdit(context, inCellEditMode);
      return batch(context);
    }
  );
}

/** Excel can make one undo record of a run (RunOptions.mergeUndoGroup, ExcelApi 1.20). */
export function undoGroupSupported(): boolean {
  return Office.context.requirements.isSetSupported("ExcelApi", "1.20");
}

/**
 * The grouping itself failed, not the work: a member without undo support inside the group (UndoNotSupported), or
 * Excel's internal error that office-js#6255 and #6711 report for mergeUndoGroup on the web.
 */
export function isUndoGroupFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "UndoNotSupported" || code === "GeneralException";
}

/**
 * The probe of cellEditWait.ts: one cheap read in a run that does not wait for a cell edit, so Excel refuses it
 * exactly while the planner edits a cell. Microsoft's client turns the host's refusal (Office.js code 5004,
 * ooeInvalidApiCallInContext) into Excel.ErrorCodes.invalidOperationInCellEditMode (RequestContext
 * ._processOfficeJsErrorResponse in excel-win32-16.01.debug.js and excel-web-16.00.debug.js).
 */
async function inCellEditMode(): Promise<boolean> {
  try {
    await Excel.run({ delayForCellEdit: false }, async (context) => {
      context.workbook.application.load("calculationMode");
      await context.sync();
    });
    return false;
  } catch (error) {
    return (error as { code?: unknown } | null)?.code === "InvalidOperationInCellEditMode";
  }
}
