// The seam between Microsoft's own Excel client (Office.js, loaded unmodified from
// node_modules/@microsoft/office-js/dist) and this host. Office.js sends each request of `context.sync()` to
// `OSF.DDA.RichApi.executeRichApiRequestAsync(message, callback)` (OfficeJsRequestExecutor.executeAsync,
// excel-win32-16.01.debug.js ≈15204), where `message` is RichApiMessageUtility.buildRequestMessageSafeArray's array
// (≈11019): [customData, method, path, headers, body, appPermission, requestFlags, …], and expects
// `{ status: "succeeded", value: { data: [status, headers, bodyText] } }` or `{ status: "failed", error: { code, message } }`.
// These hooks are internal to Office.js: the version is pinned by package-lock.json, and
// test/excel-emulator/officeClientSeam.test.ts is the canary that says what moved if a new Office.js changes them.

/** Which of Microsoft's Excel clients: Windows desktop's (the default) or Excel on the web's. */
export type ClientBuild = "desktop" | "web";

/** The files in node_modules/@microsoft/office-js/dist, used byte for byte (their licence allows no copy). */
export const CLIENT_FILES: Readonly<Record<ClientBuild, string>> = {
  desktop: "excel-win32-16.01.js",
  web: "excel-web-16.00.js",
};

export const CLIENT_PACKAGE_DIST = "node_modules/@microsoft/office-js/dist";

/** Index of the body text and of the request flags in Office.js's request message array. */
export const MESSAGE_BODY = 4;
export const MESSAGE_FLAGS = 6;

/** Request flag Office.js sets for `Excel.run({ delayForCellEdit: true }, …)` (onBeforeExcelRun, ≈24364). */
export const FLAG_DELAY_FOR_CELL_EDIT = 64;

export type RichApiResult =
  | { status: "succeeded"; value: { data: [number, string[], string] } }
  | { status: "failed"; error: { code: number; message: string } };

export type RichApiExecutor = (
  message: unknown[],
  callback: (result: RichApiResult) => void
) => void;

interface OfficeJsGlobals {
  OSF?: { DDA?: { RichApi?: { executeRichApiRequestAsync?: RichApiExecutor } } };
  Excel?: { run?: unknown };
}

/** What is missing of the seam in `target` (empty when Microsoft's client is loaded and hookable). */
export function seamProblems(target: object): string[] {
  const g = target as OfficeJsGlobals;
  const problems: string[] = [];
  if (typeof g.Excel?.run !== "function") problems.push("Excel.run is not defined");
  if (!g.OSF?.DDA?.RichApi)
    problems.push(
      "OSF.DDA.RichApi is not defined (Office.js no longer sends requests through it?)"
    );
  return problems;
}

/** Points Microsoft's client in `target` at `executor`; gives back what was there. */
export function connectClient(
  target: object,
  executor: RichApiExecutor
): RichApiExecutor | undefined {
  const problems = seamProblems(target);
  if (problems.length)
    throw new Error(
      `Microsoft's Excel client is not loaded or its seam moved: ${problems.join("; ")}. Load ${CLIENT_PACKAGE_DIST}/${CLIENT_FILES.desktop} before installing the emulator.`
    );
  const richApi = (target as Required<OfficeJsGlobals>).OSF.DDA!.RichApi!;
  const before = richApi.executeRichApiRequestAsync;
  richApi.executeRichApiRequestAsync = executor;
  return before;
}

let loader: ((target: object) => void) | null = null;

/**
 * How this process loads Microsoft's client into a global that lacks it (Node: test/setup/officeClient.ts and the
 * benchmarks register node-client.ts's loader; a browser page loads the file with a <script> tag instead).
 */
export function setClientLoader(load: (target: object) => void): void {
  loader = load;
}

export function ensureClient(target: object): void {
  if (seamProblems(target).length === 0) return;
  if (loader) loader(target);
}
