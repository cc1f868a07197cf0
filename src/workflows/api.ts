// The contract between the UI (src/taskpane, src/commands) and the use cases in src/workflows.
// The UI only calls workflows and renders what they return; it never touches Office.js or fetch.

import type { RetryPolicy } from "../claret/retry";
import type { ClaretEndpoint, ClaretSession, SalesQuery } from "../claret/types";
import type { WarningKind } from "../sales/pushValidation";

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
  /** 0-based index of the row within the selection's data rows */
  rowIndex: number;
  severity: "error" | "warning";
  message: string;
  /** on warnings: which kind, so the preview groups them one line per kind (groupProblemsByKind) */
  kind?: WarningKind;
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
  /** opaque data the confirm step needs; the UI passes it back unchanged */
  readonly token: unknown;
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

export interface BatchOutcome {
  index: number;
  rows: number;
  /** sent: Claret confirmed; refused: Claret rejected it (nothing of it written); unknown: timeout/5xx, may or may not be written */
  status: "sent" | "refused" | "unknown" | "not-sent";
  message: string;
  /** 1-based positions of the batch's first and last row among the rows to send ("rows 1,001–2,000") */
  firstRow?: number;
  lastRow?: number;
  /** 1-based sheet rows of the batch's first and last row (hidden or left-out rows may lie between) */
  firstSheetRow?: number;
  lastSheetRow?: number;
}

/**
 * Every selected row is counted exactly once:
 * selected = sent + refused + unknown + notSent + leftOutWithErrors + skipped
 * (notSent and leftOutWithErrors are always set by confirmPush; optional only so older fixtures still type-check).
 */
export interface PushSummary {
  selected: number;
  sent: number;
  refused: number;
  unknown: number;
  /** hidden and blank rows */
  skipped: number;
  /** valid rows never sent: batches after an unknown outcome, a cancel, or a refusal that applies to every batch */
  notSent?: number;
  /** rows with errors, left out by "send valid rows only" */
  leftOutWithErrors?: number;
  /** sheet addresses of the first cell of each row left out with errors, e.g. ["A7", "A12"] */
  leftOutRows?: string[];
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
