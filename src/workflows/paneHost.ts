// The Office host as the pane and the ribbon see it (theme, pane visibility, showing the pane, the
// message dialog), for the UI layers, which call only workflows. Kept free of the Claret client so the
// first paint stays small.
import { onPaneVisibility, type PaneVisibility } from "../excel/officeHost";

export {
  closeDialog,
  loadsAtOpen,
  messageOpener,
  onPaneVisibility,
  readOfficeTheme,
  showDialog,
  showTaskpane,
  type OfficeThemeColors,
  type PaneVisibility,
} from "../excel/officeHost";

// Whether the pane is in view, as far as the add-in can know: Office reports each change
// (onVisibilityModeChanged) but offers no way to ask, so until the first change or the first touch of the
// pane by the planner it is unknown.
let visibility: PaneVisibility | "unknown" = "unknown";
const waiters = new Set<() => void>();
let tracking = false;

function setVisibility(v: PaneVisibility): void {
  visibility = v;
  if (v === "Taskpane") for (const w of [...waiters]) w();
}

/** Starts following the pane's visibility (once; after Office.onReady). */
export function trackPaneVisibility(): void {
  if (tracking) return;
  tracking = true;
  onPaneVisibility(setVisibility);
}

/** The planner touched the pane (pointer, key, focus): it is in view. */
export function markPaneSeen(): void {
  setVisibility("Taskpane");
}

/** Resolves true as soon as the pane is known to be in view, false after `ms` without that. */
export function paneShownWithin(ms: number): Promise<boolean> {
  if (visibility === "Taskpane") return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (shown: boolean) => {
      waiters.delete(onShown);
      clearTimeout(timer);
      resolve(shown);
    };
    const onShown = () => done(true);
    waiters.add(onShown);
    const timer = setTimeout(() => done(false), ms);
  });
}
