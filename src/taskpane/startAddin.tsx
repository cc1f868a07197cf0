// Starts the add-in in its page once Office is ready: registers the ribbon commands (shared runtime,
// one page) and mounts the task pane with the Office theme.
import { useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { registerCommands } from "../commands/commands";
import { App, type AppProps } from "./App";
import { themeForBackground, type ThemeName } from "./theme";

function officeTheme(
  theme: Pick<Office.OfficeTheme, "bodyBackgroundColor"> | undefined = Office.context?.officeTheme
): ThemeName {
  return themeForBackground(theme?.bodyBackgroundColor);
}

function ThemedApp(props: Omit<AppProps, "theme">) {
  const [theme, setTheme] = useState<ThemeName>(() => officeTheme());
  useEffect(() => {
    // Not every host raises OfficeThemeChanged; where it does, follow it (the event carries the new theme).
    const handler = (event?: { officeTheme?: Office.OfficeTheme }) =>
      setTheme(officeTheme(event?.officeTheme ?? Office.context?.officeTheme));
    const document = Office.context?.document;
    try {
      document?.addHandlerAsync?.(Office.EventType.OfficeThemeChanged, handler);
    } catch {
      /* host without theme events: the theme at start-up stays */
    }
    return () => {
      try {
        document?.removeHandlerAsync?.(Office.EventType.OfficeThemeChanged, {
          handler: handler as never,
        });
      } catch {
        /* nothing was added */
      }
    };
  }, []);
  return <App {...props} theme={theme} />;
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
  registerCommands();
  createRoot(container).render(
    <ThemedApp defaultBaseUrl={options.defaultBaseUrl} defaultPull={options.defaultPull} />
  );
}
