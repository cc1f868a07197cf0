// A workbook whose structure is protected (Review > Protect Workbook; the person protects it host-side): no sheet can
// be added or deleted, the cells of its sheets stay writable (issue 20, §3). Push selection, Push changes and Undo
// last push then work, as long as the push log's sheet exists; the first push, which would add it, is refused before
// anything is sent. A pull, or a refresh whose changes need a sheet, says "Unprotect the workbook structure" before
// it writes anything (a pull before it fetches anything).
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { confirmPush, preparePush } from "../../src/workflows/push/push";
import { confirmChanges, prepareChanges } from "../../src/workflows/push/pushChanges";
import { refreshActiveSheet } from "../../src/workflows/pullRefresh/refresh";
import { toUserMessage } from "../../src/workflows/messages";
import { confirmUndo, prepareUndo } from "../../src/workflows/push/undoPush";
import type { ExcelHost } from "../helpers/excelHost";
import { changesOptions, pullTable, recordOfRow } from "../helpers/pulledTable";
import { ALL_HISTORY, type SimulatorHarness } from "../helpers/simulator";
import { readTable, setTableCell, tableRows } from "../helpers/workbook";

const UNPROTECT = "Unprotect the workbook structure (Review > Protect Workbook), then try again.";
const CANNOT = "Excel cannot add one while the workbook's structure is protected";
const OPTS = changesOptions({ createMissingLinks: false });

let h: SimulatorHarness;
let host: ExcelHost;
let session: SimulatorHarness["session"];
let tableName: string;
let sheetName: string;
beforeEach(async () => {
  ({ h, host, session, tableName, sheetName } = await pullTable(60));
});
afterEach(() => h.close());

const sheetNames = () => host.sheets().map((s) => s.name);
const posts = () => h.sim.requests.filter((r) => r.method === "POST").length;
const gets = () => h.sim.requests.filter((r) => r.method === "GET").length;
const claretQuantity = (id: number) => h.sim.salesOf("History").find((r) => r.id === id)!.quantity;
const failure = (work: Promise<unknown>) =>
  work.then(
    () => {
      throw new Error("expected the work to fail");
    },
    (e: unknown) => toUserMessage(e).text
  );

describe("once the push log exists", () => {
  beforeEach(async () => {
    // the first push adds the log's sheet; then the planner protects the structure
    await setTableCell(tableName, 1, "quantity", 101);
    await confirmChanges(await prepareChanges(session), session, OPTS);
    host.protectStructure();
  });

  test("Push changes, Push selection and Undo last push work on a structure-protected workbook", async () => {
    const sheets = sheetNames();

    const edited = await recordOfRow(h, tableName, 4);
    await setTableCell(tableName, 4, "quantity", 4444);
    const changes = await confirmChanges(await prepareChanges(session), session, OPTS);
    expect(changes).toMatchObject({ sent: 1, refused: 0, unknown: 0, log: { error: null } });
    expect(claretQuantity(edited.id)).toBe(4444);

    await setTableCell(tableName, 6, "quantity", 6666);
    const six = await recordOfRow(h, tableName, 6);
    const t = await readTable(tableName);
    const row = `A${6 + 2}:${t.address.split(":")[1].replace(/\d+$/, String(6 + 2))}`;
    host.activate(sheetName);
    host.select(sheetName, row);
    const pushed = await confirmPush(await preparePush(), session, {
      saleTypeName: "History",
      createMissingLinks: false,
    });
    expect(pushed).toMatchObject({ sent: 1, refused: 0, unknown: 0, log: { error: null } });
    expect(claretQuantity(six.id)).toBe(6666);

    const undone = await confirmUndo(await prepareUndo(), session);
    expect(undone).toMatchObject({ undone: 1, failed: 0, refreshed: true, refreshError: null });
    expect(claretQuantity(six.id)).toBe(six.quantity);

    expect(host.structureProtected).toBe(true);
    expect(sheetNames()).toEqual(sheets);
    expect((await tableRows("ClaretPushLog")).map((r) => r.action)).toEqual([
      "Push changes",
      "Push changes",
      "Push selection",
      "Undo last push",
    ]);
  });
});

test("the first push on a protected workbook, which would add the push log's sheet, is refused before anything is sent", async () => {
  host.protectStructure();
  const before = await recordOfRow(h, tableName, 2);
  await setTableCell(tableName, 2, "quantity", 2222);
  const preview = await prepareChanges(session);
  const sent = posts();
  const text = await failure(confirmChanges(preview, session, OPTS));
  expect(text).toBe(
    `Every push is recorded on the sheet "Claret push log" (Undo last push reads it there). That sheet does not exist yet, and ${CANNOT}. ${UNPROTECT} Once the first push has added the sheet, you can protect the structure again. Nothing was sent to Claret.`
  );
  host.select(sheetName, "A4:J4");
  const selection = await failure(
    confirmPush(await preparePush(), session, {
      saleTypeName: "History",
      createMissingLinks: false,
    })
  );
  expect(selection).toBe(text);
  expect(posts()).toBe(sent);
  expect(claretQuantity(before.id)).toBe(before.quantity);
});

test("a pull on a protected workbook says to unprotect the structure before it fetches anything", async () => {
  host.protectStructure();
  const before = host.snapshot();
  const fetched = gets();
  const text = await failure(pullSales(session, ALL_HISTORY));
  expect(text).toBe(
    `The pull of History needs a new sheet for its table, and ${CANNOT}. ${UNPROTECT} Nothing was fetched or changed.`
  );
  expect(gets()).toBe(fetched);
  expect(host.snapshot()).toEqual(before);
});

describe("a refresh on a protected workbook", () => {
  beforeEach(() => host.protectStructure());

  test("that only updates values completes: it needs no sheet", async () => {
    const rec = await recordOfRow(h, tableName, 3);
    h.sim.setQuantities("History", [{ id: rec.id, quantity: 3333 }]);
    const result = await refreshActiveSheet(session);
    expect(result).toMatchObject({ updated: 1, added: 0, removed: 0 });
    expect((await recordOfRow(h, tableName, 3)).quantity).toBe(3333);
  });

  test("that removes rows, which needs its hidden backup sheet, says to unprotect the structure and changes nothing", async () => {
    const rec = await recordOfRow(h, tableName, 3);
    h.sim.deleteRecords("History", [rec.id]);
    const before = host.snapshot();
    const text = await failure(refreshActiveSheet(session));
    expect(text).toBe(
      `The refresh of table "${tableName}" adds or removes rows (or columns), which needs a hidden sheet that keeps the table's rows until the refresh has completed, and ${CANNOT}. ${UNPROTECT} The table was not changed.`
    );
    expect(host.snapshot()).toEqual(before);
  });

  test('that removes a row holding the planner\'s own values, kept on "Removed by refresh", names that sheet', async () => {
    const rec = await recordOfRow(h, tableName, 3);
    const t = await readTable(tableName);
    const beside = String.fromCharCode("A".charCodeAt(0) + t.headers.length + 1);
    host.setValues(sheetName, `${beside}5`, [["my note"]]);
    h.sim.deleteRecords("History", [rec.id]);
    const before = host.snapshot();
    const text = await failure(refreshActiveSheet(session));
    expect(text).toBe(
      `The refresh of table "${tableName}" removes 1 row that holds values you typed; it would be kept on the sheet "Removed by refresh", which does not exist yet, and ${CANNOT}. ${UNPROTECT} The table was not changed.`
    );
    expect(host.snapshot()).toEqual(before);
  });
});
