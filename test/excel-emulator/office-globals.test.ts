// The Office globals: ribbon actions, onReady, requirement sets, theme, task pane, install.
import { createExcelHost } from "../../dev/excel-emulator";

test("Office.actions.associate registers a handler that the host invokes; completed() is recorded", async () => {
  const host = createExcelHost();
  const seen: string[] = [];
  host.Office.actions.associate("refreshSheet", async (event: Office.AddinCommands.Event) => {
    await new Promise((r) => setTimeout(r, 5));
    seen.push("ran");
    event.completed();
  });
  host.Office.actions.associate("forgetful", () => undefined);
  expect(host.actions.ids()).toEqual(["refreshSheet", "forgetful"]);
  await expect(host.actions.invoke("refreshSheet")).resolves.toEqual({ completed: true });
  expect(seen).toEqual(["ran"]);
  await expect(host.actions.invoke("forgetful", { timeoutMs: 20 })).resolves.toEqual({
    completed: false,
  });
});

test("a ribbon click that arrives before Office.actions.associate is dropped, as in Excel (office-js#5176)", async () => {
  const host = createExcelHost();
  let runs = 0;
  // The add-in associates only after Office.onReady, as the old entry did: Excel delivered the click first.
  const early = host.actions.invoke("refreshSheet");
  void host.Office.onReady().then(() =>
    host.Office.actions.associate("refreshSheet", (event: Office.AddinCommands.Event) => {
      runs++;
      event.completed();
    })
  );
  await expect(early).resolves.toEqual({ completed: false, dropped: true });
  expect(host.actions.dropped).toEqual(["refreshSheet"]);
  await host.Office.onReady();
  await expect(host.actions.invoke("refreshSheet")).resolves.toEqual({ completed: true });
  expect(runs).toBe(1);
});

test("a click made while Office.js loads runs when the command was associated synchronously at start", async () => {
  const host = createExcelHost();
  const early = host.actions.invoke("pushSelection");
  host.Office.actions.associate("pushSelection", (event: Office.AddinCommands.Event) =>
    event.completed()
  );
  await expect(early).resolves.toEqual({ completed: true });
  expect(host.actions.dropped).toEqual([]);
});

test("repeated clicks on one command queue until the running one calls event.completed()", async () => {
  const host = createExcelHost();
  const log: string[] = [];
  const pending: Array<() => void> = [];
  let n = 0;
  host.Office.actions.associate("refreshSheet", (event: Office.AddinCommands.Event) => {
    const i = ++n;
    log.push(`start ${i}`);
    pending.push(() => {
      log.push(`complete ${i}`);
      event.completed();
    });
  });
  const first = host.actions.invoke("refreshSheet");
  const second = host.actions.invoke("refreshSheet");
  await host.Office.onReady();
  await new Promise((r) => setTimeout(r, 0));
  expect(log).toEqual(["start 1"]); // the second click waits
  pending.shift()!();
  await first;
  await new Promise((r) => setTimeout(r, 0));
  expect(log).toEqual(["start 1", "complete 1", "start 2"]);
  pending.shift()!();
  await expect(second).resolves.toEqual({ completed: true });
});

test("Office.onReady resolves with the Excel host and requirement sets go up to ExcelApi 1.17", async () => {
  const host = createExcelHost();
  await expect(host.Office.onReady()).resolves.toMatchObject({ host: "Excel" });
  expect(host.Office.context.requirements.isSetSupported("ExcelApi", "1.17")).toBe(true);
  expect(host.Office.context.requirements.isSetSupported("ExcelApi", "1.18")).toBe(false);
  expect(host.Office.context.requirements.isSetSupported("SharedRuntime", "1.1")).toBe(true);
});

test("Office.context.officeTheme gives the host's theme each time it is read", () => {
  const host = createExcelHost();
  expect(host.Office.context.officeTheme.bodyBackgroundColor).toBe("#FFFFFF");
  host.theme.set("dark");
  expect(host.Office.context.officeTheme.bodyBackgroundColor).toBe("#292929");
});

const addHandler = (host: ReturnType<typeof createExcelHost>, eventType: unknown) =>
  new Promise<Office.AsyncResult<void>>((resolve) =>
    (host.Office.context.document.addHandlerAsync as (...a: unknown[]) => void)(
      eventType,
      () => undefined,
      (r: Office.AsyncResult<void>) => resolve(r)
    )
  );

test("Excel's Office.EventType has no theme event, and adding a handler for it fails with 5007 as production Office.js does", async () => {
  const host = createExcelHost();
  const eventTypes = host.Office.EventType as unknown as Record<string, string>;
  expect(Object.keys(eventTypes).filter((k) => /theme/i.test(k))).toEqual([]);
  for (const type of [eventTypes["Office" + "ThemeChanged"], "office" + "ThemeChanged"]) {
    const result = await addHandler(host, type);
    expect(result.status).toBe("failed");
    expect(result.error).toEqual({
      code: 5007,
      name: "Unsupported Enumeration",
      message: "The enumeration isn't supported in the current host application.",
    });
  }
});

test("an event type Excel's document does not raise throws Office.js's invalid-parameters string", () => {
  const host = createExcelHost();
  expect(() =>
    host.Office.context.document.addHandlerAsync(
      host.Office.EventType.SettingsChanged,
      () => undefined
    )
  ).toThrow("Function addHandlerAsync has invalid parameters.");
});

test("DocumentSelectionChanged handlers run when the person selects cells", async () => {
  const host = createExcelHost();
  let seen = 0;
  await new Promise((done) =>
    host.Office.context.document.addHandlerAsync(
      host.Office.EventType.DocumentSelectionChanged,
      () => seen++,
      done
    )
  );
  host.select("Sheet1", "B2");
  expect(seen).toBe(1);
});

test("Office.addin.onVisibilityModeChanged reports the pane shown and hidden, and its remover stops it", async () => {
  const host = createExcelHost();
  const seen: string[] = [];
  const remove = await host.Office.addin.onVisibilityModeChanged((m) =>
    seen.push(m.visibilityMode)
  );
  host.taskpane.visible = true;
  host.taskpane.visible = false;
  await remove();
  host.taskpane.visible = true;
  expect(seen).toEqual(["Taskpane", "Hidden"]);
});

test("a host that ignores showAsTaskpane (Marketplace install) resolves it and leaves the pane closed", async () => {
  const host = createExcelHost({ showAsTaskpane: "ignored" });
  await expect(host.Office.addin.showAsTaskpane()).resolves.toBeUndefined();
  expect(host.taskpane.visible).toBe(false);
});

test("Office.addin.showAsTaskpane makes the task pane visible and tells the host", async () => {
  const host = createExcelHost();
  let shown = 0;
  host.taskpane.onShow(() => shown++);
  await host.Office.addin.showAsTaskpane();
  expect(host.taskpane.visible).toBe(true);
  expect(shown).toBe(1);
  await host.Office.addin.hide();
  expect(host.taskpane.visible).toBe(false);
});

test("install puts the emulator's Office and OfficeRuntime on the target and uninstall restores it", async () => {
  const host = createExcelHost();
  const target: Record<string, unknown> = { Office: "previous" };
  host.install(target);
  expect(target.Office).toBe(host.Office);
  expect(target.OfficeRuntime).toBe(host.OfficeRuntime);
  host.uninstall();
  expect(target).toEqual({ Office: "previous" });
});

test("on the global, Excel and OfficeExtension are Microsoft's client, connected to the host", async () => {
  const host = createExcelHost();
  host.install(globalThis);
  try {
    expect(Excel.RangeValueType.error).toBe("Error");
    expect(Excel.ErrorCodes.itemNotFound).toBe("ItemNotFound");
    host.setValue("Sheet1", "A1", 42);
    const v = await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1");
      r.load("values");
      await ctx.sync();
      return r.values;
    });
    expect(v).toEqual([[42]]);
  } finally {
    host.uninstall();
  }
});

test("onChange fires after a sync that changed the workbook and after host edits, not after reads", async () => {
  const host = createExcelHost();
  let changes = 0;
  host.onChange(() => changes++);
  host.setValue("Sheet1", "A1", 1);
  await host.Excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").load("values");
    await ctx.sync();
    ctx.workbook.worksheets.getItem("Sheet1").getRange("A2").values = [[2]];
  });
  expect(changes).toBe(2);
});

describe("the add-in's startup behaviour and a document open", () => {
  test("Office.addin.setStartupBehavior(load) is read back, kept with the document, and makes Excel load the add-in at the next open with its pane closed", async () => {
    const host = createExcelHost();
    const office = host.Office;
    expect(await office.addin.getStartupBehavior()).toBe(office.StartupBehavior.none);
    expect(host.saveAndReopen()).toEqual({ addinLoaded: false });
    await office.addin.setStartupBehavior(office.StartupBehavior.load);
    expect(await office.addin.getStartupBehavior()).toBe("Load");
    host.taskpane.visible = true;
    expect(host.saveAndReopen()).toEqual({ addinLoaded: true });
    expect(host.taskpane.visible).toBe(false); // loaded without its UI
    expect(host.startupBehavior).toBe("Load");
    await office.addin.setStartupBehavior(office.StartupBehavior.none);
    expect(host.saveAndReopen()).toEqual({ addinLoaded: false });
  });

  test("a startup behaviour other than Load or None is refused with InvalidArgument, and nothing changes", async () => {
    const host = createExcelHost();
    await expect(
      host.Office.addin.setStartupBehavior("Always" as Office.StartupBehavior)
    ).rejects.toMatchObject({ code: "InvalidArgument" });
    expect(host.startupBehavior).toBe("None");
  });
});
