// Entry of the workbench page (index.html): the emulated host first, then the add-in and the frame.
import { host } from "./installHost";
import { createRoot } from "react-dom/client";
import { startSharedRuntime } from "../../src/taskpane/sharedRuntime";
import { Workbench } from "./Workbench";
import { createWorkbookView } from "./workbookView";

// The API base URL the sign-in form starts with: ?api=… (tests), else the simulator npm start runs.
// ?api=host gives none, as taskpane.html does: the pane asks the host that served it (config.json).
const apiParam = new URLSearchParams(window.location.search).get("api");
const api =
  apiParam === "host"
    ? undefined
    : (apiParam ?? process.env.CLARET_SIM_URL ?? "http://127.0.0.1:3001");

// The simulator's demo History runs from 2020-01-01 to 2024-12-01; start the pull form on that window so a first
// pull in the workbench shows data (the add-in's own default is the last twelve months).
const DEMO_PULL = { saleType: "History", startDate: "2020-01-01", duration: "1826" };

// The add-in's shared runtime starts here, as taskpane.html starts it: the commands first, the pane when its
// container (rendered by the frame below) exists.
let paneContainer: (element: HTMLElement) => void = () => undefined;
void startSharedRuntime(new Promise<HTMLElement>((resolve) => (paneContainer = resolve)), {
  defaultBaseUrl: api,
  defaultPull: DEMO_PULL,
});

const view = createWorkbookView(host);

declare global {
  interface Window {
    /** for scripts and tests: the emulated workbook */
    workbench: {
      snapshot: () => ReturnType<typeof host.snapshot>;
      select: (sheet: string, address: string) => void;
      setValue: (sheet: string, address: string, value: unknown) => void;
      host: typeof host;
    };
  }
}

window.workbench = {
  snapshot: () => host.snapshot(),
  select: (sheet, address) => host.select(sheet, address),
  setValue: (sheet, address, value) => host.setValue(sheet, address, value as never),
  host,
};

createRoot(document.getElementById("workbench") as HTMLElement).render(
  <Workbench view={view} mountPane={(container) => paneContainer(container)} />
);
