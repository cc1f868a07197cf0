// The naive baseline the pipeline is compared with, in the same run: the real Claret client and the real record → row
// mapping, but strictly one thing after the other — fetch a page, write it (one Excel.run, one sync, values and the
// same number formats as the product), only then ask for the next page. No pipelining, no staging, no swap.
import { salesPages } from "../../src/claret";
import type { ClaretSession, SalesQuery } from "../../src/claret/types";
import { blockAddress } from "../../src/excel/names";
import { ColumnLayout, recordsToRows } from "../../src/sales";

export async function naivePull(
  session: ClaretSession,
  query: SalesQuery,
  sheetName: string
): Promise<{ rows: number; pages: number }> {
  const layout = new ColumnLayout([]);
  let rows = 0;
  let pages = 0;
  await Excel.run(async (context) => {
    context.workbook.worksheets.add(sheetName);
    await context.sync();
  });
  for await (const page of salesPages(session, query)) {
    layout.observe(page.records);
    const values = recordsToRows(page.records, layout);
    const columns = layout.columns;
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(sheetName);
      if (rows === 0) {
        const header = sheet.getRange(blockAddress(0, 0, 1, columns.length));
        header.numberFormat = [columns.map(() => "@")];
        header.values = [columns.map((c) => c.key)];
      }
      if (values.length > 0) {
        const range = sheet.getRange(blockAddress(1 + rows, 0, values.length, columns.length));
        range.numberFormat = values.map(() => columns.map((c) => c.numberFormat));
        range.values = values;
      }
      await context.sync();
    });
    rows += values.length;
    pages++;
  }
  return { rows, pages };
}
