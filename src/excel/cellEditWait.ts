// Telling the planner that Excel waits for them. While the planner edits a cell, Excel holds every request of a run
// that asked delayForCellEdit until they leave the cell (excelRun.ts). Office.js has no event for cell edit mode,
// and a request that waits for the planner looks like a slow one; so when a sync has been outstanding for a while,
// a tiny probe run that does not wait asks Excel: it fails with InvalidOperationInCellEditMode exactly while the
// planner is editing a cell. A fast sync sends no probe.

/** How long a sync may be outstanding before Excel is asked whether it waits for a cell edit (and between asks). */
export const CELL_EDIT_PROBE_AFTER_MS = 1000;

/** Resolves true when Excel refuses a request because the planner is editing a cell, false when it runs it. */
export type CellEditProbe = () => Promise<boolean>;

type CellEditListener = (waiting: boolean) => void;
const listeners = new Set<CellEditListener>();
/** syncs known to be waiting for the planner to leave a cell */
let syncsWaiting = 0;

/** True while a sync of the add-in is known to wait for the planner to leave a cell. */
export function waitingForCellEdit(): boolean {
  return syncsWaiting > 0;
}

/**
 * Calls `listener(true)` when Excel starts waiting for the planner to finish editing a cell before it runs the
 * add-in's work, and `listener(false)` once it no longer waits; at once with `true` if it waits now. Returns the
 * unsubscribe function.
 */
export function onCellEditWait(listener: CellEditListener): () => void {
  listeners.add(listener);
  if (syncsWaiting > 0) listener(true);
  return () => {
    listeners.delete(listener);
  };
}

function countWaiting(delta: 1 | -1): void {
  const before = syncsWaiting > 0;
  syncsWaiting += delta;
  const now = syncsWaiting > 0;
  if (before !== now) for (const listener of [...listeners]) listener(now);
}

/** Watches each sync of the run's context (the final one Excel.run makes included) while it is outstanding. */
export function watchSyncsForCellEdit(context: Excel.RequestContext, probe: CellEditProbe): void {
  const sync = context.sync.bind(context);
  context.sync = <R>(passThroughValue?: R) => watch(sync(passThroughValue), probe);
}

function watch<R>(pending: Promise<R>, probe: CellEditProbe): Promise<R> {
  let settled = false;
  let waiting = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const probeLater = () => {
    timer = setTimeout(() => {
      timer = undefined;
      void probe().then((editing) => {
        if (settled) return;
        if (!editing) probeLater();
        else {
          waiting = true;
          countWaiting(1);
        }
      });
    }, CELL_EDIT_PROBE_AFTER_MS);
  };
  probeLater();
  // registered before the caller's own continuation, so "no longer waiting" is told before the work goes on
  const done = () => {
    settled = true;
    if (timer !== undefined) clearTimeout(timer);
    if (waiting) countWaiting(-1);
  };
  pending.then(done, done);
  return pending;
}
