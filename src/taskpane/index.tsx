// Entry of taskpane.html: the one page of the shared runtime (task pane + ribbon commands). It stays
// small: the commands are associated at once, and the pane (React, Fluent UI) arrives in its own chunk.
import { startSharedRuntime } from "./sharedRuntime";

void startSharedRuntime(document.getElementById("container") as HTMLElement);
