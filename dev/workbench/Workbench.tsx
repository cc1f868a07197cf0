// The workbench page: Excel's frame in miniature — ribbon strip, grid with sheet tabs, and the task
// pane beside it running the real add-in against the emulated host.
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { DialogFrame } from "./DialogFrame";
import { Grid } from "./Grid";
import { Ribbon } from "./Ribbon";
import type { WorkbookView } from "./workbookView";

export interface WorkbenchProps {
  view: WorkbookView;
  /** mounts the add-in's task pane into the element given (once) */
  mountPane: (container: HTMLElement) => void;
}

export function Workbench({ view, mountPane }: WorkbenchProps) {
  const version = useSyncExternalStore(view.subscribe, view.version);
  const paneVisible = useSyncExternalStore(view.subscribePane, view.paneVisible);
  const theme = useSyncExternalStore(view.subscribeTheme, view.theme);
  const dialog = useSyncExternalStore(view.subscribeDialog, view.dialog);
  const paneRef = useRef<HTMLDivElement>(null);
  const [mounted, setMounted] = useState(false);

  useEffect(() => {
    if (mounted || !paneRef.current) return;
    mountPane(paneRef.current);
    setMounted(true);
  }, [mounted, mountPane]);

  const sheets = view.sheets().filter((s) => s.visible);
  const active = view.activeSheet();

  return (
    // Layout on an inner element, never on the provider: Fluent copies the provider's className to the
    // portal mount nodes, where a full-height box would cover the page.
    <FluentProvider theme={webLightTheme}>
      <div className="wb-frame">
        <div className="wb-titlebar">
          <strong>Book1 — Excel (emulated)</strong>
          {view.dateSystem() === 1904 ? <span>1904 date system</span> : null}
          <span>Claret for Excel workbench: the real add-in against a local Claret simulator</span>
          <button
            className="wb-reopen"
            title="Save, close and open this workbook again, as Excel does: the add-in starts again with it"
            onClick={() => void view.reopen()}
          >
            Reopen workbook
          </button>
        </div>
        <Ribbon
          invoke={view.invoke}
          paneVisible={paneVisible}
          onTogglePane={view.setPaneVisible}
          darkTheme={theme === "dark"}
          onToggleDarkTheme={(dark) => view.setTheme(dark ? "dark" : "light")}
        />
        <div className="wb-body">
          <main className="wb-sheet-area" aria-label="Workbook">
            {active ? (
              <Grid view={view} sheet={active} version={version} />
            ) : (
              <div style={{ flex: 1 }} />
            )}
            <div className="wb-tabs" role="tablist" aria-label="Sheets">
              {sheets.map((s) => (
                <button
                  key={s.name}
                  role="tab"
                  className="wb-tab"
                  aria-selected={s.name === active}
                  tabIndex={s.name === active ? 0 : -1}
                  onClick={() => view.activate(s.name)}
                  onKeyDown={(e) => {
                    const i = sheets.findIndex((x) => x.name === s.name);
                    const next =
                      e.key === "ArrowRight"
                        ? sheets[i + 1]
                        : e.key === "ArrowLeft"
                          ? sheets[i - 1]
                          : undefined;
                    if (next) {
                      view.activate(next.name);
                      (
                        e.currentTarget.parentElement?.children[
                          i + (e.key === "ArrowRight" ? 1 : -1)
                        ] as HTMLElement | undefined
                      )?.focus();
                    }
                  }}
                >
                  {s.name}
                </button>
              ))}
            </div>
            {dialog && (
              <DialogFrame dialog={dialog} dark={theme === "dark"} onClose={view.closeDialog} />
            )}
          </main>
          <aside
            className={theme === "dark" ? "wb-pane wb-pane-dark" : "wb-pane"}
            aria-label="Claret task pane"
            hidden={!paneVisible}
          >
            <div className="wb-pane-title">
              <span>Claret</span>
              <button
                className="wb-pane-close"
                aria-label="Close task pane"
                title="Close task pane"
                onClick={() => view.setPaneVisible(false)}
              >
                ✕
              </button>
            </div>
            <div className="wb-pane-body">
              <div id="container" ref={paneRef} />
            </div>
          </aside>
        </div>
      </div>
    </FluentProvider>
  );
}
