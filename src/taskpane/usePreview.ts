// Asks a workflow for a preview when a panel opens and each time the planner asks again (requestKey changes):
// clears the last preview and message first, and turns a failure into the status message.
// Each preview has its own AbortController: a new preview, or the panel closing, aborts the one in progress, and an
// aborted preview sets no state and says nothing (its late result or failure would be about an older selection).
import { useCallback, useEffect, useRef, useState } from "react";
import type { UserMessage } from "../workflows/api";
import { toUserMessage } from "../workflows/messages";

export function usePreview<T>(
  /** reads the workbook; passed the preview's signal (a workflow that takes none reads on, unheard) */
  prepare: (signal: AbortSignal) => Promise<T>,
  requestKey: number,
  onMessage: (message: UserMessage | null) => void,
  onReset?: () => void
) {
  const [preview, setPreview] = useState<T | null>(null);
  const [loading, setLoading] = useState(true);
  const running = useRef<AbortController | null>(null);

  const load = useCallback(async () => {
    running.current?.abort();
    const c = new AbortController();
    running.current = c;
    setLoading(true);
    setPreview(null);
    onReset?.();
    onMessage(null);
    try {
      const p = await prepare(c.signal);
      if (!c.signal.aborted) setPreview(p);
    } catch (error) {
      if (!c.signal.aborted) onMessage(toUserMessage(error));
    } finally {
      if (!c.signal.aborted) {
        running.current = null;
        setLoading(false);
      }
    }
  }, [prepare, onMessage, onReset]);

  useEffect(() => {
    void load();
  }, [load, requestKey]);
  // closing the panel ends the preview in progress
  useEffect(() => () => running.current?.abort(), []);

  return { preview, loading, load };
}
