// Office tells the pane nothing when the planner goes to another sheet: a count bumped each time they come back to
// the pane (pointer, or focus from outside it), so what shows the active sheet's state reads it again.
import { useState, type FocusEvent } from "react";

export function useLookedAt() {
  const [lookedAt, setLookedAt] = useState(0);
  const handlers = {
    onPointerEnter: () => setLookedAt((n) => n + 1),
    onFocus: (e: FocusEvent<HTMLElement>) => {
      if (!e.currentTarget.contains(e.relatedTarget)) setLookedAt((n) => n + 1);
    },
  };
  return { lookedAt, handlers };
}
