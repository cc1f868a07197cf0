// The Office host around the workbook, as the pane and the ribbon commands need it: the Office theme,
// whether the task pane is shown, showing it. Excel raises no theme event for a running add-in, so the
// theme is read when asked for (at start and whenever the pane is shown again).

export interface OfficeThemeColors {
  bodyBackgroundColor?: string;
}

export type PaneVisibility = "Taskpane" | "Hidden";

/** Office.context.officeTheme as the host gives it now; undefined where the host has none. */
export function readOfficeTheme(): OfficeThemeColors | undefined {
  try {
    return Office.context?.officeTheme ?? undefined;
  } catch {
    return undefined;
  }
}

const sharedRuntime = () => {
  try {
    return Office.context?.requirements?.isSetSupported("SharedRuntime", "1.1") === true;
  } catch {
    return false;
  }
};

/**
 * Calls `listener` each time the task pane is shown or hidden (Office.addin.onVisibilityModeChanged,
 * SharedRuntime 1.1). Returns the unsubscribe function; a host without the shared runtime calls nothing.
 */
export function onPaneVisibility(listener: (visibility: PaneVisibility) => void): () => void {
  if (!sharedRuntime()) return () => undefined;
  let remove: (() => Promise<void>) | undefined;
  let stopped = false;
  Office.addin
    .onVisibilityModeChanged((message) =>
      listener(message.visibilityMode === Office.VisibilityMode.taskpane ? "Taskpane" : "Hidden")
    )
    .then((r) => {
      remove = r;
      if (stopped) void r().catch(() => undefined);
    })
    .catch(() => undefined);
  return () => {
    stopped = true;
    void remove?.().catch(() => undefined);
  };
}

/** Asks Office to show the task pane. Resolves whether or not Office did (a Marketplace install ignores it). */
export async function showTaskpane(): Promise<void> {
  if (!sharedRuntime()) return;
  try {
    await Office.addin.showAsTaskpane();
  } catch {
    // Hosts without Office.addin: the pane shows what is waiting when the user opens it.
  }
}

/**
 * Whether Excel loads the add-in (without its pane) each time this document opens: Office.addin.setStartupBehavior,
 * SharedRuntime 1.1, document scope. Resolves false where the host has no shared runtime or refuses.
 */
export async function setLoadAtOpen(load: boolean): Promise<boolean> {
  if (!sharedRuntime()) return false;
  try {
    await Office.addin.setStartupBehavior(
      load ? Office.StartupBehavior.load : Office.StartupBehavior.none
    );
    return true;
  } catch {
    return false;
  }
}

/** Whether this document loads the add-in when it opens (Office.addin.getStartupBehavior); null when unknown. */
export async function loadsAtOpen(): Promise<boolean | null> {
  if (!sharedRuntime()) return null;
  try {
    return (await Office.addin.getStartupBehavior()) === Office.StartupBehavior.load;
  } catch {
    return null;
  }
}

const supports = (set: string, version: string) => {
  try {
    return Office.context?.requirements?.isSetSupported(set, version) === true;
  } catch {
    return false;
  }
};

/** How long to wait for Office to open a dialog before giving up on it (never wait forever). */
const DIALOG_OPEN_TIMEOUT_MS = 10_000;
/** displayDialogAsync's "this add-in already has an active dialog" */
const DIALOG_ALREADY_OPEN = 12007;
/** Pause before asking again after a 12007: Office is still closing the dialog before (Dialog.close() is asynchronous). */
const DIALOG_RETRY_MS = 100;

let openDialog: Office.Dialog | null = null;

/**
 * Opens the add-in's own dialog page (`page`, a path beside the task pane's page, with its query) with the
 * Office dialog API (DialogApi 1.1). Resolves true once it is shown, false when the host has no dialog API,
 * refuses it or does not answer; never waits for the user. Messages from the dialog are taken only from the
 * add-in's own origin (DialogOrigin 1.1); `{"action":"close"}` closes it. A dialog still open from an earlier
 * message is closed first (Office allows one at a time); Office's close is asynchronous, so until it has finished the
 * open fails with 12007 and is asked again, as "Best practices and rules for the Office dialog API" advises.
 */
export function showDialog(page: string): Promise<boolean> {
  if (!supports("DialogApi", "1.1")) return Promise.resolve(false);
  const url = new URL(page, window.location.href).href;
  const ownOrigin = window.location.origin;
  closeDialog();
  return new Promise<boolean>((resolve) => {
    let settled = false;
    const settle = (shown: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(shown);
    };
    const timer = setTimeout(() => settle(false), DIALOG_OPEN_TIMEOUT_MS);
    const attempt = () =>
      Office.context.ui.displayDialogAsync(
        url,
        { height: 34, width: 32, displayInIframe: true },
        (result) => {
          if (result.status !== Office.AsyncResultStatus.Succeeded) {
            if (result.error.code === DIALOG_ALREADY_OPEN && !settled)
              return void setTimeout(tryToOpen, DIALOG_RETRY_MS);
            return settle(false);
          }
          const dialog = result.value;
          if (settled) return dialog.close(); // too late: the planner was told another way
          openDialog = dialog;
          dialog.addEventHandler(Office.EventType.DialogMessageReceived, (arg) => {
            if (!("message" in arg)) return; // an error event, not a message
            const { message, origin } = arg;
            if (origin !== undefined && origin !== ownOrigin) return; // not our page
            try {
              if ((JSON.parse(message) as { action?: string }).action === "close") closeDialog();
            } catch {
              /* not a message of ours */
            }
          });
          dialog.addEventHandler(Office.EventType.DialogEventReceived, () => {
            // 12006 closed by the person, 12002/12003 the page failed: it is gone either way
            if (openDialog === dialog) openDialog = null;
          });
          settle(true);
        }
      );
    const tryToOpen = () => {
      try {
        attempt();
      } catch {
        settle(false);
      }
    };
    tryToOpen();
  });
}

export function closeDialog(): void {
  const dialog = openDialog;
  openDialog = null;
  try {
    dialog?.close();
  } catch {
    /* already closed */
  }
}

/** From the dialog page: sends a message to the add-in that opened it, to the add-in's own origin only. */
export function messageOpener(message: string): void {
  if (supports("DialogOrigin", "1.1"))
    Office.context.ui.messageParent(message, { targetOrigin: window.location.origin });
  else Office.context.ui.messageParent(message);
}
