// The contract between the UI (src/taskpane, src/commands) and the use cases in src/workflows.
// The UI only calls workflows and renders what they return; it never touches Office.js or fetch.

import type { RetryPolicy } from "../claret/retry";
import type { ClaretEndpoint, ClaretSession, SalesQuery } from "../claret/types";
import type { PushValidation, WarningKind } from "../sales/pushValidation";

export type { ClaretEndpoint, ClaretSession, RetryPolicy, SalesQuery, WarningKind };

/** Progress of a pull or refresh: "N of M records". `total` is null until the first page. */
export interface DrainProgress {
  recordsSoFar: number;
  total: number | null;
}

export interface WorkOptions {
  signal?: AbortSignal;
  onProgress?: (p: DrainProgress) => void;
  /**
   * Called when Claret answers 401 mid-drain (token expired or revoked). The UI asks the user to
   * sign in again and resolves with the new session, or null if the user gives up. The workflow
   * keeps its staged rows and resumes from the cursor, so nothing is fetched twice.
   */
  reauthenticate?: (reason: UserMessage) => Promise<ClaretSession | null>;
  /** how each page request is retried on 408/429/5xx (default: the Claret client's policy) */
  retry?: Partial<RetryPolicy>;
}

export interface PullResult {
  sheetName: string;
  tableName: string;
  rowCount: number;
  columns: string[];
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
   * through problemText (workflows/pushMessages.ts), which says who refused it.
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
 * Every selected row is counted exactly once:
 * selected = sent + refused + unknown + notSent + leftOutWithErrors + skipped
 */
export interface PushSummary {
  selected: number;
  sent: number;
  refused: number;
  unknown: number;
  /** hidden and blank rows */
  skipped: number;
  /** valid rows never sent: batches after an unknown outcome, a cancel, or a refusal that applies to every batch */
  notSent: number;
  /** why batches were left unsent; null when every batch was tried */
  stoppedBecause: PushStop | null;
  /** rows with errors, left out by "send valid rows only" */
  leftOutWithErrors: number;
  /** 1-based sheet rows of the rows left out with errors, in order */
  leftOutSheetRows: number[];
  batches: BatchOutcome[];
  /** refusals mapped back to their cells */
  problems: CellProblem[];
  /** one plain sentence for the status region */
  sentence: string;
}

/** A message for the task pane's status/alert region. */
export interface UserMessage {
  intent: "success" | "info" | "warning" | "error";
  text: string;
  /** true when the user must sign in (again) before retrying */
  needsSignIn?: boolean;
}
