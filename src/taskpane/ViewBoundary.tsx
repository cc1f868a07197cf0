// A lazily loaded view whose chunk does not arrive, or that throws while rendering, must not take the whole pane
// with it (React unmounts everything up to the nearest error boundary, so without one the pane goes blank). The
// boundary puts the reason in the status region and offers Try again, and Back where there is a view to go back to.
import { lazy, type ComponentType, type ReactNode } from "react";
import { ErrorBoundary } from "react-error-boundary";
import type { UserMessage } from "../workflows/api";
import { viewFailedMessage } from "./loadFailure";
import { AgainOrBack } from "./AgainOrBack";

// the lazy views whose download failed, each able to start a fresh one
const failedLoads = new Set<() => void>();

/**
 * React.lazy keeps a failed import for good, so Try again would show the same failure; this view forgets it and
 * downloads again the next time it renders after a Try again (webpack retries a chunk that failed).
 */
export function lazyView<P extends object>(
  load: () => Promise<ComponentType<P>>
): ComponentType<P> {
  const fresh = () =>
    lazy(() =>
      load().then(
        (component) => ({ default: component }),
        (error: unknown) => {
          failedLoads.add(retry);
          throw error;
        }
      )
    );
  let Lazy = fresh();
  const retry = () => {
    Lazy = fresh();
  };
  return function LazyView(props: P) {
    const View = Lazy as ComponentType<P>;
    return <View {...props} />;
  };
}

function retryFailedLoads(): void {
  for (const retry of failedLoads) retry();
  failedLoads.clear();
}

export interface ViewBoundaryProps {
  children: ReactNode;
  onMessage: (message: UserMessage | null) => void;
  /** where Back goes; no Back when the view is the pane's first */
  onBack?: () => void;
  /** a change of these (another view opened) starts afresh */
  resetKeys?: unknown[];
}

export function ViewBoundary({ children, onMessage, onBack, resetKeys }: ViewBoundaryProps) {
  return (
    <ErrorBoundary
      resetKeys={resetKeys}
      onError={(error) => onMessage(viewFailedMessage(error))}
      onReset={() => {
        retryFailedLoads();
        onMessage(null);
      }}
      fallbackRender={({ resetErrorBoundary }) => (
        <AgainOrBack again="Try again" onAgain={() => resetErrorBoundary()} onBack={onBack} />
      )}
    >
      {children}
    </ErrorBoundary>
  );
}
