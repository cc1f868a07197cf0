// The Office host as the pane and the ribbon see it (theme, pane visibility, showing the pane), for the
// UI layers, which call only workflows. Kept free of the Claret client so the first paint stays small.
export {
  onPaneVisibility,
  readOfficeTheme,
  showTaskpane,
  type OfficeThemeColors,
  type PaneVisibility,
} from "../excel/officeHost";
