// The pane's views that come in chunks, code-split so the first paint (spinner, then the sign-in form) needs
// only a small initial bundle: the signed-in views (combobox, positioning, progress bar), the push views and the
// workflows (the Claret client and zod, loadWorkflows.ts) load later. Each is wrapped by lazyView (ViewBoundary.tsx)
// so a chunk that failed to download is fetched again on Try again.
import { lazyView } from "./ViewBoundary";

export const loadPullForm = () => import(/* webpackChunkName: "pull-form" */ "./PullForm");
export const loadWorkProgress = () => import(/* webpackChunkName: "pull-form" */ "./WorkProgress");

export const PullForm = lazyView(() => loadPullForm().then((m) => m.PullForm));
export const WorkProgress = lazyView(() => loadWorkProgress().then((m) => m.WorkProgress));
export const RefreshOnOpenChoice = lazyView(() =>
  import(/* webpackChunkName: "pull-form" */ "./RefreshOnOpenChoice").then(
    (m) => m.RefreshOnOpenChoice
  )
);
export const PushPanel = lazyView(() =>
  import(/* webpackChunkName: "push-panel" */ "./PushPanel").then((m) => m.default)
);
export const PushChangesPanel = lazyView(() =>
  import(/* webpackChunkName: "push-panel" */ "./PushChangesPanel").then((m) => m.default)
);
export const UndoPanel = lazyView(() =>
  import(/* webpackChunkName: "push-panel" */ "./UndoPanel").then((m) => m.default)
);
