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
