// The Fluent themes the pane renders with: Fluent's web themes, with disabled text made readable.
import { webDarkTheme, webLightTheme, type Theme } from "@fluentui/react-components";
import type { ThemeName } from "./theme";

/**
 * Fluent draws disabled text at 1.7:1 (light, #bdbdbd on a disabled button's #f0f0f0) and 2.8:1 (dark,
 * #5c5c5c on #141414; 2.5:1 on the pane's #292929): too faint for a planner to read what is unavailable.
 * These reach 3:1 on the disabled button and on the pane and still read dimmer than enabled text.
 * Measured from the rendered colours in test/e2e/paneStates.test.ts.
 */
const paneLightTheme: Theme = { ...webLightTheme, colorNeutralForegroundDisabled: "#858585" };
const paneDarkTheme: Theme = { ...webDarkTheme, colorNeutralForegroundDisabled: "#7a7a7a" };

export function fluentTheme(theme: ThemeName): Theme {
  return theme === "dark" ? paneDarkTheme : paneLightTheme;
}
