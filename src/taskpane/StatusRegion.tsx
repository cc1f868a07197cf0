// The one place results and errors appear: plain sentences in role="status" (polite) or role="alert".
// Several at once when several works ended together (a pane pull and a ribbon refresh).
import { MessageBar, MessageBarBody, makeStyles, tokens } from "@fluentui/react-components";
import type { UserMessage } from "../workflows/api";

const useStyles = makeStyles({
  list: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  // messages name addresses (API base URLs, CLARET_UPSTREAM=…) that must wrap in a 320 px pane; Refresh all's
  // result puts each table on a line of its own
  body: { overflowWrap: "anywhere", whiteSpace: "pre-line" },
});

const isAlert = (m: UserMessage) => !m.polite && (m.intent === "error" || m.intent === "warning");

function Bars({ messages }: { messages: readonly UserMessage[] }) {
  const styles = useStyles();
  return messages.map((m, i) => (
    <MessageBar key={`${i}:${m.text}`} intent={m.intent} layout="multiline">
      <MessageBarBody className={styles.body}>{m.text}</MessageBarBody>
    </MessageBar>
  ));
}

export function StatusRegion({ messages }: { messages: readonly UserMessage[] }) {
  const styles = useStyles();
  return (
    <div className={styles.list}>
      <div role="status" aria-live="polite" data-testid="status" className={styles.list}>
        <Bars messages={messages.filter((m) => !isAlert(m))} />
      </div>
      <div role="alert" data-testid="alert" className={styles.list}>
        <Bars messages={messages.filter(isAlert)} />
      </div>
    </div>
  );
}
