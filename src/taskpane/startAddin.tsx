// Mounts the task pane, with the Office theme, once Office is ready. Loaded as its own chunk by
// sharedRuntime.ts, after the ribbon commands have been associated.
import { createRoot } from "react-dom/client";
import { App, type AppProps } from "./App";
import { markPaneSeen } from "../workflows/paneHost";
import { useOfficeTheme } from "./useOfficeTheme";

function ThemedApp(props: Omit<AppProps, "theme">) {
  return <App {...props} theme={useOfficeTheme()} />;
}

export interface StartOptions {
  /** the sign-in form's API base URL; default the workflows' DEFAULT_BASE_URL (https://plan.claret.app) */
  defaultBaseUrl?: string;
  /** the pull form's starting values (the workbench: its demo data's window) */
  defaultPull?: AppProps["defaultPull"];
}

export async function startAddin(
  container: HTMLElement,
  options: StartOptions = {}
): Promise<void> {
  await Office.onReady();
  // The planner touching the pane proves it is in view (Office offers no way to ask; see reachPlanner.ts).
  for (const type of ["pointerdown", "keydown", "focusin"])
    container.addEventListener(type, markPaneSeen, { capture: true, passive: true });
  createRoot(container).render(
    <ThemedApp defaultBaseUrl={options.defaultBaseUrl} defaultPull={options.defaultPull} />
  );
}
