// The client half of every test is Microsoft's own Office.js: these are the behaviours of that client that our
// former copy got wrong, and the canary for the internal seam the host answers at.
import { createExcelHost, type ExcelHost } from "../../dev/excel-emulator";
import {
  connectClient,
  MESSAGE_BODY,
  MESSAGE_FLAGS,
  seamProblems,
  type RichApiExecutor,
} from "../../dev/excel-emulator/office-client";

let host: ExcelHost;
beforeEach(() => {
  host = createExcelHost();
  host.install(globalThis);
  host.setValues("Sheet1", "A1:B2", [
    ["name", "qty"],
    ["x", 1],
  ]);
});
afterEach(() => host.uninstall());

const sheet = (ctx: Excel.RequestContext) => ctx.workbook.worksheets.getItem("Sheet1");

test("a navigation property is the same object on every read, so a nested load can be read back", async () => {
  host.setCellFormat("Sheet1", "A1", { fill: "#FFFF00" });
  const { same, color } = await Excel.run(async (ctx) => {
    const r = sheet(ctx).getRange("A1");
    r.load("format/fill/color");
    await ctx.sync();
    return { same: r.format.fill === r.format.fill, color: r.format.fill.color };
  });
  expect(same).toBe(true);
  expect(color).toBe("#FFFF00");
});

test("toJSON nests the navigation objects that were loaded", async () => {
  const json = await Excel.run(async (ctx) => {
    const r = sheet(ctx).getRange("A1:B2");
    r.load("address, values, format/font/bold");
    await ctx.sync();
    return r.toJSON();
  });
  expect(json).toEqual({
    address: "Sheet1!A1:B2",
    values: [
      ["name", "qty"],
      ["x", 1],
    ],
    format: { font: { bold: false } },
  });
});

test("set() refuses a key the object does not have, and writes nested objects into their navigation objects", async () => {
  const refused = await Excel.run(async (ctx) => {
    try {
      sheet(ctx)
        .getRange("A1")
        .set({ nonsense: 1 } as never);
      return null;
    } catch (e) {
      return (e as OfficeExtension.Error).code;
    }
  });
  expect(refused).toBe("InvalidArgument");
  await Excel.run(async (ctx) => {
    sheet(ctx)
      .getRange("B2")
      .set({ values: [[5]], format: { fill: { color: "#00FF00" } } });
    await ctx.sync();
  });
  expect(host.getValues("Sheet1", "B2")).toEqual([[5]]);
  expect(host.getCellFormats("Sheet1", "B2")).toEqual([[{ fill: "#00FF00" }]]);
});

test("a failed request keeps the results of the loads before the failing action and names the statement", async () => {
  const outcome = await Excel.run(async (ctx) => {
    const a = sheet(ctx).getRange("A2");
    a.load("values");
    ctx.workbook.worksheets.getItem("Nowhere").getRange("A1").values = [[1]];
    try {
      await ctx.sync();
      return null;
    } catch (e) {
      const err = e as OfficeExtension.Error;
      return { code: err.code, debugInfo: err.debugInfo, loaded: a.values };
    }
  });
  expect(outcome).toMatchObject({
    code: "ItemNotFound",
    loaded: [["x"]],
    debugInfo: { errorLocation: "WorksheetCollection.getItem" },
  });
  expect(outcome?.debugInfo.statement).toMatch(/worksheets\.getItem\(/);
  expect(outcome?.debugInfo.surroundingStatements?.length).toBeGreaterThan(0);
});

test("a one-cell write costs what Microsoft's client sends: about 300 bytes, not our old 81", async () => {
  host.resetSyncLog();
  await Excel.run(async (ctx) => {
    sheet(ctx).getRange("C3").values = [[7]];
  });
  const [write] = host.syncLog;
  expect(write.payloadBytes).toBeGreaterThan(250);
  expect(write.cellsCarried).toBe(1);
});

test("the client releases what it kept after Excel.run in a request of its own, not counted as a sync", async () => {
  host.resetSyncLog();
  await Excel.run(async (ctx) => {
    const r = sheet(ctx).getRange("A1");
    r.load("address");
    await ctx.sync();
  });
  // the release is sent without waiting for it (fire and forget): let the event loop turn until it arrives
  for (let turns = 0; turns < 50 && host.releaseRequests === 0; turns++)
    await new Promise<void>((done) => setImmediate(done));
  expect(host.syncLog).toHaveLength(1);
  expect(host.releaseRequests).toBe(1);
});

test("canary: Microsoft's client still sends its requests through the seam the host answers at", async () => {
  expect(seamProblems(globalThis)).toEqual([]);
  const seen: Array<{ body: string; flags: number }> = [];
  const forward: RichApiExecutor = (message, callback) => {
    seen.push({ body: String(message[MESSAGE_BODY]), flags: Number(message[MESSAGE_FLAGS]) });
    callback({ status: "succeeded", value: { data: [200, [], '{"Results":[]}'] } });
  };
  connectClient(globalThis, forward);
  try {
    await Excel.run({ delayForCellEdit: true }, async (ctx) => {
      sheet(ctx).getRange("A1").values = [[1]];
      await ctx.sync();
    });
  } finally {
    host.install(globalThis);
  }
  expect(seen).toHaveLength(1);
  const body = JSON.parse(seen[0].body) as {
    Actions: Array<{ ActionType: number; Name: string }>;
    ObjectPaths: Record<string, { ObjectPathType: number; Name: string }>;
  };
  // SetProperty (4) of "Values" on a GetRange (3) method path below an Indexer (5) of the Worksheets property (4)
  expect(body.Actions.map((a) => [a.ActionType, a.Name])).toContainEqual([4, "Values"]);
  expect(Object.values(body.ObjectPaths).map((p) => [p.ObjectPathType, p.Name])).toEqual(
    expect.arrayContaining([
      [1, ""],
      [4, "Worksheets"],
      [5, ""],
      [3, "GetRange"],
    ])
  );
  // delayForCellEdit is request flag 64
  expect(seen[0].flags & 64).toBe(64);
});

describe("the person editing a cell", () => {
  test("a run without delayForCellEdit fails with Excel's InvalidOperationInCellEditMode and writes nothing", async () => {
    host.editCell.start();
    const failure = await Excel.run(async (ctx) => {
      sheet(ctx).getRange("B2").values = [[2]];
      await ctx.sync();
    }).catch((e: unknown) => e);
    // Microsoft's client turns the host's code 5004 into Excel's own error code and sentence
    expect(failure).toMatchObject({
      name: "RichApi.Error",
      code: "InvalidOperationInCellEditMode",
      message: expect.stringContaining("Excel is in cell-editing mode"),
    });
    host.editCell.end();
    expect(host.getValues("Sheet1", "B2")).toEqual([[1]]);
  });

  test("a run with delayForCellEdit waits until the person leaves the cell, then runs", async () => {
    host.editCell.start();
    const writing = Excel.run({ delayForCellEdit: true }, async (ctx) => {
      sheet(ctx).getRange("B2").values = [[2]];
      await ctx.sync();
    });
    for (let turns = 0; turns < 50 && host.editCell.waiting === 0; turns++)
      await new Promise<void>((done) => setImmediate(done));
    expect(host.editCell.waiting).toBe(1);
    expect(host.getValues("Sheet1", "B2")).toEqual([[1]]);
    host.editCell.end();
    await writing;
    expect(host.editCell.waiting).toBe(0);
    expect(host.getValues("Sheet1", "B2")).toEqual([[2]]);
  });
});
