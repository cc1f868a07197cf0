// Excel recalculates after every write; during a bulk write that is wasted work (a 20,000-row table with a
// calculated column would recalculate once per page). Suspension lasts until the next sync, so every bulk request
// queues it first. Then "it is the developer's responsibility to re-calc the workbook" (@types/office-js,
// Application.suspendApiCalculationUntilNextSync): the work that suspended it calculates once at its end, so the
// planner's formulas on the table show the new values. A workbook the planner set to manual calculation is left
// for them to calculate, as Excel leaves it after their own typing.

export function queueSuspendCalculation(context: Excel.RequestContext): void {
  context.application.suspendApiCalculationUntilNextSync();
}

/** Queues a read of the calculation mode; after the sync, `queue()` queues the recalculation unless it is manual. */
export function queueCalculationModeRead(context: Excel.RequestContext): { queue(): void } {
  const application = context.application.load("calculationMode");
  return {
    queue() {
      if (application.calculationMode !== Excel.CalculationMode.manual)
        application.calculate(Excel.CalculationType.recalculate);
    },
  };
}
