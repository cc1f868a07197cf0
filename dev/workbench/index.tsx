// Entry of the workbench page (index.html): the emulated host first, then the add-in and the frame.
import { opened, type OpenedHost } from "./installHost";
import { createRoot } from "react-dom/client";
import { startSharedRuntime } from "../../src/taskpane/sharedRuntime";
import { keepForReopen, storageEntries } from "./savedWorkbook";
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

type Host = OpenedHost["host"];

declare global {
  interface Window {
    /** for scripts and tests: the emulated workbook */
    workbench: {
      snapshot: () => ReturnType<Host["snapshot"]>;
      select: (sheet: string, address: string) => void;
      setValue: (sheet: string, address: string, value: unknown) => void;
      /** Excel saves, closes and opens the workbook again: the page reloads with it (savedWorkbook.ts) */
      reopen: () => Promise<void>;
      host: Host;
    };
  }
}

function start({ host, addinLoadsAtOpen }: OpenedHost): void {
  // The add-in's shared runtime starts here, as taskpane.html starts it: the commands first, the pane when its
  // container (rendered by the frame below) exists. After Reopen workbook it starts only if the document loads it
  // (startup behaviour Load, pane closed); otherwise when the planner opens it: the Claret button or a ribbon click.
  let paneContainer: (element: HTMLElement) => void = () => undefined;
  const container = new Promise<HTMLElement>((resolve) => (paneContainer = resolve));
  let running = false;
  const startAddin = () => {
    if (running) return;
    running = true;
    void startSharedRuntime(container, { defaultBaseUrl: api, defaultPull: DEMO_PULL });
  };
  if (addinLoadsAtOpen) startAddin();

  const reopen = async () => {
    await keepForReopen({
      file: host.save(),
      storage: storageEntries(host.localStorage),
      theme: host.theme.current,
    });
    const query = new URLSearchParams(window.location.search);
    query.set("reopen", "1");
    window.location.search = query.toString();
  };
  const view = createWorkbookView(host, { startAddin, reopen });
  window.workbench = {
    snapshot: () => host.snapshot(),
    select: (sheet, address) => host.select(sheet, address),
    setValue: (sheet, address, value) => host.setValue(sheet, address, value as never),
    reopen,
    host,
  };
  createRoot(document.getElementById("workbench") as HTMLElement).render(
    <Workbench view={view} mountPane={(element) => paneContainer(element)} />
  );
}

if (opened instanceof Promise) void opened.then(start);
else start(opened);
