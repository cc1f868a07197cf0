// Every batch the product sends to the workbook starts here, so what real Excel asks of a run is said once.
// While the planner is editing a cell, Excel refuses every request with InvalidOperationInCellEditMode unless its run
// asked `delayForCellEdit` (learn.microsoft.com "Excel.RunOptions"); each context.sync() of a run is its own request,
// so without it a refresh could stop half-way when the planner starts typing. With it, Excel waits for the planner
// to leave the cell, then runs the request.

/** Runs `batch` against the workbook as Excel.run does, waiting for a cell edit to end instead of failing. */
export function runExcel<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
  return Excel.run({ delayForCellEdit: true }, batch);
}
