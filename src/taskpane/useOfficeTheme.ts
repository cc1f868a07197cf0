// The pane's theme follows Office's. Excel raises no theme event for a running add-in, so the theme is
// read from Office.context.officeTheme when the pane starts and again each time the pane is shown.
import { useEffect, useState } from "react";
import { onPaneVisibility, readOfficeTheme } from "../workflows/paneHost";
import { themeForBackground, type ThemeName } from "./theme";

const currentTheme = (): ThemeName => themeForBackground(readOfficeTheme()?.bodyBackgroundColor);

export function useOfficeTheme(): ThemeName {
  const [theme, setTheme] = useState<ThemeName>(currentTheme);
  useEffect(
    () =>
      onPaneVisibility((visibility) => {
        if (visibility === "Taskpane") setTheme(currentTheme());
      }),
    []
  );
  return theme;
}
