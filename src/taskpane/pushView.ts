// The props the pane gives each push view (Push selection, Push changes, Undo last push).
import type { ClaretSession, PauseForSignIn, UserMessage } from "../workflows/api";
export interface PushViewProps {
  session: ClaretSession;
  /** changes each time the planner asks for a (new) preview: the view loads it again */
  requestKey: number;
  onClose: () => void;
  onMessage: (message: UserMessage | null) => void;
  /** a comparison or push that meets an ended session waits for a sign-in, then carries on */
  pauseForSignIn?: PauseForSignIn;
}
