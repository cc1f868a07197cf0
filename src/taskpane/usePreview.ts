// Asks a workflow for a preview when a panel opens and each time the planner asks again (requestKey changes):
// clears the last preview and message first, and turns a failure into the status message.
import { useCallback, useEffect, useState } from "react";
import type { UserMessage } from "../workflows/api";
import { toUserMessage } from "../workflows/messages";

export function usePreview<T>(
  prepare: () => Promise<T>,
  requestKey: number,
  onMessage: (message: UserMessage | null) => void,
  onReset?: () => void
) {
  const [preview, setPreview] = useState<T | null>(null);
  const [loading, setLoading] = useState(true);
  const load = useCallback(async () => {
    setLoading(true);
    setPreview(null);
    onReset?.();
    onMessage(null);
    try {
      setPreview(await prepare());
    } catch (error) {
      onMessage(toUserMessage(error));
    } finally {
      setLoading(false);
    }
  }, [prepare, onMessage, onReset]);

  useEffect(() => {
    void load();
  }, [load, requestKey]);

  return { preview, loading, load };
}
