// Reading and writing the emulated workbook the way the add-in and a user would: through Office.js
// (Excel.run), not the emulator's internals.
import { blockA1 } from "../../src/excel/cells";

export interface SheetInfo {
  name: string;
  visibility: string;
}

export async function listSheets(): Promise<SheetInfo[]> {
  return Excel.run(async (context) => {
    const sheets = context.workbook.worksheets.load("items/name,items/visibility");
    await context.sync();
    return sheets.items.map((s) => ({ name: s.name, visibility: String(s.visibility) }));
  });
}

export interface TableContents {
  name: string;
  sheetName: string;
  /** A1 address of the whole table, header included, without the sheet */
  address: string;
  headers: string[];
  values: unknown[][];
  formulas: unknown[][];
  numberFormat: unknown[][];
}

export async function readTable(tableName: string): Promise<TableContents> {
  return Excel.run(async (context) => {
    const table = context.workbook.tables.getItem(tableName);
    const sheet = table.worksheet.load("name");
    table.load("name");
    const range = table.getRange().load("address");
    const header = table.getHeaderRowRange().load("values");
    const body = table.getDataBodyRange().load("values,formulas,numberFormat");
    await context.sync();
    return {
      name: table.name,
      sheetName: sheet.name,
      address: range.address.replace(/^.*!/, ""),
      headers: header.values[0].map(String),
      values: body.values,
      formulas: body.formulas,
      numberFormat: body.numberFormat,
    };
  });
}

export async function activeSheetName(): Promise<string> {
  return Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getActiveWorksheet().load("name");
    await context.sync();
    return sheet.name;
  });
}

export async function activateSheet(name: string): Promise<void> {
  await Excel.run(async (context) => {
    context.workbook.worksheets.getItem(name).activate();
    await context.sync();
  });
}

/** Values of a range on a sheet, e.g. rangeValues('Summary', 'A1:B2'). */
export async function rangeValues(
  sheetName: string,
  address: string
): Promise<{ values: unknown[][]; formulas: unknown[][] }> {
  return Excel.run(async (context) => {
    const range = context.workbook.worksheets
      .getItem(sheetName)
      .getRange(address)
      .load("values,formulas");
    await context.sync();
    return { values: range.values, formulas: range.formulas };
  });
}

/** All worksheet custom properties of all sheets, as key → value. */
export async function allCustomProperties(): Promise<Record<string, string>> {
  return Excel.run(async (context) => {
    const sheets = context.workbook.worksheets.load("items/name");
    await context.sync();
    const props = sheets.items.map((s) => s.customProperties.load("items/key,items/value"));
    await context.sync();
    const out: Record<string, string> = {};
    props.forEach((p, i) =>
      p.items.forEach((item) => (out[`${sheets.items[i].name}!${item.key}`] = item.value))
    );
    return out;
  });
}

/** Writes rows as text on a sheet (added if missing) through Office.js, from (row0, col0), 0-based. */
export async function writeRows(
  sheetName: string,
  row0: number,
  col0: number,
  rows: unknown[][]
): Promise<void> {
  await Excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    let sheet = sheets.getItemOrNullObject(sheetName);
    await context.sync();
    if (sheet.isNullObject) sheet = sheets.add(sheetName);
    const address = blockA1({
      firstRow: row0,
      firstColumn: col0,
      lastRow: row0 + rows.length - 1,
      lastColumn: col0 + rows[0].length - 1,
    });
    const range = sheet.getRange(address);
    range.numberFormat = rows.map((r) => r.map(() => "@"));
    range.values = rows as (string | number)[][];
    await context.sync();
  });
}

/** Types one value into a cell, as a user would. */
export async function setCell(
  sheetName: string,
  address: string,
  value: string | number
): Promise<void> {
  await Excel.run(async (context) => {
    context.workbook.worksheets.getItem(sheetName).getRange(address).values = [[value]];
    await context.sync();
  });
}

/** Types a formula into a cell. */
export async function setFormula(
  sheetName: string,
  address: string,
  formula: string
): Promise<void> {
  await Excel.run(async (context) => {
    context.workbook.worksheets.getItem(sheetName).getRange(address).formulas = [[formula]];
    await context.sync();
  });
}

/** Types one value into data row `row` (0-based) of a table, in the column headed `header`. */
export async function setTableCell(
  tableName: string,
  row: number,
  header: string,
  value: string | number
): Promise<void> {
  await Excel.run(async (context) => {
    const table = context.workbook.tables.getItem(tableName);
    const headers = table.getHeaderRowRange().load("values");
    await context.sync();
    const col = (headers.values[0] as string[]).indexOf(header);
    table.getDataBodyRange().getCell(row, col).values = [[value]];
    await context.sync();
  });
}

/** The value of data row `row` (0-based) of a table, in the column headed `header`. */
export async function tableCell(tableName: string, row: number, header: string): Promise<unknown> {
  const t = await readTable(tableName);
  return t.values[row][t.headers.indexOf(header)];
}

/** A table's data rows as header → value. */
export async function tableRows(tableName: string): Promise<Record<string, unknown>[]> {
  const t = await readTable(tableName);
  return t.values.map((v) => Object.fromEntries(t.headers.map((k, i) => [k, v[i]])));
}
