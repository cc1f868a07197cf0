// The one place results and errors appear: plain sentences in role="status" (polite) or role="alert".
import { makeStyles, MessageBar, MessageBarBody } from "@fluentui/react-components";
import type { UserMessage } from "../workflows/api";

const useStyles = makeStyles({
  // messages name addresses (API base URLs, CLARET_UPSTREAM=…) that must wrap in a 320 px pane
  body: { overflowWrap: "anywhere" },
});

export function StatusRegion({ message }: { message: UserMessage | null }) {
  const styles = useStyles();
  const isAlert = message?.intent === "error" || message?.intent === "warning";
  return (
    <div>
      <div role="status" aria-live="polite" data-testid="status">
        {message && !isAlert && (
          <MessageBar intent={message.intent} layout="multiline">
            <MessageBarBody className={styles.body}>{message.text}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      <div role="alert" data-testid="alert">
        {message && isAlert && (
          <MessageBar intent={message.intent} layout="multiline">
            <MessageBarBody className={styles.body}>{message.text}</MessageBarBody>
          </MessageBar>
        )}
      </div>
    </div>
  );
}
