// The Office dialog API of the emulator: one dialog at a time on the add-in's own origin, messageParent with
// the page's origin, and 12006 when the person closes it (learn.microsoft.com, dialog-handle-errors-events).
import { createExcelHost, DialogCodes } from "../../dev/excel-emulator";

const ORIGIN = "https://addin.example";

function hostOnOrigin() {
  const host = createExcelHost();
  const page: Record<string, unknown> = { location: { origin: ORIGIN } };
  host.install(page);
  return host;
}

const open = (host: ReturnType<typeof createExcelHost>, url: string) =>
  new Promise<Office.AsyncResult<Office.Dialog>>((resolve) =>
    host.Office.context.ui.displayDialogAsync(url, { width: 30, height: 30 }, resolve)
  );

test("a dialog on the add-in's origin opens; its page's messageParent reaches DialogMessageReceived with that origin", async () => {
  const host = hostOnOrigin();
  const result = await open(host, `${ORIGIN}/dialog.html?text=hi`);
  expect(result.status).toBe("succeeded");
  expect(host.dialog.current).toMatchObject({ url: `${ORIGIN}/dialog.html?text=hi`, width: 30 });
  const seen: unknown[] = [];
  result.value.addEventHandler(host.Office.EventType.DialogMessageReceived, (arg) =>
    seen.push(arg)
  );
  const page = { location: { origin: ORIGIN } } as unknown as Window & { Office?: typeof Office };
  host.dialog.installDialogPage(page);
  page.Office!.context.ui.messageParent('{"action":"close"}', { targetOrigin: ORIGIN });
  page.Office!.context.ui.messageParent("lost", { targetOrigin: "https://elsewhere.example" });
  expect(seen).toEqual([
    { type: "dialogMessageReceived", message: '{"action":"close"}', origin: ORIGIN },
  ]);
  result.value.close();
  expect(host.dialog.current).toBeNull();
});

test("a second dialog while one is open fails with 12007; another origin fails with 12004", async () => {
  const host = hostOnOrigin();
  await open(host, `${ORIGIN}/dialog.html`);
  await expect(open(host, `${ORIGIN}/dialog.html`)).resolves.toMatchObject({
    status: "failed",
    error: { code: DialogCodes.alreadyOpen },
  });
  host.dialog.closeByUser();
  await expect(open(host, "https://elsewhere.example/dialog.html")).resolves.toMatchObject({
    status: "failed",
    error: { code: DialogCodes.domainNotTrusted },
  });
});

test("closing the dialog with its ✕ tells the add-in DialogEventReceived 12006", async () => {
  const host = hostOnOrigin();
  const { value: dialog } = await open(host, `${ORIGIN}/dialog.html`);
  const events: unknown[] = [];
  dialog.addEventHandler(host.Office.EventType.DialogEventReceived, (arg) => events.push(arg));
  host.dialog.closeByUser();
  expect(events).toEqual([{ type: "dialogEventReceived", error: 12006 }]);
  expect(host.dialog.history).toEqual([expect.objectContaining({ ended: "closed by user" })]);
});

test("Dialog.close() is asynchronous: a dialog opened right after fails with 12007, one opened once the close is done opens", async () => {
  const host = hostOnOrigin();
  const { value: first } = await open(host, `${ORIGIN}/dialog.html?n=1`);
  first.close();
  expect(host.dialog.current).toBeNull(); // gone from view at once…
  await expect(open(host, `${ORIGIN}/dialog.html?n=2`)).resolves.toMatchObject({
    status: "failed",
    error: { code: DialogCodes.alreadyOpen },
  }); // …but Office has not finished closing it
  const closed = () => host.dialog.history[0]?.ended === "closed by add-in";
  while (!closed()) await new Promise((r) => setTimeout(r, 10)); // polling the host's state, not a fixed wait
  await expect(open(host, `${ORIGIN}/dialog.html?n=3`)).resolves.toMatchObject({
    status: "succeeded",
  });
  expect(host.dialog.current).toMatchObject({ url: `${ORIGIN}/dialog.html?n=3` });
});
