// The refresh's read of a filtered table: the filter's visible areas are read chunk by chunk, so a filter that leaves
// very many separate areas (their addresses alone past the response limit) still reads, and every visible row is
// known exactly (the refresh shows the same rows again afterwards). Through the Excel emulator, whose response
// limit counts those addresses (test/excel-emulator/request-model.test.ts); a small limit stands in for 5 MB.
import { readTableState } from "../../src/excel/tableRead";
import { installExcelHost, type ExcelHost } from "../helpers/excelHost";

const ROWS = 3000;
// the first 10 rows kept, then every other row: ~1,500 separate visible areas, ~30 KB of addresses
const kept = (i: number) => i < 10 || i % 2 === 0;

let host: ExcelHost;
beforeEach(() => {
  host = installExcelHost({ payloadLimitBytes: 20_000 });
});

test("a filter leaving more visible areas than one answer can carry is read in chunks; the visible rows are exact", async () => {
  host.setValues("Sheet1", `B1:D${ROWS + 1}`, [
    ["item", "status", "id"],
    ...Array.from({ length: ROWS }, (_, i) => [`item ${i}`, kept(i) ? "keep" : "drop", 1000 + i]),
  ]);
  const tableId = host.addTable("Sheet1", `B1:D${ROWS + 1}`, "Sales");
  host.filterTable("Sales", 1, { filterOn: "Values", values: ["keep"] });
  host.resetSyncLog();

  const state = await readTableState("Sheet1", tableId, ["item", "id"]);

  // rows 0–10 in one block (10 is even), then 12, 14, …
  const expected: Array<[number, number]> = [[0, 10]];
  for (let i = 12; i < ROWS; i += 2) expected.push([i, i]);
  expect(state.filter?.visibleRows).toEqual(expected);
  expect(state.claretCells).toHaveLength(ROWS);
  // the visible areas did need more than one answer
  expect(host.syncLog.filter((s) => !s.error).length).toBeGreaterThan(3);
});
