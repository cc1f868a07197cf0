// Excel's undo stack as the add-in and the person shape it: one record per request of the add-in ("When false, each
// context.sync() call creates an undo record", learn.microsoft.com "Excel.RunOptions" mergeUndoGroup), one per
// Excel.run that asked `mergeUndoGroup` (ExcelApi 1.20), one per action of the person in the grid. Ctrl+Z (host
// undo()) puts the workbook back as it was before the last record. A record is a snapshot of the workbook model
// (WorkbookModel.undoSnapshot: rows shared copy-on-write, so a record costs what the requests after it touch).
//
// "If you call an unsupported API in your add-in, the user's undo stack is cleared starting from that API call"; inside
// a merged group such an API throws UndoNotSupported (learn.microsoft.com "Undo support with the Excel JavaScript API",
// table "Unsupported APIs", which differs between Excel on the web and Excel on Windows and Mac).
import { officeError } from "../errors";
import type { UndoSnapshot, WorkbookModel } from "../workbook-model";

export const UNDO_NOT_SUPPORTED = "UndoNotSupported";

/**
 * Excel keeps 100 undo steps since Excel 2007 (xltoolbox.net/undo.html, "Undo steps (stack size)"; that current builds
 * keep the same number is an inference).
 */
export const EXCEL_UNDO_LEVELS = 100;

/**
 * The emulator keeps fewer by default (EmulatorOptions.undoLevels): each record holds the rows changed after it, and
 * 100 records of a 40,000-row table's passes fill a test worker's heap (test/workflows/bigTenant.test.ts timed out).
 */
export const UNDO_LEVELS = 16;

/** Whose undo rules: Excel on the web's, or Excel on Windows and Mac's (they share one column of Microsoft's table). */
export type UndoPlatform = "web" | "windows-mac";

/**
 * The rows of Microsoft's "Unsupported APIs" table for classes the emulator has: whether the member supports undo on
 * the web and on Windows/Mac (learn.microsoft.com "Undo support with the Excel JavaScript API", ms.date 09/09/2025).
 */
const UNDO_SUPPORT: Readonly<Record<string, { web: boolean; "windows-mac": boolean }>> = {
  "NamedItem.comment": { web: false, "windows-mac": true },
  "Workbook.close": { web: false, "windows-mac": false },
  "Workbook.insertWorksheetsFromBase64": { web: false, "windows-mac": false },
  "Workbook.save": { web: false, "windows-mac": false },
  "WorkbookProtection.protect": { web: false, "windows-mac": false },
  "WorkbookProtection.unprotect": { web: false, "windows-mac": false },
  "Worksheet.copy": { web: false, "windows-mac": false },
  "Worksheet.delete": { web: false, "windows-mac": false },
  "Worksheet.name": { web: true, "windows-mac": false },
  "Worksheet.standardWidth": { web: false, "windows-mac": true },
  "Worksheet.position": { web: true, "windows-mac": false },
  "Worksheet.visibility": { web: true, "windows-mac": false },
  "WorksheetCollection.addFromBase64": { web: false, "windows-mac": false },
};

/** Members that clear the undo stack on `platform` (Class.member). */
export function membersWithoutUndo(platform: UndoPlatform): string[] {
  return Object.keys(UNDO_SUPPORT).filter((m) => !UNDO_SUPPORT[m][platform]);
}

export interface UndoRecord {
  /** who made it: a request of the add-in, or the person in the grid */
  by: "add-in" | "person";
  /** the merged group (one Excel.run with mergeUndoGroup) it holds, or null for a single request or action */
  group: string | null;
  /** requests of the add-in it holds */
  requests: number;
  snapshot: UndoSnapshot;
}

export class UndoStack {
  records: UndoRecord[] = [];
  /** times an unsupported member cleared the stack */
  clears = 0;

  constructor(
    public platform: UndoPlatform,
    readonly levels = UNDO_LEVELS
  ) {}

  /** A request or person's action is about to change the workbook: the record it goes in (a group's is reused). */
  open(model: WorkbookModel, by: UndoRecord["by"], group: string | null): UndoRecord {
    const top = this.records[this.records.length - 1];
    if (group !== null && top?.group === group) return top;
    const record: UndoRecord = { by, group, requests: 0, snapshot: model.undoSnapshot() };
    this.records.push(record);
    if (this.records.length > this.levels) this.records.shift();
    return record;
  }

  /** A record opened by a request that changed nothing after all (every write failed, say). */
  drop(record: UndoRecord): void {
    const i = this.records.lastIndexOf(record);
    if (i >= 0 && record.requests === 0) this.records.splice(i, 1);
  }

  /**
   * Before `member` (Class.member) runs in a request: in a merged group an unsupported member throws UndoNotSupported;
   * outside one it clears the stack. Returns true when it cleared.
   */
  checkMember(member: string, group: string | null): boolean {
    const support = UNDO_SUPPORT[member];
    if (!support || support[this.platform]) return false;
    if (group !== null)
      throw officeError(
        UNDO_NOT_SUPPORTED,
        `${member} does not support undo, so it cannot run inside an undo group (Excel.run with mergeUndoGroup).`
      );
    this.records = [];
    this.clears++;
    return true;
  }

  /** Ctrl+Z: the last record taken off, the workbook put back as before it; null when there is nothing to undo. */
  undo(model: WorkbookModel): UndoRecord | null {
    const record = this.records.pop();
    if (!record) return null;
    model.restoreUndo(record.snapshot);
    return record;
  }

  clear(): void {
    this.records = [];
  }
}
