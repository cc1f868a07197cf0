// The pane's shared layout and type: every view stacks its parts, titles them and lines up its buttons the same way.
import { makeStyles, tokens } from "@fluentui/react-components";

export const usePaneStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  subheading: {
    margin: 0,
    fontSize: tokens.fontSizeBase300,
    fontWeight: tokens.fontWeightSemibold,
  },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  /** a preview's list of rows: scrolls inside its own box, so it never pushes the buttons out of the pane */
  rowList: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
    maxHeight: "200px",
    overflowY: "auto",
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
  },
});

/** How many rows a preview lists; a count says how many more there are. */
export const LISTED_ROWS = 50;
