// A big tenant end to end: 40,000 rows pushed (by changes and by selection), written back, logged and undone, every request and answer under
// Excel on the web's 5 MB as Microsoft's client counts them (run under both clients: `npm test` runs the workflow
// tests again with EXCEL_CLIENT=web).
import { WEB_PAYLOAD_LIMIT_BYTES } from "../../dev/excel-emulator";
import { confirmPush, preparePush } from "../../src/workflows/push/push";
import { confirmChanges, prepareChanges } from "../../src/workflows/push/pushChanges";
import { confirmUndo, prepareUndo } from "../../src/workflows/push/undoPush";
import { changesOptions, pullTable, type PulledTable } from "../helpers/pulledTable";

const ROWS = 40_000;
// How long it takes is the bench's business: the timeout only stops a run that hangs (on 2 shared cores under
// load this test has taken 500 s).
jest.setTimeout(1_800_000);

let t: PulledTable;
beforeAll(async () => {
  t = await pullTable(ROWS);
});
afterAll(() => t.h.close());

/**
 * A table's header and data rows as the host holds them (read host-side: the test's own one-request read would be
 * refused at this size, the product's reads are what is measured).
 */
function readTable(name: string): { headers: string[]; values: unknown[][] } {
  for (const sheet of t.host.snapshot().sheets)
    for (const table of sheet.tables)
      if (table.name === name) {
        const [headers, ...values] = t.host.getValues(
          sheet.name,
          table.address.replace(/^.*!/, "")
        );
        return { headers: headers.map(String), values };
      }
  throw new Error(`no table ${name}`);
}
const tableRows = (name: string) => {
  const { headers, values } = readTable(name);
  return values.map((v) => Object.fromEntries(headers.map((k, i) => [k, v[i]])));
};

/** What Excel on the web would have refused since the log was reset: requests or answers over 5 MB. */
function overTheLimit() {
  return t.host.syncLog.filter(
    (s) =>
      s.payloadBytes >= WEB_PAYLOAD_LIMIT_BYTES ||
      s.responseBytes >= WEB_PAYLOAD_LIMIT_BYTES ||
      /PayloadSizeLimitExceeded/.test(s.error ?? "")
  );
}

test("Push changes of 40,000 edited rows: every record sent, its version written back, 40,000 log rows; then Undo last push puts every quantity back", async () => {
  const table = readTable(t.tableName);
  const q = table.headers.indexOf("quantity");
  const idColumn = table.headers.indexOf("id");
  const before = new Map(
    table.values.map((row) => [row[idColumn] as number, row[q] as number] as const)
  );
  expect(before.size).toBe(ROWS);
  // the planner fills the quantity column with new figures
  const quantityCell = (row: number) => `${String.fromCharCode(65 + q)}${row + 2}`;
  t.host.setValues(
    t.sheetName,
    `${quantityCell(0)}:${quantityCell(ROWS - 1)}`,
    table.values.map((_, i) => [i + 0.5])
  );

  t.host.resetSyncLog();
  const prepared = await prepareChanges(t.session);
  expect(prepared.rows).toHaveLength(ROWS);
  const summary = await confirmChanges(
    prepared,
    t.session,
    changesOptions({ createMissingLinks: false })
  );
  expect(summary).toMatchObject({ sent: ROWS, refused: 0, unknown: 0 });
  const claret = t.h.sim.salesOf("History");
  expect(claret.find((r) => r.id === (table.values[39_999][idColumn] as number))?.quantity).toBe(
    39_999.5
  );
  // the versions were written back: a second Push changes finds nothing to send
  expect((await prepareChanges(t.session)).rows).toEqual([]);
  const log = tableRows("ClaretPushLog");
  expect(log).toHaveLength(ROWS);
  expect(log.every((r) => r.action === "Push changes" && r.outcome === "sent")).toBe(true);
  expect(overTheLimit()).toEqual([]);

  t.host.resetSyncLog();
  const undo = await prepareUndo();
  expect(undo.toRestore).toHaveLength(ROWS);
  const undone = await confirmUndo(undo, t.session);
  expect(undone).toMatchObject({ undone: ROWS, conflicts: [], failed: 0, refreshed: true });
  const after = t.h.sim.salesOf("History");
  expect(after.every((r) => r.quantity === before.get(r.id))).toBe(true);
  expect(tableRows("ClaretPushLog")).toHaveLength(2 * ROWS);
  // the table shows Claret's values again
  const refreshed = readTable(t.tableName);
  expect(refreshed.values.every((row) => row[q] === before.get(row[idColumn] as number))).toBe(
    true
  );
  expect(overTheLimit()).toEqual([]);
});

test("Push selection of a 40,000-row table: every row validated and sent, 40,000 more log rows, all under 5 MB", async () => {
  const table = readTable(t.tableName);
  const q = table.headers.indexOf("quantity");
  const idColumn = table.headers.indexOf("id");
  const quantityCell = (row: number) => `${String.fromCharCode(65 + q)}${row + 2}`;
  t.host.setValues(
    t.sheetName,
    `${quantityCell(0)}:${quantityCell(ROWS - 1)}`,
    table.values.map((_, i) => [i + 0.25])
  );
  const logBefore = t.host
    .snapshot()
    .sheets.some((s) => s.tables.some((x) => x.name === "ClaretPushLog"))
    ? tableRows("ClaretPushLog").length
    : 0;
  const address = t.host.snapshot().sheets.find((s) => s.name === t.sheetName)!.tables[0].address;
  t.host.activate(t.sheetName);
  t.host.select(t.sheetName, address.replace(/^.*!/, ""));

  t.host.resetSyncLog();
  const preview = await preparePush();
  expect(preview).toMatchObject({ rowsToSend: ROWS, errors: [] });
  const summary = await confirmPush(preview, t.session, {
    saleTypeName: "History",
    createMissingLinks: false,
  });
  expect(summary).toMatchObject({ sent: ROWS, refused: 0, unknown: 0, notSent: 0 });
  expect(summary.log).toEqual({ rows: ROWS, error: null });
  const byId = new Map(t.h.sim.salesOf("History").map((r) => [r.id, r.quantity]));
  expect(table.values.every((row, i) => byId.get(row[idColumn] as number) === i + 0.25)).toBe(true);
  const log = tableRows("ClaretPushLog");
  expect(log).toHaveLength(logBefore + ROWS);
  expect(
    log.slice(logBefore).every((r) => r.action === "Push selection" && r.outcome === "sent")
  ).toBe(true);
  expect(overTheLimit()).toEqual([]);
});
