// Which date system the workbook uses. Workbooks made by old Excel for Mac may count days from 1904-01-01 (serial 0)
// instead of 1900-01-01 (serial 1); writing 1900 serials into them shifts every date by 1,462 days. The property that
// says so on the Workbook object is a preview API (in no released requirement set), so the system is detected
// with released APIs only: Excel evaluates =DATE(1904,1,1) in a cell, which is 0 in the 1904 system and 1462 in the
// 1900 system. The probe rides on a request the caller sends anyway, and leaves no trace: the cell is cleared (or the
// temporary sheet deleted) in that same request, after its value has been read.

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
 * Queues the probe on a temporary hidden sheet added and deleted in the same request, for callers with no sheet of
 * their own (the push read). The user's sheets are never written.
 */
export function queueDateSystemProbe(context: Excel.RequestContext): DateSystemReading {
  const sheet = context.workbook.worksheets.add(`ClaretDates_${randomSuffix()}`);
  sheet.visibility = Excel.SheetVisibility.hidden;
  const read = queueDateSystemProbeIn(sheet);
  sheet.delete();
  return read;
}

/** The date system in a request of its own (for callers with no request to ride on). */
export async function readDateSystem(): Promise<DateSystem> {
  return runExcel(async (context) => {
    const read = queueDateSystemProbe(context);
    await context.sync();
    return read();
  });
}

function randomSuffix(): string {
  return Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, "0");
}
