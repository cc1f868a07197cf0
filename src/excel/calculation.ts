// Excel recalculates after every write; during a bulk write that is wasted work (a 20,000-row table with a
// calculated column would recalculate once per page). Suspension lasts until the next sync, so every bulk request
// queues it first.

export function queueSuspendCalculation(context: Excel.RequestContext): void {
  context.application.suspendApiCalculationUntilNextSync();
}
