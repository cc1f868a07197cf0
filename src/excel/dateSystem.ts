// Which date system the workbook uses. Excel for Mac workbooks may count days from 1904; writing 1900 serials into
// them would shift every date by four years. `Workbook.use1904DateSystem` is newer than the typings we build with,
// and older hosts reject loading it, so it is read in a request of its own: any failure means 1900.

import type { DateSystem } from "../sales/excelDates";

export type { DateSystem };

interface WorkbookWith1904 {
  use1904DateSystem?: boolean;
}

export async function readDateSystem(): Promise<DateSystem> {
  try {
    return await Excel.run(async (context) => {
      const workbook = context.workbook;
      workbook.load("use1904DateSystem" as never);
      await context.sync();
      return (workbook as unknown as WorkbookWith1904).use1904DateSystem === true ? 1904 : 1900;
    });
  } catch {
    return 1900;
  }
}
