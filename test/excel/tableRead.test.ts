// The refresh's read of a table: its shape in one request, then the Claret cells in chunks that each stay under
// Excel on the web's response limit (a chunk Excel refuses as too large is read again in halves), with how far the
// sheet reaches beside the table.
import { readTableState } from "../../src/excel/tableRead";
import { installExcelHost, type ExcelHost } from "../helpers/excelHost";

const ROWS = 3000;
let host: ExcelHost;
let tableId: string;

function setUp(payloadLimitBytes: number | null): void {
  host = installExcelHost({ payloadLimitBytes });
  host.setValues("Sheet1", `B1:D${ROWS + 1}`, [
    ["item", "quantity", "id"],
    ...Array.from({ length: ROWS }, (_, i) => [`item ${i} ${"x".repeat(40)}`, i * 2, 1000 + i]),
  ]);
  host.setValues("Sheet1", "F7", [["a note"]]);
  tableId = host.addTable("Sheet1", `B1:D${ROWS + 1}`, "Sales");
}

test("a first chunk too large for the response limit is read again in halves; every row comes back once", async () => {
  setUp(60_000); // 2,000 rows of these cells weigh ~130 KB
  const state = await readTableState("Sheet1", tableId, ["item", "quantity", "id"]);
  expect(host.syncLog.some((s) => s.error === "ResponsePayloadSizeLimitExceeded")).toBe(true);
  expect(state.claretCells).toHaveLength(ROWS);
  expect(state.claretCells[0]).toEqual([`item 0 ${"x".repeat(40)}`, 0, 1000]);
  expect(state.claretCells[ROWS - 1]).toEqual([`item ${ROWS - 1} ${"x".repeat(40)}`, 5998, 3999]);
  // the sheet's content reaches from B (the table) to F (the note beside it)
  expect({ first: state.usedFirstColumn, last: state.usedLastColumn }).toEqual({
    first: 1,
    last: 5,
  });
});

test("without a limit: the shape, the first 2,000 rows, then the rest in one chunk sized by the first", async () => {
  setUp(null);
  host.resetSyncLog();
  const state = await readTableState("Sheet1", tableId, ["item", "quantity", "id"]);
  expect(state.claretCells).toHaveLength(ROWS);
  expect(host.syncLog.map((s) => s.error ?? "ok")).toEqual(["ok", "ok", "ok"]);
  expect({ first: state.usedFirstColumn, last: state.usedLastColumn }).toEqual({
    first: 1,
    last: 5,
  });
});
