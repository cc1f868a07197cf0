// Workbook structure protection (Review > Protect Workbook; ExcelApi 1.7 workbook.protection). While it is on, Excel
// refuses to add, delete, rename, hide or move sheets, though cells, tables and custom properties of the sheets
// there stay writable. Work that needs a new sheet (a pull's staging sheet, a refresh's backup sheet or "Removed by
// refresh", the push log's sheet) reads it first, so it can say so before anything is fetched, written or sent.

import { runExcel } from "./excelRun";

export interface StructureState {
  /** the workbook's structure is protected */
  protected: boolean;
  /** of the sheet names asked about, those the workbook does not have (names compared as Excel does, ignoring case) */
  missing: string[];
}

/** Reads the structure's protection and which of `sheetNames` are missing, in one request; writes nothing. */
export async function readStructure(sheetNames: readonly string[] = []): Promise<StructureState> {
  return runExcel(async (context) => {
    const protection = context.workbook.protection.load("protected");
    const sheets = sheetNames.map((name) => ({
      name,
      sheet: context.workbook.worksheets.getItemOrNullObject(name),
    }));
    await context.sync();
    return {
      protected: protection.protected,
      missing: sheets.filter((s) => s.sheet.isNullObject).map((s) => s.name),
    };
  });
}
