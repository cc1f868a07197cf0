// State the host keeps across requests: the workbook model, the limits and cost model of the platform it plays,
// the log of every request, injected faults, the objects Office.js asked it to keep (`_KeepReference`), and the
// person's state in Excel's UI that decides whether a request may run (editing a cell).

import type { WorkbookModel } from "../workbook-model";
import type { HostObject } from "./schema";
import type { UndoStack } from "./undo";

export interface SyncRecord {
  /** actions in this request (Office.js's Instantiate, Query, Method, SetProperty, …) */
  commands: number;
  /** UTF-8 bytes of the request body Microsoft's client sent */
  payloadBytes: number;
  /** UTF-8 bytes of the response body the host answered (0 when the request failed before running) */
  responseBytes: number;
  /** cells written by values/formulas/numberFormat writes (a cell counts once per property written) */
  cellsWritten: number;
  /**
   * cells whose values were carried in the request: a 2-D array carries each of its cells, a single value that
   * Excel spreads over a range carries one
   */
  cellsCarried: number;
  /** cells copied Excel-side by range.copyFrom (no payload for their data) */
  cellsCopied: number;
  /** application.suspendApiCalculationUntilNextSync() was called in this request */
  calcSuspended: boolean;
  /** modelled host time of this request (EmulatorOptions.syncCost); 0 without a cost model */
  ms: number;
  /** the request's flags as Office.js sent them (64 = wait while the user edits a cell) */
  flags: number;
  /** error code when the request failed, e.g. "RequestPayloadSizeLimitExceeded" */
  error?: string;
  /**
   * the members whose actions changed the workbook, in order, as `Class.member` ("WorksheetCollection.add",
   * "Range.values", "Worksheet.delete"); empty for a request that only read
   */
  changedBy: string[];
  /** the merged undo group (one Excel.run with mergeUndoGroup, ExcelApi 1.20) the request belongs to */
  undoGroup?: string;
}

export interface SyncCost {
  perSyncMs: number;
  perCellCarriedUs: number;
  perCellCopiedUs: number;
}

/** What a command looks like to a fault matcher: `location` is Office.js's debugInfo.errorLocation, e.g. "Range.copyFrom". */
export interface CommandInfo {
  location: string;
  op: string;
  /** a readable path, e.g. `workbook.worksheets.getItem("Sheet1").getRange("A1:B2")` */
  path: string;
}

export interface CommandFault {
  match: (command: CommandInfo) => boolean;
  code: string;
  message: string;
  /** how many more times it fires */
  remaining: number;
  fired: number;
}

export interface Runtime {
  model: WorkbookModel;
  /** bytes per request and per response; null = no limit (desktop Excel) */
  payloadLimitBytes: number | null;
  syncCost: SyncCost;
  syncLog: SyncRecord[];
  /** requests Office.js sent only to release kept objects (desktop, after each Excel.run); not in syncLog */
  releaseRequests: number;
  busyUntil: number;
  emitChange(): void;
  commandFaults: CommandFault[];
  /** members in no released requirement set (EmulatorOptions.previewApis); off by default */
  previewApis: boolean;
  /** objects kept for Office.js by `_KeepReference`, by the `_ReferenceId` the host gave them */
  references: Map<string, HostObject>;
  nextReference: number;
  /** the person's undo stack (host/undo.ts) */
  undo: UndoStack;
}

const NON_ASCII = /[^\x00-\x7f]/;

export function utf8Bytes(s: string): number {
  // all ASCII: one native scan instead of a loop per character (the count is the same)
  if (!NON_ASCII.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
