// Entry of taskpane.html: the one page of the shared runtime (task pane + ribbon commands).
import { startAddin } from "./startAddin";

void startAddin(document.getElementById("container") as HTMLElement);
