// The signed-in pane with no push view open: the pull form, this sheet's actions (refresh, the three pushes and
// its table's "Refresh when this workbook opens") and this workbook's Refresh all, under the works in progress.
import { Suspense, type ReactNode } from "react";
import { Button, Divider, Spinner } from "@fluentui/react-components";
import type { SalesQuery, UserMessage } from "../workflows/api";
import type { PullValues } from "./formValidation";
import type { PaneViewName } from "./paneState";
import { usePaneStyles } from "./paneStyles";
import { ViewBoundary } from "./ViewBoundary";
import { PullForm, RefreshOnOpenChoice } from "./lazyViews";

export interface SignedInViewProps {
  /** the works in progress (RunningWorks), shown above the form */
  progress: ReactNode;
  /** a work is running: the pane's own actions wait */
  busy: boolean;
  /** changes each time the planner comes back to the pane (the active sheet may be another) */
  lookedAt: number;
  defaultPull?: Partial<PullValues>;
  onPull: (query: SalesQuery) => void;
  onRefresh: () => void;
  onRefreshAll: () => void;
  onOpenView: (view: Exclude<PaneViewName, "pull">) => void;
  onMessage: (message: UserMessage | null) => void;
}

export function SignedInView({
  progress,
  busy,
  lookedAt,
  defaultPull,
  onPull,
  onRefresh,
  onRefreshAll,
  onOpenView,
  onMessage,
}: SignedInViewProps) {
  const pane = usePaneStyles();
  return (
    <ViewBoundary onMessage={onMessage}>
      <Suspense fallback={<Spinner size="small" label="Loading…" />}>
        {progress}
        <section className={pane.stack} aria-label="Pull sales">
          <h2 className={pane.heading}>Pull sales</h2>
          <PullForm busy={busy} onPull={onPull} initial={defaultPull} />
        </section>
        <Divider />
        <section className={pane.stack} aria-label="This sheet">
          <h2 className={pane.heading}>This sheet</h2>
          <div className={pane.actions}>
            <Button onClick={onRefresh} disabled={busy}>
              Refresh sheet
            </Button>
            <Button onClick={() => onOpenView("push")} disabled={busy}>
              Push selection
            </Button>
            <Button onClick={() => onOpenView("pushChanges")} disabled={busy}>
              Push changes
            </Button>
            <Button onClick={() => onOpenView("undo")} disabled={busy}>
              Undo last push
            </Button>
          </div>
          <RefreshOnOpenChoice busy={busy} lookedAt={lookedAt} onMessage={onMessage} />
        </section>
        <Divider />
        <section className={pane.stack} aria-label="This workbook">
          <h2 className={pane.heading}>This workbook</h2>
          <div className={pane.actions}>
            <Button onClick={onRefreshAll} disabled={busy}>
              Refresh all
            </Button>
          </div>
        </section>
      </Suspense>
    </ViewBoundary>
  );
}
