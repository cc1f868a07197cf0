// The workbench's ribbon strip: the add-in's four ribbon buttons, invoked the way Excel does it
// (through the actions the add-in associated), and the button that shows or hides the task pane.
import { useState, type ReactElement } from "react";
import {
  Spinner,
  Toolbar,
  ToolbarButton,
  ToolbarDivider,
  ToolbarToggleButton,
  Tooltip,
} from "@fluentui/react-components";

// Small inline icons (react-icons is not a dependency of the project).
const svg = (d: string) => (
  <svg
    width="20"
    height="20"
    viewBox="0 0 20 20"
    aria-hidden="true"
    fill="none"
    stroke="currentColor"
    strokeWidth="1.4"
    strokeLinecap="round"
    strokeLinejoin="round"
  >
    <path d={d} />
  </svg>
);
const ArrowSyncRegular = () =>
  svg("M15.5 7.5A6 6 0 0 0 4.6 6M4.5 12.5A6 6 0 0 0 15.4 14M4.5 3v3.2h3.2M15.5 17v-3.2h-3.2");
const CloudArrowUpRegular = () =>
  svg(
    "M6 15H5a3.5 3.5 0 0 1-.3-7A5 5 0 0 1 14.5 7 3.5 3.5 0 0 1 15 15h-1M10 17V10M7.5 12.5 10 10l2.5 2.5"
  );
const PanelRightRegular = () => svg("M3 4.5h14v11H3zM12.5 4.5v11");
const DarkThemeRegular = () => svg("M10 3a7 7 0 1 0 0 14zM10 3a7 7 0 0 1 0 14");

/** The ExecuteFunction ids of manifest.xml's buttons. */
export type RibbonAction = "refreshSheet" | "refreshAll" | "pushSelection" | "pushChanges";

export interface RibbonProps {
  invoke: (actionId: RibbonAction) => Promise<unknown>;
  paneVisible: boolean;
  onTogglePane: (visible: boolean) => void;
  /** the host's Office theme is dark (Excel's File > Account > Office Theme, in miniature) */
  darkTheme: boolean;
  onToggleDarkTheme: (dark: boolean) => void;
}

export function Ribbon({
  invoke,
  paneVisible,
  onTogglePane,
  darkTheme,
  onToggleDarkTheme,
}: RibbonProps) {
  const [running, setRunning] = useState<Set<string>>(new Set());
  const run = async (id: RibbonAction) => {
    setRunning((s) => new Set(s).add(id));
    try {
      await invoke(id);
    } finally {
      setRunning((s) => {
        const next = new Set(s);
        next.delete(id);
        return next;
      });
    }
  };
  const icon = (id: string, idle: ReactElement) =>
    running.has(id) ? <Spinner size="extra-tiny" /> : idle;
  return (
    <Toolbar
      aria-label="Ribbon"
      className="wb-ribbon"
      checkedValues={{ pane: paneVisible ? ["claret"] : [], theme: darkTheme ? ["dark"] : [] }}
      onCheckedValueChange={(_, d) => {
        if (d.name === "pane") onTogglePane(d.checkedItems.includes("claret"));
        else if (d.name === "theme") onToggleDarkTheme(d.checkedItems.includes("dark"));
      }}
    >
      <span className="wb-ribbon-group" aria-hidden="true">
        Claret
      </span>
      <Tooltip
        content="Re-run the Claret query of the table on the active sheet"
        relationship="description"
      >
        <ToolbarButton
          icon={icon("refreshSheet", <ArrowSyncRegular />)}
          aria-busy={running.has("refreshSheet")}
          onClick={() => void run("refreshSheet")}
        >
          Refresh sheet
        </ToolbarButton>
      </Tooltip>
      <Tooltip
        content="Refresh every Claret table of the workbook, one after another"
        relationship="description"
      >
        <ToolbarButton
          icon={icon("refreshAll", <ArrowSyncRegular />)}
          aria-busy={running.has("refreshAll")}
          onClick={() => void run("refreshAll")}
        >
          Refresh all
        </ToolbarButton>
      </Tooltip>
      <Tooltip
        content="Preview the selected rows, then send them to Claret"
        relationship="description"
      >
        <ToolbarButton
          icon={icon("pushSelection", <CloudArrowUpRegular />)}
          aria-busy={running.has("pushSelection")}
          onClick={() => void run("pushSelection")}
        >
          Push selection
        </ToolbarButton>
      </Tooltip>
      <Tooltip
        content="Compare the active sheet's table with Claret and preview only what you changed"
        relationship="description"
      >
        <ToolbarButton
          icon={icon("pushChanges", <CloudArrowUpRegular />)}
          aria-busy={running.has("pushChanges")}
          onClick={() => void run("pushChanges")}
        >
          Push changes
        </ToolbarButton>
      </Tooltip>
      <ToolbarDivider />
      <ToolbarToggleButton
        name="pane"
        value="claret"
        icon={<PanelRightRegular />}
        appearance="subtle"
      >
        Claret
      </ToolbarToggleButton>
      <ToolbarDivider />
      <Tooltip
        content="Switch the Office theme (File > Account > Office Theme in Excel). As in Excel, a running add-in is not told: the task pane takes the new theme the next time it is shown."
        relationship="description"
      >
        <ToolbarToggleButton
          name="theme"
          value="dark"
          icon={<DarkThemeRegular />}
          appearance="subtle"
        >
          Dark theme
        </ToolbarToggleButton>
      </Tooltip>
    </Toolbar>
  );
}
