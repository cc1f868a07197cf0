// The works in progress, as bars with their Cancel: those running (the pane's and the ribbon's), and those paused
// until the planner signs in again. Each list has its own boundary: a progress chunk that fails to load says so in
// the status and leaves the rest of the pane in place.
import { Suspense } from "react";
import { Spinner } from "@fluentui/react-components";
import type { PausedWork, UserMessage } from "../workflows/api";
import type { Work } from "./paneState";
import { ViewBoundary } from "./ViewBoundary";
import { WorkProgress } from "./lazyViews";

interface WorkListProps {
  /** Cancel of one work (useWorkCancels) */
  onCancel: (id: string) => void;
  onMessage: (message: UserMessage | null) => void;
}

export function RunningWorks({ works, onCancel, onMessage }: WorkListProps & { works: Work[] }) {
  return (
    <ViewBoundary onMessage={onMessage}>
      <Suspense fallback={<Spinner size="small" label="Loading…" />}>
        {works.map((w) => (
          <WorkProgress
            key={w.id}
            title={w.label}
            progress={w.progress}
            step={w.step}
            onCancel={() => onCancel(w.id)}
          />
        ))}
      </Suspense>
    </ViewBoundary>
  );
}

export function PausedWorks({
  paused,
  works,
  onCancel,
  onMessage,
}: WorkListProps & { paused: readonly PausedWork[]; works: readonly Work[] }) {
  return (
    <ViewBoundary onMessage={onMessage}>
      <Suspense fallback={null}>
        {paused.map((p) => {
          const work = works.find((w) => w.id === p.id);
          return (
            <WorkProgress
              key={p.id}
              title={p.label}
              // a push view's work is not a drain of the pane's: no record count to show
              progress={work?.progress ?? null}
              paused
              onCancel={() => onCancel(p.id)}
            />
          );
        })}
      </Suspense>
    </ViewBoundary>
  );
}
