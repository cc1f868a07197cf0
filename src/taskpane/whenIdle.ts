// Work the pane does not need for what is on screen (warm-ups of chunks for what comes next) waits until the
// browser is idle after painting it, so it never competes with the form the planner is about to use.

/** Runs `task` once the browser is idle (at the latest after `timeoutMs`); returns its cancel. */
export function whenIdle(task: () => void, timeoutMs = 2000): () => void {
  if (typeof requestIdleCallback === "function") {
    const handle = requestIdleCallback(task, { timeout: timeoutMs });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(task, 0); // no idle callbacks (Safari, jsdom): the next task
  return () => clearTimeout(timer);
}
