// Which date system the workbook uses. Workbooks made by old Excel for Mac may count days from 1904-01-01 (serial 0)
// instead of 1900-01-01 (serial 1); writing 1900 serials into them shifts every date by 1,462 days. The property that
// says so on the Workbook object is a preview API (in no released requirement set), so the system is detected
// with released APIs only: Excel evaluates DATE(1904,1,1), which is 0 in the 1904 system and 1462 in the 1900 system.
//
// It is detected once and stored with the table's query (queryStore.ts): a pull probes in a cell of its own staging
// sheet (queueDateSystemProbeIn), which it writes anyway; where nothing is stored (a query stored before the date
// system was kept, a plain range pushed), workbook.functions.date (ExcelApi 1.2) evaluates DATE without any cell, so
// the read-only works (Push selection, Push changes) add no sheet and write nothing, on a protected workbook too.

import type { DateSystem } from "../sales/excelDates";
import { runExcel } from "./excelRun";

export type { DateSystem };

const PROBE_FORMULA = "=DATE(1904,1,1)";
const SERIAL_IN_1900 = 1462;
const SERIAL_IN_1904 = 0;

/** Read after the request that carried the probe has synced. */
export type DateSystemReading = () => DateSystem;

function reading(probe: Excel.Range): DateSystemReading {
  return () => {
    const serial = probe.values[0]?.[0];
    if (serial === SERIAL_IN_1904) return 1904;
    if (serial === SERIAL_IN_1900) return 1900;
    throw new Error(
      `Excel evaluated ${PROBE_FORMULA} to ${JSON.stringify(serial)}, neither ${SERIAL_IN_1900} (1900 date system) nor ${SERIAL_IN_1904} (1904 date system); the workbook's date system is unknown, so no dates were converted.`
    );
  };
}

/**
 * Queues the probe in cell A1 of `sheet`, a sheet of the add-in's own (the staging sheet, before its header is
 * written): formula, read, clear. Nothing is left in the cell.
 */
export function queueDateSystemProbeIn(sheet: Excel.Worksheet): DateSystemReading {
  const cell = sheet.getRange("A1");
  cell.formulas = [[PROBE_FORMULA]];
  cell.load("values");
  cell.clear(Excel.ClearApplyTo.contents);
  return reading(cell);
}

/**
 * Queues DATE(1904,1,1) through workbook.functions (ExcelApi 1.2): evaluated by Excel without a cell, so nothing is
 * written and no sheet is added. Rides on a request the caller sends anyway.
 */
export function queueDateSystemEvaluation(context: Excel.RequestContext): DateSystemReading {
  const result = context.workbook.functions.date(1904, 1, 1);
  result.load("value,error");
  return () => {
    const serial = result.value;
    if (serial === SERIAL_IN_1904) return 1904;
    if (serial === SERIAL_IN_1900) return 1900;
    throw new Error(
      `Excel evaluated DATE(1904,1,1) to ${JSON.stringify(serial ?? result.error)}, neither ${SERIAL_IN_1900} (1900 date system) nor ${SERIAL_IN_1904} (1904 date system); the workbook's date system is unknown, so no dates were converted.`
    );
  };
}

/** The date system: `known` (stored with the table's query) when given, else evaluated in a request of its own. */
export async function readDateSystem(known?: DateSystem): Promise<DateSystem> {
  if (known !== undefined) return known;
  return runExcel(async (context) => {
    const read = queueDateSystemEvaluation(context);
    await context.sync();
    return read();
  });
}
