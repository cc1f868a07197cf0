// What the message dialog shows: the message as the pane would show it, how to get to the pane, and OK.
import {
  Button,
  FluentProvider,
  MessageBar,
  MessageBarBody,
  Text,
  makeStyles,
  tokens,
  webDarkTheme,
  webLightTheme,
} from "@fluentui/react-components";
import { themeForBackground } from "../taskpane/theme";

export interface DialogContent {
  intent: "success" | "info" | "warning" | "error";
  text: string;
  hint: string;
}

const useStyles = makeStyles({
  body: {
    boxSizing: "border-box",
    minHeight: "100vh",
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
  actions: { display: "flex", justifyContent: "flex-end", marginTop: "auto" },
});

export function MessageDialog({
  content,
  background,
  onClose,
}: {
  content: DialogContent;
  background?: string;
  onClose: () => void;
}) {
  const styles = useStyles();
  const dark = themeForBackground(background) === "dark";
  const isAlert = content.intent === "error" || content.intent === "warning";
  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme}>
      <main className={styles.body}>
        <div role={isAlert ? "alert" : "status"}>
          <MessageBar intent={content.intent} layout="multiline">
            <MessageBarBody>{content.text}</MessageBarBody>
          </MessageBar>
        </div>
        {content.hint && <Text>{content.hint}</Text>}
        <div className={styles.actions}>
          <Button appearance="primary" onClick={onClose}>
            OK
          </Button>
        </div>
      </main>
    </FluentProvider>
  );
}
