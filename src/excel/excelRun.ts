// Every batch the product sends to the workbook starts here, so what real Excel asks of a run is said once.
// While the planner is editing a cell, Excel refuses every request with InvalidOperationInCellEditMode unless its run
// asked `delayForCellEdit` (learn.microsoft.com "Excel.RunOptions"); each context.sync() of a run is its own request,
// so without it a refresh could stop half-way when the planner starts typing. With it, Excel waits for the planner
// to leave the cell, then runs the request; a sync that waits is told to the planner (cellEditWait.ts).
import { watchSyncsForCellEdit } from "./cellEditWait";

/** Runs `batch` against the workbook as Excel.run does, waiting for a cell edit to end instead of failing. */
export function runExcel<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
  return Excel.run({ delayForCellEdit: true }, (context) => {
    watchSyncsForCellEdit(context, inCellEditMode);
    return batch(context);
  });
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
