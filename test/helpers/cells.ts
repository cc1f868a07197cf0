// Column letters and cell addresses for tests, from the product's own column-letter rule
// (src/excel/names.ts), which goes past Z to XFD: no test keeps a copy that stops at Z.
import { columnLetter } from "../../src/excel/names";

export { columnLetter };

/**
 * The A1 address of data cell (rowIndex, colIndex) of a block whose header row is sheet row 1 from
 * column A, so data start on row 2: belowHeaderRow1(0, 3) = "D2".
 */
export const belowHeaderRow1 = (rowIndex: number, colIndex: number): string =>
  `${columnLetter(colIndex)}${rowIndex + 2}`;
