// The Office dialog API as Excel offers it (DialogApi 1.1/1.2, DialogOrigin 1.1): the add-in opens one dialog
// at a time with Office.context.ui.displayDialogAsync; the dialog page talks back with messageParent; the
// parent hears DialogMessageReceived ({ message, origin }) and DialogEventReceived ({ error: 12006 } when the
// person closes it). Sources: learn.microsoft.com "Use the Office dialog API", "Handle errors and events in
// the Office dialog box", Office.Dialog / Office.UI reference (see README.md).

/** displayDialogAsync errors and dialog events (learn.microsoft.com, dialog-handle-errors-events). */
export const DialogCodes = {
  domainNotTrusted: 12004,
  httpsRequired: 12005,
  closedByUser: 12006,
  alreadyOpen: 12007,
} as const;

const MESSAGES: Record<number, string> = {
  12004:
    "The domain of the URL is not included in the AppDomains element in the manifest, and is not subdomain of source location.",
  12005: "The URL scheme is not supported. Use HTTPS instead.",
  12007: "The operation failed because this add-in already has an active dialog.",
};

export interface OpenDialog {
  url: string;
  /** percent of the Office window, as DialogOptions gives them */
  width: number;
  height: number;
  displayInIframe: boolean;
}

type Handler = (args: Record<string, unknown>) => void;
type AsyncCallback = (result: {
  status: "succeeded" | "failed";
  value?: unknown;
  error: { code: number; name: string; message: string } | null;
}) => void;

export class DialogHost {
  private open: (OpenDialog & { handlers: Map<string, Set<Handler>> }) | null = null;
  private readonly listeners = new Set<() => void>();
  /** every dialog opened, for tests: url and how it ended */
  readonly history: Array<OpenDialog & { ended?: "closed by add-in" | "closed by user" }> = [];

  /**
   * @param closeMs how long `Dialog.close()` takes to finish: the dialog is gone from view at once, but until then
   * another displayDialogAsync fails with 12007 (learn.microsoft.com dialog-best-practices, "Opening another dialog
   * immediately after closing one": "The close method is asynchronous"; office-js#1451). How long real Office takes is
   * not documented; the default is an inference.
   */
  constructor(
    private readonly addinOrigin: () => string | undefined,
    private readonly closeMs = 50
  ) {}

  private view: OpenDialog | null = null;

  /** the open dialog (the same object until it closes, so a UI can compare snapshots) */
  get current(): OpenDialog | null {
    return this.view;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private changed() {
    for (const l of [...this.listeners]) l();
  }

  /** Office.context.ui.displayDialogAsync(startAddress[, options][, callback]) */
  displayDialogAsync = (startAddress: string, ...rest: unknown[]): void => {
    const callback = rest.find((a) => typeof a === "function") as AsyncCallback | undefined;
    const options = (rest.find((a) => a && typeof a === "object") ?? {}) as Partial<{
      width: number;
      height: number;
      displayInIframe: boolean;
    }>;
    const fail = (code: number): void =>
      void setTimeout(
        () =>
          callback?.({
            status: "failed",
            error: { code, name: "Display Dialog Error", message: MESSAGES[code] },
          }),
        0
      );
    let url: URL;
    try {
      url = new URL(startAddress);
    } catch {
      return fail(DialogCodes.domainNotTrusted);
    }
    const origin = this.addinOrigin();
    // HTTPS is required; the workbench and jest run on http://127.0.0.1, so http is refused only when the
    // add-in itself is on https (a difference from Excel, listed in README.md).
    if (url.protocol === "http:" && origin?.startsWith("https:"))
      return fail(DialogCodes.httpsRequired);
    if (origin !== undefined && url.origin !== origin) return fail(DialogCodes.domainNotTrusted);
    if (this.open) return fail(DialogCodes.alreadyOpen);
    const entry = {
      url: url.href,
      width: options.width ?? 80,
      height: options.height ?? 80,
      displayInIframe: options.displayInIframe === true,
      handlers: new Map<string, Set<Handler>>(),
    };
    this.open = entry;
    this.view = {
      url: entry.url,
      width: entry.width,
      height: entry.height,
      displayInIframe: entry.displayInIframe,
    };
    this.history.push({ ...this.view });
    let closing = false;
    const dialog = {
      addEventHandler: (eventType: string, handler: Handler) => {
        if (!entry.handlers.has(eventType)) entry.handlers.set(eventType, new Set());
        entry.handlers.get(eventType)!.add(handler);
      },
      close: () => {
        if (this.open !== entry || closing) return;
        closing = true;
        // gone from view now; Office has finished closing it only later
        this.view = null;
        this.changed();
        setTimeout(() => this.end("closed by add-in"), this.closeMs);
      },
      messageChild: () => undefined,
      sendMessage: () => undefined,
    };
    this.changed();
    setTimeout(() => callback?.({ status: "succeeded", value: dialog, error: null }), 0);
  };

  private end(how: "closed by add-in" | "closed by user") {
    const last = this.history[this.history.length - 1];
    if (last) last.ended = how;
    this.open = null;
    this.view = null;
    this.changed();
  }

  private fire(eventType: string, args: Record<string, unknown>) {
    for (const h of [...(this.open?.handlers.get(eventType) ?? [])]) h(args);
  }

  /** the person closes the dialog with its ✕: DialogEventReceived with 12006, and it is gone */
  closeByUser(): void {
    if (!this.open || this.view === null) return; // none, or already closing
    this.fire("dialogEventReceived", {
      type: "dialogEventReceived",
      error: DialogCodes.closedByUser,
    });
    this.end("closed by user");
  }

  /** what the dialog page's messageParent sends: DialogMessageReceived with the page's origin (DialogOrigin 1.1) */
  messageFromDialog(message: string, origin: string, targetOrigin?: string): void {
    if (!this.open || this.view === null) return;
    // messageParent({ targetOrigin }): delivered only when the parent is on that origin.
    const parent = this.addinOrigin();
    if (targetOrigin !== undefined && targetOrigin !== "*" && parent !== undefined)
      if (targetOrigin !== parent) return;
    this.fire("dialogMessageReceived", { type: "dialogMessageReceived", message, origin });
  }
}

/**
 * The `Office` global of a dialog page: onReady, the Office theme, requirement sets, and
 * Office.context.ui.messageParent, which reaches the parent's DialogMessageReceived handlers.
 */
export function createDialogOffice(
  dialogs: DialogHost,
  dialogWindow: { location: { origin: string } },
  parent: { context: { officeTheme: unknown; requirements: unknown }; EventType: unknown }
) {
  const info = { host: "Excel", platform: "OfficeOnline" };
  return {
    EventType: parent.EventType,
    onReady: (cb?: (i: typeof info) => void) =>
      Promise.resolve().then(() => {
        cb?.(info);
        return info;
      }),
    context: {
      get officeTheme() {
        return parent.context.officeTheme;
      },
      requirements: parent.context.requirements,
      ui: {
        messageParent: (message: unknown, options?: { targetOrigin?: string }) =>
          dialogs.messageFromDialog(
            String(message),
            dialogWindow.location.origin,
            options?.targetOrigin
          ),
      },
    },
  };
}
