// The add-in's Office dialog as Excel shows it: a window of its own over the workbook, with the add-in's
// name and a close button, holding the add-in's dialog page. It sits over the sheet area only, so the task
// pane beside it stays visible and usable. Excel sizes it in percent of its window (DialogOptions).
import type { OpenDialog } from "../excel-emulator";

/** The page to load: the add-in's dialog.html is served as workbench-dialog.html, which brings the emulated Office. */
function workbenchPage(url: string): string {
  const u = new URL(url);
  u.pathname = u.pathname.replace(/dialog\.html$/, "workbench-dialog.html");
  return u.href;
}

export function DialogFrame({
  dialog,
  dark,
  onClose,
}: {
  dialog: OpenDialog;
  /** Office's theme is dark: Office draws the dialog's frame in it */
  dark: boolean;
  onClose: () => void;
}) {
  return (
    <div className="wb-dialog-layer">
      <div
        className={dark ? "wb-dialog wb-dialog-dark" : "wb-dialog"}
        role="dialog"
        aria-label="Claret dialog"
        style={{ width: `max(320px, ${dialog.width}vw)`, height: `max(240px, ${dialog.height}vh)` }}
      >
        <div className="wb-dialog-title">
          <span>Claret</span>
          <button
            className="wb-pane-close"
            aria-label="Close dialog"
            title="Close dialog"
            onClick={onClose}
          >
            ✕
          </button>
        </div>
        <iframe
          className="wb-dialog-page"
          title="Claret dialog page"
          src={workbenchPage(dialog.url)}
        />
      </div>
    </div>
  );
}
