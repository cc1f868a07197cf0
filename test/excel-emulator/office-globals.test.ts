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
  await expect(host.actions.invoke("missing")).rejects.toThrow(
    "No function is associated with the action id 'missing'"
  );
});

test("Office.onReady resolves with the Excel host and requirement sets go up to ExcelApi 1.17", async () => {
  const host = createExcelHost();
  await expect(host.Office.onReady()).resolves.toMatchObject({ host: "Excel" });
  expect(host.Office.context.requirements.isSetSupported("ExcelApi", "1.17")).toBe(true);
  expect(host.Office.context.requirements.isSetSupported("ExcelApi", "1.18")).toBe(false);
  expect(host.Office.context.requirements.isSetSupported("SharedRuntime", "1.1")).toBe(true);
});

test("the host theme changes Office.context.officeTheme", () => {
  const host = createExcelHost();
  expect(host.Office.context.officeTheme.bodyBackgroundColor).toBe("#FFFFFF");
  host.theme.set("dark");
  expect(host.Office.context.officeTheme.bodyBackgroundColor).toBe("#292929");
});

const addThemeHandler = (
  host: ReturnType<typeof createExcelHost>,
  handler: (args: unknown) => void
) =>
  new Promise<Office.AsyncResult<void>>((resolve) =>
    host.Office.context.document.addHandlerAsync(
      host.Office.EventType.OfficeThemeChanged,
      handler,
      (r: Office.AsyncResult<void>) => resolve(r)
    )
  );

test("an OfficeThemeChanged handler added on the document runs with the new theme when the host switches to dark and back", async () => {
  const host = createExcelHost();
  const seen: unknown[] = [];
  await expect(addThemeHandler(host, (args) => seen.push(args))).resolves.toMatchObject({
    status: "succeeded",
  });
  host.theme.set("dark");
  host.theme.set("light");
  expect(seen).toEqual([
    {
      type: "officeThemeChanged",
      officeTheme: expect.objectContaining({
        bodyBackgroundColor: "#292929",
        bodyForegroundColor: "#FFFFFF",
      }),
    },
    {
      type: "officeThemeChanged",
      officeTheme: expect.objectContaining({
        bodyBackgroundColor: "#FFFFFF",
        bodyForegroundColor: "#242424",
      }),
    },
  ]);
});

test("a theme handler removed with removeHandlerAsync no longer runs", async () => {
  const host = createExcelHost();
  let calls = 0;
  const handler = () => calls++;
  await addThemeHandler(host, handler);
  await new Promise((done) =>
    host.Office.context.document.removeHandlerAsync(
      host.Office.EventType.OfficeThemeChanged,
      { handler },
      done
    )
  );
  host.theme.set("dark");
  expect(calls).toBe(0);
});

test("adding a handler for an event the emulator does not raise fails in the callback with the reason", async () => {
  const host = createExcelHost();
  const result = await new Promise<Office.AsyncResult<void>>((resolve) =>
    host.Office.context.document.addHandlerAsync(
      host.Office.EventType.DocumentSelectionChanged,
      () => undefined,
      resolve
    )
  );
  expect(result.status).toBe("failed");
  expect(result.error.message).toMatch(/does not raise 'documentSelectionChanged'/);
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

test("install puts Excel, Office, OfficeRuntime and OfficeExtension on the target and uninstall restores it", async () => {
  const host = createExcelHost();
  const target: Record<string, unknown> = { Office: "previous" };
  host.install(target);
  expect(target.Excel).toBe(host.Excel);
  expect((target.Excel as typeof Excel).RangeValueType.error).toBe("Error");
  expect((target.Excel as typeof Excel).SpecialCellType.visible).toBe("Visible");
  expect(new (target.OfficeExtension as typeof OfficeExtension).Error()).toBeInstanceOf(Error);
  host.uninstall();
  expect(target).toEqual({ Office: "previous" });
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
