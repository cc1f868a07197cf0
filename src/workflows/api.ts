// The contract between the UI (src/taskpane, src/commands) and the use cases in src/workflows.
// The UI only calls workflows and renders what they return; it never touches Office.js or fetch.

import type { RetryPolicy } from "../claret/retry";
import type { ClaretEndpoint, ClaretSession, PostSalesContent, SalesQuery } from "../claret/types";
import type { DateSystem } from "../sales/excelDates";
import type { ChangeKind, RowChange } from "../sales/pushChanges";
import type { PushValidation, WarningKind } from "../sales/pushValidation";
import type { RecordKey } from "../sales/recordKey";

export type { ClaretEndpoint, ClaretSession, RetryPolicy, SalesQuery, WarningKind };
/** A record's key as results name it (as it would be sent); defined once, in src/sales/recordKey.ts. */
export type { RecordKey };
/** Push changes: the class of a row; defined once, in src/sales/pushChanges.ts. */
export type { ChangeKind };

/** How every count is written for the planner ("1,234", "2 rows"); the one formatter, from src/sales. */
export { countOf, formatCount } from "../sales/numbers";

/**
 * Asks the planner to sign in again after Claret answered 401 (the session ended); resolves with the
 * new session, or null when the planner gives up. The UI wires it to its sign-in gate.
 */
export type Reauthenticate = (reason: UserMessage) => Promise<ClaretSession | null>;

/**
 * What the pane gives a push view so its work can pause for a sign-in: the work's label (as the
 * paused list names it) and its AbortController — the paused list's Cancel aborts it, and aborting it
 * otherwise (a newer comparison, the view closing) ends the wait too.
 */
export type PauseForSignIn = (label: string, work: AbortController) => Reauthenticate;

/** Progress of a pull or refresh: "N of M records". `total` is null until the first page. */
export interface DrainProgress {
  recordsSoFar: number;
  total: number | null;
}

/** Where Refresh all is: table `index` of `of`, named by its query ("History 2021-01-01 730d"). */
export interface RefreshAllStep {
  index: number;
  of: number;
  label: string;
}

export interface WorkOptions {
  signal?: AbortSignal;
  onProgress?: (p: DrainProgress) => void;
  /**
   * Called when Claret answers 401 mid-drain (token expired or revoked). The UI asks the user to
   * sign in again and resolves with the new session, or null if the user gives up. The workflow
   * keeps its staged rows and resumes from the cursor, so nothing is fetched twice.
   */
  reauthenticate?: Reauthenticate;
  /** how each page request is retried on 408/429/5xx (default: the Claret client's policy) */
  retry?: Partial<RetryPolicy>;
  /**
   * A refresh: every page is in (and any lookup outside the window), so it asks Claret nothing more; awaited before
   * it reads and writes the table (Refresh all lets the next table's drain start here, and applies one table at a
   * time).
   */
  afterDrain?: () => Promise<void>;
  /**
   * A refresh: the table is read and its drain is about to start; awaited first (Refresh all takes its turn for the
   * one drain in flight here). A cancel meanwhile stops the refresh before its first page.
   */
  beforeDrain?: () => Promise<void>;
}

/** What a pull or refresh left: the table, its sheet, its rows and columns. */
import type { TableResult } from "../excel/tableSwap";
export type { TableResult };

/** What a refresh did: rows matched by id, so these are the records that changed, came and went. */
export interface RefreshResult extends TableResult {
  /** rows whose Claret cells changed */
  updated: number;
  added: number;
  removed: number;
  /** of the removed rows, those that carried the planner's own values, copied to "Removed by refresh" */
  keptOnRemovedSheet: number;
  /** the sheet they were copied to */
  removedSheet: string;
  /** Claret columns the table gained (a new hierarchy key) */
  columnsAdded: string[];
  /** null: the table has no sort; false: not reapplied, since rows would have left the notes beside them */
  sortReapplied: boolean | null;
  /** a helper sheet Excel did not let the add-in delete */
  leftoverSheet: string | null;
  /**
   * Excel refused to make the refresh one undo step (mergeUndoGroup), so it was applied without: Ctrl+Z cannot undo it
   * in one step
   */
  undoGroupRefused: boolean;
}

/** A problem tied to a cell, shown in the push preview; clicking it selects the cell. */
export interface CellProblem {
  sheetName: string;
  /** A1 address of the cell, e.g. "D7" */
  address: string;
  /** 0-based index of the row within the selection's data rows; -1 for the columns themselves */
  rowIndex: number;
  severity: "error" | "warning";
  /**
   * who found it: the add-in's own check before sending, or Claret refusing the value of `field`
   * in a batch it wrote nothing of
   */
  source: "check" | "claret";
  /** the Claret field the cell feeds, e.g. "quantity"; for Claret's refusals the field it named */
  field?: string;
  /**
   * what is wrong, without the address: the check's sentence, or Claret's own reason. Shown
   * through problemText (workflows/push/pushMessages.ts), which says who refused it.
   */
  message: string;
  /** on warnings: which kind, so the preview groups them one line per kind (groupProblemsByKind) */
  kind?: WarningKind;
}

/**
 * What confirmPush needs from preparePush: the validated rows and where each came from on the sheet.
 * Built by preparePush only; the UI passes it back unchanged.
 */
export interface PushPlan {
  sheetName: string;
  headers: string[];
  /** the A1 address of a data cell of the selection (a closure over where the selection lies) */
  cellAddress(rowIndex: number, colIndex: number): string;
  /** 1-based sheet row of each selection data row, by rowIndex */
  sheetRows: readonly number[];
  validation: PushValidation;
  /** the table the selection lies in (the push log names it); null outside a table */
  tableName: string | null;
}

export interface PushPreview {
  sheetName: string;
  /** address of the selected range, e.g. "A2:J40" */
  selectionAddress: string;
  /** data rows in the selection (blank and hidden included) */
  selectedRows: number;
  /** rows that are valid and would be sent */
  rowsToSend: number;
  skippedHidden: number;
  skippedBlank: number;
  /** rows with errors: never sent; with "send valid rows only" the other rows go without them */
  rowsWithErrors: number;
  errors: CellProblem[];
  warnings: CellProblem[];
  /** header names that are not Claret fields and will be ignored */
  ignoredColumns: string[];
  /** from the pulled table's stored query; null when the selection is not in a pulled table (ask the user) */
  saleTypeName: string | null;
  /**
   * the valid rows as the POST will carry them, after validation and conversion (a quantity typed " 12 " or
   * "1,200" is 12 or 1200, a date its ISO sell_date), in selection order
   */
  toSend: readonly PostSalesContent[];
  /** what confirmPush sends, once the planner confirms */
  readonly plan: PushPlan;
}

export interface PushOptions {
  signal?: AbortSignal;
  saleTypeName: string;
  createMissingLinks: boolean;
  /** send the valid rows even when others have errors (default false: nothing is sent while any row has an error) */
  sendValidRowsOnly?: boolean;
  onProgress?: (p: { batchesDone: number; batches: number }) => void;
  /** per POST request, body included (default: the Claret client's, 30 s); after it the batch's outcome is unknown */
  timeoutMs?: number;
  /** a 401 before anything is sent asks the planner to sign in again; the push carries on with the new session */
  reauthenticate?: Reauthenticate;
}

/** Why the rest of a push was not sent. */
export type PushStop =
  /** the planner cancelled */
  | "cancelled"
  /** a batch's outcome is unknown: nothing more is written until the planner has looked in Claret */
  | "after-unknown"
  /** Claret refused something that is the same for every batch (the session, the sale type, the rate) */
  | "refused-alike";

/** Where a batch's rows are: positions among the rows sent, and the sheet rows they came from. */
export interface BatchRange {
  /** 1-based batch number */
  index: number;
  rows: number;
  /** 1-based positions of the batch's first and last row among the rows to send ("rows 1,001–2,000") */
  firstRow: number;
  lastRow: number;
  /** 1-based sheet rows of the batch's first and last row (hidden or left-out rows may lie between) */
  firstSheetRow: number;
  lastSheetRow: number;
}

/** Why Claret wrote nothing of a batch, in Claret's words. */
export interface BatchRefusal {
  /** Claret's complaints about the request as a whole ("arguments.sale_type_name"), with its messages */
  requestErrors: Array<{ key: string; messages: string[] }>;
  /** Claret's complaints about single rows, mapped back to their cells (source "claret") */
  cells: CellProblem[];
  /** Claret's (or the client's) sentence when it named no field, e.g. a 401; null when it named fields */
  message: string | null;
}

/** Why a batch may or may not have been written. */
export type BatchUncertainty =
  /** Claret answered success but counted other rows than were sent */
  | { kind: "miscounted"; counted: number }
  /** cancelled after the request went out */
  | { kind: "cancelled" }
  /** a timeout, a broken connection, a 5xx, an unreadable answer: the client's sentence */
  | { kind: "failed"; message: string };

/**
 * How one batch ended. sent: Claret confirmed it; refused: Claret rejected it (nothing of it
 * written); unknown: it may or may not be written; not-sent: never tried.
 */
export type BatchOutcome = BatchRange &
  (
    | { status: "sent"; created: number; updated: number }
    | { status: "refused"; refusal: BatchRefusal }
    | { status: "unknown"; uncertainty: BatchUncertainty }
    | { status: "not-sent"; stop: PushStop }
  );

/**
 * What the records a push sent came to, as the push pipeline (push/pushPipeline.ts) counts them: the part
 * every push's result shares. Each record sent is counted once: sent + refused + unknown + notSent.
 */
export interface PushOutcome {
  /** records Claret confirmed (created ones included) */
  sent: number;
  /** records of batches Claret wrote nothing of */
  refused: number;
  /** records of batches that may or may not be written */
  unknown: number;
  /** records never sent: batches after an unknown outcome, a cancel, or a refusal that applies to every batch */
  notSent: number;
  batches: BatchOutcome[];
  /** refusals mapped back to their cells */
  problems: CellProblem[];
  /** the push log: rows appended, or why it could not be written (the push stands either way) */
  log: { rows: number; error: string | null };
}

/**
 * Every selected row is counted exactly once:
 * selected = sent + refused + unknown + notSent + leftOutWithErrors + skipped
 */
export interface PushSummary extends PushOutcome {
  selected: number;
  /** hidden and blank rows */
  skipped: number;
  /** why batches were left unsent; null when every batch was tried */
  stoppedBecause: PushStop | null;
  /** rows with errors, left out by "send valid rows only" */
  leftOutWithErrors: number;
  /** 1-based sheet rows of the rows left out with errors, in order */
  leftOutSheetRows: number[];
  /** one plain sentence for the status region */
  sentence: string;
}

/** A message for the task pane's status/alert region. */
export interface UserMessage {
  intent: "success" | "info" | "warning" | "error";
  text: string;
  /** true when the user must sign in (again) before retrying */
  needsSignIn?: boolean;
  /**
   * read out politely, in the status region, even when it warns: a result that lists several outcomes (Refresh
   * all's tables), not an alert that interrupts
   */
  polite?: boolean;
  /**
   * the work it reports on: a newer message about the same work replaces it in the pane, so a refresh's result never
   * sits beside an earlier refresh's error (Refresh sheet, Refresh all and the refresh at open are one work here)
   */
  about?: "refresh";
}

/** One row of the Push changes preview: old → new, and where it is. */
export interface ChangeRow extends RecordKey {
  kind: Exclude<ChangeKind, "unchanged">;
  /** 0-based data row of the table */
  rowIndex: number;
  sheetName: string;
  /** the row's quantity cell, e.g. "D7" (a click selects it) */
  address: string;
  /** the row's id; null for a new row */
  id: number | null;
  /** Claret's quantity now; null for a new or gone row */
  oldQuantity: number | null;
  /** what the POST will carry, after validation and conversion; for a row that cannot be sent, the cell as read */
  newQuantity: number | string | null;
  /** key changed: Claret's key before the edit */
  was?: RecordKey;
  /** false when the row has errors (it cannot be sent), and for gone rows */
  sendable: boolean;
}

export interface ChangesPreview {
  sheetName: string;
  tableName: string;
  saleTypeName: string;
  /** data rows of the table */
  tableRows: number;
  /** rows whose Claret columns are all empty */
  blank: number;
  counts: Record<ChangeKind, number>;
  /** every row that is not unchanged, in table order */
  rows: ChangeRow[];
  errors: CellProblem[];
  warnings: CellProblem[];
  rowsWithErrors: number;
  /** what confirmChanges sends, once the planner confirms */
  readonly plan: ChangesPlan;
}

/**
 * What confirmChanges needs from prepareChanges: the table, its query, and every row's change.
 * Built by prepareChanges only; the UI passes it back unchanged.
 */
export interface ChangesPlan {
  sheetName: string;
  tableId: string;
  tableName: string;
  query: SalesQuery;
  claretColumns: string[];
  headers: string[];
  dateSystem: DateSystem;
  changes: RowChange[];
  /** Claret's sell dates at the preview, sorted: neighbouring re-read windows merge over them */
  knownDates: string[];
  errors: number;
  /** the A1 address of a data cell of the table (a closure over where the table lies) */
  cellAddress(rowIndex: number, colIndex: number): string;
  /** 1-based sheet row of a data row */
  sheetRow(rowIndex: number): number;
}

/** For a conflict: send the planner's value, or take Claret's into the row. No choice: held back. */
export type ConflictChoice = "mine" | "claret";

export interface ChangesOptions {
  signal?: AbortSignal;
  createMissingLinks: boolean;
  /** send the valid rows even when others have errors (default false) */
  sendValidRowsOnly?: boolean;
  /** by rowIndex; a conflict without a choice is neither sent nor overwritten */
  conflictChoices: Readonly<Record<number, ConflictChoice>>;
  /** the planner confirmed that an edited key means a new record at the new key (the old one stays) */
  sendKeyChanges: boolean;
  onProgress?: (p: { batchesDone: number; batches: number }) => void;
  timeoutMs?: number;
  /**
   * A 401 before anything is sent (the session ended since the preview) asks the planner to sign in
   * again; the push carries on with the new session, or sends nothing without one.
   */
  reauthenticate?: Reauthenticate;
}

/** A row the push did not send because Claret changed between the preview and the confirm. */
export interface AroseConflict extends RecordKey {
  address: string;
  id: number | null;
  /** what changed: the record was written by someone else, removed, or one appeared at a new row's key */
  reason: "changed" | "removed" | "created";
  /** Claret's quantity now (null when removed) */
  claretQuantity: number | null;
}

export interface ChangesSummary extends PushOutcome {
  /** of the records sent, those created (new rows, confirmed key changes) */
  created: number;
  /** conflicts without a choice and unconfirmed key changes */
  heldBack: number;
  /** conflicts whose row now holds Claret's value and version */
  tookClaret: number;
  /** conflicts that arose between the preview and the confirm: not sent */
  arose: AroseConflict[];
  /** rows that have errors, left out */
  leftOutWithErrors: number;
  /** rows that now carry Claret's truth (new version, new id) */
  writtenBack: number;
  /** rows that could not be found again to write back (sorted away, deleted): refresh the sheet */
  notWrittenBack: number;
  sentence: string;
}

/** The result of Undo last push. */
export interface UndoSummary {
  pushedAt: string;
  /** records put back to their old quantity */
  undone: number;
  /** records Claret changed since the push: not undone */
  conflicts: Array<
    RecordKey & { id: number | null; pushed: number; old: number; claretQuantity: number | null }
  >;
  /** records the push created: Claret's API cannot delete them */
  created: Array<RecordKey & { id: number | null }>;
  /** records the undo's POST refused or left unknown */
  failed: number;
  log: { rows: number; error: string | null };
  refreshed: boolean;
  /** why the table could not be refreshed after the undo; null when it was (or needed not be) */
  refreshError: string | null;
  sentence: string;
}

/** What Undo last push would do, read from the push log (nothing asked of Claret yet). */
export interface UndoPreview {
  /** the push to undo: its time, as in the log's pushed_at */
  pushedAt: string;
  action: string;
  tenant: string;
  /**
   * the API base URL of the Claret the push went to: the log's, or for a push an older version logged (no base_url
   * column) the stored query's of the table it came from; "" when neither says
   */
  baseUrl: string;
  saleTypeName: string;
  tableName: string;
  /** records the push updated: put back to old_quantity if Claret still holds what the push wrote */
  toRestore: Array<RecordKey & { id: number | null; pushed: number; old: number }>;
  /** records the push created: they cannot be deleted through Claret's API */
  created: Array<RecordKey & { id: number | null; pushed: number }>;
  /** records whose old value is not known (the read before the push failed): they cannot be put back */
  unknownOld: number;
}

// ---- Refresh all and refresh at open ----

/** One table of a Refresh all, named as the planner knows it. */
export interface RefreshAllTable {
  /** 1-based place in the run */
  index: number;
  sheetName: string;
  tableName: string;
  /** the table's id in the workbook (stable across renames) */
  tableId: string;
  endpoint: ClaretEndpoint;
  /** its query, e.g. "History 2021-01-01 730d" (a pull names the table's sheet so, too) */
  label: string;
}

/** How one table's refresh ended (or, in a result so far, that it still waits). */
export type TableOutcome =
  | { kind: "refreshed"; result: RefreshResult }
  /** unchanged, and why */
  | { kind: "failed"; message: UserMessage }
  /** Cancel stopped it during its refresh: unchanged */
  | { kind: "cancelled" }
  /** Cancel came before its turn: not refreshed, unchanged */
  | { kind: "notRefreshed" }
  /** paused in the sign-in gate until the planner signs in to its tenant; `earlier`: by a run before this one */
  | { kind: "waitingForSignIn"; earlier?: boolean };

export interface RefreshAllResult {
  /** every table, in sheet order */
  tables: Array<RefreshAllTable & { outcome: TableOutcome }>;
  /** the run's Cancel was pressed */
  cancelled: boolean;
  /** only the tables that ask to be refreshed when the workbook opens (the run at open) */
  atOpen: boolean;
}

/** A table's choice, as the pane's checkbox shows it. */
export interface OpenChoice {
  sheetName: string;
  tableId: string;
  tableName: string;
  /** its query, e.g. "History 2021-01-01 730d" */
  label: string;
  refreshOnOpen: boolean;
}

/** What choosing did: the table's choice now, and whether the workbook loads the add-in when it opens. */
export interface OpenChoiceResult {
  table: OpenChoice;
  /** some table of the workbook asks to be refreshed at open */
  anyAsks: boolean;
  /** Excel took the startup behaviour (false: the host has no shared runtime, or refused) */
  startupSet: boolean;
}

// ---- Works paused for a sign-in ----

/** A work paused by a 401 until the planner signs in again (signIn/signInGate.ts holds its resolver). */
export interface PausedWork {
  /** the work's id (unique per pull or refresh) */
  id: string;
  /** what is paused, e.g. "Pulling History" */
  label: string;
  /** the tenant and base URL whose session ended */
  endpoint: ClaretEndpoint;
  /** why it paused, e.g. "Your Claret session has expired." */
  reason: UserMessage;
}
