// Entry of dialog.html: the add-in's message dialog, opened with the Office dialog API when a ribbon command
// must tell the planner something and the task pane cannot be opened (showAsTaskpane ignored). It shows the
// message and how to reach the pane; OK asks the add-in to close it.
import { createRoot } from "react-dom/client";
import { MessageDialog, type DialogContent } from "./MessageDialog";
import { messageOpener, readOfficeTheme } from "../workflows/paneHost";

const INTENTS = ["success", "info", "warning", "error"] as const;

function contentFrom(search: string): DialogContent {
  const q = new URLSearchParams(search);
  const intent = INTENTS.find((i) => i === q.get("intent")) ?? "info";
  return { intent, text: q.get("text") ?? "", hint: q.get("hint") ?? "" };
}

void Office.onReady().then(() => {
  createRoot(document.getElementById("dialog") as HTMLElement).render(
    <MessageDialog
      content={contentFrom(window.location.search)}
      background={readOfficeTheme()?.bodyBackgroundColor}
      onClose={() => messageOpener(JSON.stringify({ action: "close" }))}
    />
  );
});
