// Push selection on a filtered range whose visible rows form very many separate areas: their
// addresses alone weigh more than Excel on the web's 5 MB response, so they are read in chunks
// beside the cells, and every row is still seen as hidden or visible. Through the Excel emulator.
import { preparePush } from "../../src/workflows/push/push";
import { installExcelHost, type ExcelHost } from "../helpers/excelHost";

const SHEET = "Plan with a long name for areas"; // 31 characters: ~45 bytes per area address
const ROWS = 240_000;

let host: ExcelHost;
beforeEach(() => {
  host = installExcelHost();
});

test("a filter leaving 120,000 separate visible areas is read under the 5 MB limit, every hidden row skipped", async () => {
  host.addSheet(SHEET);
  host.setValues(SHEET, "A1:E1", [
    ["item_name", "customer_group_name", "sell_date", "timing_interval_span", "quantity"],
  ]);
  host.setValues(
    SHEET,
    `A2:E${ROWS + 1}`,
    Array.from({ length: ROWS }, (_, i) => [
      `Item ${i}`, // a key of its own per row
      "Palm Tree Distribution",
      "2024-06-01",
      "month",
      i,
    ])
  );
  // every other data row hidden (sheet rows 3, 5, 7, …): each visible row is an area of its own
  for (let row0 = 2; row0 <= ROWS; row0 += 2) host.setRowsHidden(SHEET, row0, 1, true);
  host.activate(SHEET);
  host.select(SHEET, `A1:E${ROWS + 1}`);
  host.resetSyncLog();

  const preview = await preparePush();

  expect(preview).toMatchObject({
    selectedRows: ROWS,
    skippedHidden: ROWS / 2,
    rowsToSend: ROWS / 2,
    errors: [],
  });
  // the rows sent are the visible ones: sheet rows 2, 4, 6, … (quantities 0, 2, 4, …)
  const sent = preview.plan.validation.rows.map((r) => r.content.quantity);
  expect(sent.slice(0, 3)).toEqual([0, 2, 4]);
  expect(sent.at(-1)).toBe(ROWS - 2);
  expect(host.syncLog.filter((s) => s.error)).toEqual([]);
  expect(Math.max(...host.syncLog.map((s) => s.responseBytes))).toBeLessThan(5_000_000);
});
