// The one place results and errors appear: plain sentences in role="status" (polite) or role="alert".
import { MessageBar, MessageBarBody } from "@fluentui/react-components";
import type { UserMessage } from "../workflows/api";

export function StatusRegion({ message }: { message: UserMessage | null }) {
  const isAlert = message?.intent === "error" || message?.intent === "warning";
  return (
    <div>
      <div role="status" aria-live="polite" data-testid="status">
        {message && !isAlert && (
          <MessageBar intent={message.intent} layout="multiline">
            <MessageBarBody>{message.text}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      <div role="alert" data-testid="alert">
        {message && isAlert && (
          <MessageBar intent={message.intent} layout="multiline">
            <MessageBarBody>{message.text}</MessageBarBody>
          </MessageBar>
        )}
      </div>
    </div>
  );
}
