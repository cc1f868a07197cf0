// Carries out a refresh plan (src/sales/refreshPlan.ts) on the table, in place: the changed Claret cells are written
// (values only: the planner's formats stay), rows of records gone from Claret are deleted (after the ones that carry
// the planner's own values are copied to a table on the sheet "Removed by refresh"), new records are inserted where
// the plan puts them, new Claret columns are added, and the table's filter and sort are applied again.
//
// Rows come and go as whole sheet rows, so what the planner typed beside the table stays on its record's row.
// Excel refuses to move cells inside a filtered table (office-js#994), so the filter's criteria are cleared first and
// applied again after.
//
// Nothing is written if the table changed since it was read (tableCheck.ts): the planner may have sorted it, moved
// rows or edited ids while the pages came in, and the plan's row positions would then point at other records.
//
// All or nothing: each step journals how to undo it. A write of values is undone by writing the old values back, which
// is harmless if the write never happened; a step that moves rows or adds columns is followed in its request by a
// marker cell on the backup sheet, so after a failure the add-in knows exactly which of them Excel applied. On a
// failure the journal is played backwards (from a backup sheet holding the rows deleted) and the error rethrown.
//
// One Ctrl+Z undoes the whole refresh where Excel can group a run's requests into one undo record (mergeUndoGroup,
// ExcelApi 1.20): the apply is then one Excel.run with the group. Nothing in it may be a member that cannot be undone
// (learn.microsoft.com "Undo support with the Excel JavaScript API": inside a group it throws UndoNotSupported, outside
// one it clears the planner's undo stack): hiding a sheet cannot be undone on Windows and Mac, deleting one nowhere. So
// the grouped apply keeps its backup on the add-in's own hidden sheet WORK_SHEET, made (and hidden) once, before the
// group, and emptied inside the group instead of deleted. If Excel refuses the group itself and the table is as it was,
// the same work runs again without the group, and the result says one Ctrl+Z will not undo it.
import type { CellValue as PlanValue, RefreshPlan } from "../sales";
import { headerNames } from "../sales";
import { queueCalculationModeRead, queueSuspendCalculation } from "./calculation";
import { blockAddress, columnLetter } from "./names";
import { queueReplaceStoredEntries, queueStoreQuery, type StoredQuery } from "./queryStore";
import { jsonBytes, OPERATION_BYTES, RequestBatch, writeRows } from "./chunkedIO";
import { TableCheck } from "./tableCheck";
import type { TableState } from "./tableRead";
import { isUndoGroupFailure, runExcel, undoGroupSupported } from "./excelRun";

export const REMOVED_SHEET = "Removed by refresh";

/** The add-in's own hidden sheet that a grouped apply keeps its backup on (emptied when done, never deleted). */
export const WORK_SHEET = "ClaretWork";

export interface RemovedRowInfo {
  /** the row holds something of the planner's own (a value outside Claret's columns) */
  hasOwn: boolean;
  hidden: boolean;
}

export interface ApplyResult {
  /** rows copied to REMOVED_SHEET before they were deleted */
  keptOnRemovedSheet: number;
  /** the table they were copied into */
  removedTableName: string | null;
  /** null: the table has no sort; true: reapplied; false: not reapplied (it would move rows away from notes beside) */
  sortReapplied: boolean | null;
  columnsAdded: string[];
  /** the backup sheet could not be deleted: its name */
  leftoverSheet: string | null;
  /**
   * Excel refused to make the apply one undo record (mergeUndoGroup), so it ran without: Ctrl+Z undoes it request by
   * request, not in one step. False where it is one step, or where Excel has no undo groups (ExcelApi 1.20).
   */
  undoGroupRefused: boolean;
}

/** Raised when applying failed: `restored` says whether the rollback put everything back. */
export class RefreshApplyError extends Error {
  constructor(
    readonly failure: unknown,
    readonly restored: boolean,
    readonly backupSheet: string
  ) {
    super(`refresh apply failed${restored ? "" : " and could not be undone"}`);
    this.name = "RefreshApplyError";
  }
}

type Undo = (ctx: UndoContext) => void;
/** An undo step and the request bytes it will queue (the rollback's requests stay under the limit too). */
interface Journaled {
  undo: Undo;
  bytes: number;
}
interface UndoContext {
  context: Excel.RequestContext;
  sheet: Excel.Worksheet;
  table: Excel.Table;
  backup: Excel.Worksheet;
}

function randomSuffix(): string {
  return Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, "0");
}

const rowsAddress = (firstRow0: number, count: number) => `${firstRow0 + 1}:${firstRow0 + count}`;

/** Groups of consecutive numbers: [3,4,5,9] → [[3,3],[9,1]] (first, count). */
function groupsOf(sorted: readonly number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1] === n) last[1]++;
    else out.push([n, 1]);
  }
  return out;
}

/** Runs of consecutive table columns among `columns` (given with their positions in a row layout). */
function columnRuns(columns: readonly number[]): Array<{ first: number; keys: number[] }> {
  const order = columns.map((c, k) => ({ c, k })).sort((a, b) => a.c - b.c);
  const runs: Array<{ first: number; keys: number[] }> = [];
  for (const { c, k } of order) {
    const last = runs[runs.length - 1];
    if (last && last.first + last.keys.length === c) last.keys.push(k);
    else runs.push({ first: c, keys: [k] });
  }
  return runs;
}

/** The sheets applying a plan adds: the hidden backup sheet, and "Removed by refresh" (when it does not exist yet). */
export interface SheetsNeeded {
  /** the backup sheet: some step moves rows or adds columns */
  backup: boolean;
  /** removed rows that carry the planner's own values, copied to REMOVED_SHEET */
  keptRows: number;
}

/** Which sheets applying `plan` needs (one rule with applyRefresh's own). */
export function sheetsNeeded(
  plan: RefreshPlan,
  removed: ReadonlyMap<number, RemovedRowInfo>
): SheetsNeeded {
  const gone = [...plan.removals, ...(plan.placeholder?.removed ? [plan.placeholder.row] : [])];
  const keptRows = gone.filter((row) => removed.get(row)?.hasOwn).length;
  const structural =
    plan.removals.length > 0 || plan.insertions.length > 0 || plan.placeholder !== null;
  return { backup: structural || plan.columnsToAdd.length > 0 || keptRows > 0, keptRows };
}

export interface ApplyInput {
  state: TableState;
  plan: RefreshPlan;
  removed: ReadonlyMap<number, RemovedRowInfo>;
  stored: StoredQuery;
  /** number formats of the Claret columns after the refresh, by plan.claretKeysAfter */
  numberFormats: readonly string[];
  now: Date;
}

/** Applies the plan: as one undo record where Excel allows it, else (or when Excel refuses the group) without. */
export async function applyRefresh(input: ApplyInput): Promise<ApplyResult> {
  if (!undoGroupSupported()) return applyOnce(input, false);
  try {
    return await applyOnce(input, true);
  } catch (error) {
    // The grouping failed and the table is as it was (nothing written, or all of it rolled back): the same work again
    // without the group. Any other failure is the refresh's own.
    const failure = error instanceof RefreshApplyError ? error.failure : error;
    const unchanged = !(error instanceof RefreshApplyError) || error.restored;
    if (!unchanged || !isUndoGroupFailure(failure)) throw error;
  }
  return { ...(await applyOnce(input, false)), undoGroupRefused: true };
}

/** The add-in's hidden work sheet exists (made and hidden in a run of its own, outside any undo group). */
async function ensureWorkSheet(): Promise<void> {
  await runExcel(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(WORK_SHEET);
    await context.sync();
    if (sheet.isNullObject) {
      const added = context.workbook.worksheets.add(WORK_SHEET);
      added.visibility = Excel.SheetVisibility.hidden;
      await context.sync();
    }
  });
}

async function applyOnce(input: ApplyInput, grouped: boolean): Promise<ApplyResult> {
  const { state, plan, removed, stored, numberFormats } = input;
  const backupName = grouped ? WORK_SHEET : `ClaretBackup_${randomSuffix()}`;
  const done: Journaled[] = [];
  let backupMade = false;
  const dataTop = state.headerRow + 1;
  const spanLeft = Math.min(state.firstColumn, state.usedFirstColumn);
  const spanRight = Math.max(state.firstColumn + state.columnCount - 1, state.usedLastColumn);
  const spanWidth = spanRight - spanLeft + 1;
  const gone = [
    ...plan.removals,
    ...(plan.placeholder?.removed ? [plan.placeholder.row] : []),
  ].sort((a, b) => a - b);
  const structural =
    plan.removals.length > 0 || plan.insertions.length > 0 || plan.placeholder !== null;
  const result: ApplyResult = {
    keptOnRemovedSheet: 0,
    removedTableName: null,
    sortReapplied: null,
    columnsAdded: plan.columnsToAdd.map((c) => c.header),
    leftoverSheet: null,
    undoGroupRefused: false,
  };
  // The backup sheet (rows to delete, the marker) only when some step moves rows, adds columns or sheets.
  const needsBackup = sheetsNeeded(plan, removed).backup;
  if (grouped && needsBackup) await ensureWorkSheet();
  /** the grouped apply's work sheet is emptied, not deleted (deleting a sheet cannot be undone) */
  const emptyWorkSheet = (backup: Excel.Worksheet) =>
    backup.getRange().clear(Excel.ClearApplyTo.all);

  try {
    await runExcel(
      async (context) => {
        const sheet = context.workbook.worksheets.getItem(state.sheetName);
        const table = sheet.tables.getItem(state.tableId);
        const backup = !needsBackup
          ? context.workbook.worksheets.getItemOrNullObject(backupName)
          : grouped
            ? context.workbook.worksheets.getItem(backupName)
            : context.workbook.worksheets.add(backupName);
        if (needsBackup && grouped) emptyWorkSheet(backup);
        else if (needsBackup) backup.visibility = Excel.SheetVisibility.hidden;
        const marker = backup.getRange("A1");
        let seq = 0;
        // Undo steps of the request being built, in order; seq null = harmless to undo even if it never applied.
        let pending: Array<{ seq: number | null; step: Journaled }> = [];
        /** A step Excel may or may not have applied when its request fails: the marker after it tells. */
        const journal = (undo: Undo, bytes = OPERATION_BYTES) => {
          pending.push({ seq: ++seq, step: { undo, bytes } });
          marker.values = [[seq]];
        };
        /** A step whose undo is harmless if it never applied (writing back the values that were there). */
        const journalIdempotent = (undo: Undo, bytes = OPERATION_BYTES) =>
          pending.push({ seq: null, step: { undo, bytes } });
        const sync = async () => {
          try {
            await context.sync();
          } catch (error) {
            let applied = 0;
            if (pending.some((p) => p.seq !== null)) {
              marker.load("values");
              try {
                await context.sync();
                applied = Number(marker.values[0][0]) || 0;
              } catch {
                applied = 0; // unknown: only the harmless undos are played
              }
            }
            for (const p of pending) if (p.seq === null || p.seq <= applied) done.push(p.step);
            pending = [];
            throw error;
          }
          for (const p of pending) done.push(p.step);
          pending = [];
        };
        // every request under the 5 MB limit, each with calculation suspended
        const batch = new RequestBatch(sync, () => queueSuspendCalculation(context));
        /** Makes room for an operation, and for the marker write after it when it is journaled. */
        const fit = (operations: number, dataBytes = 0) =>
          batch.fit(operations * OPERATION_BYTES + dataBytes);

        // 0. The table is still as the plan read it (ids, size, headers, filter, reach beside): else nothing is written.
        // The last chunk of ids rides in the first request below, which writes nothing in the table.
        const check = new TableCheck(context, state, plan.idColumn);
        const recalculation = queueCalculationModeRead(context); // read with the check's first request
        for (let i = check.chunksBeforeLast; i > 0; i--) {
          check.queueNext();
          // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one request per chunk of ids, under the response limit
          await context.sync();
          check.throwIfChanged();
        }
        check.queueNext();

        // 1. The backup: the rows that will be deleted or emptied, as they are (values, formats), on a hidden sheet;
        // neighbouring rows in one copy. It writes nothing in the table, so the check is judged after its requests.
        if (needsBackup) marker.values = [[0]];
        let backupRow = 1;
        for (const [first, count] of groupsOf(gone)) {
          await fit(1);
          backup
            .getRange(blockAddress(backupRow, spanLeft, count, spanWidth))
            .copyFrom(
              sheet.getRange(blockAddress(dataTop + first, spanLeft, count, spanWidth)),
              Excel.RangeCopyType.all
            );
          backupRow += count;
        }
        await fit(1);
        await batch.flush();
        check.throwIfChanged(); // (the backup sheet, not yet marked made, is deleted on the way out)
        backupMade = needsBackup;
        const backupRowOf = new Map(gone.map((row, i) => [row, 1 + i]));
        /** Puts back `count` neighbouring gone rows from `first` at sheet row `at`: one copy, then the hidden ones. */
        const restoreRows = (u: UndoContext, first: number, count: number, at: number) => {
          u.sheet
            .getRange(blockAddress(at, spanLeft, count, spanWidth))
            .copyFrom(
              u.backup.getRange(blockAddress(backupRowOf.get(first)!, spanLeft, count, spanWidth)),
              Excel.RangeCopyType.all
            );
          for (const [h, n] of hiddenRuns(first, count))
            u.sheet.getRange(rowsAddress(at + h - first, n)).rowHidden = true;
        };
        const hiddenRuns = (first: number, count: number) =>
          groupsOf(
            Array.from({ length: count }, (_, k) => first + k).filter((r) => removed.get(r)?.hidden)
          );
        const restoreBytes = (first: number, count: number) =>
          (1 + hiddenRuns(first, count).length) * OPERATION_BYTES;

        // 2. Changed Claret cells, values only, in the rows where they are now.
        const writes = plan.updates.map((u) => {
          const cols = u.changes.map((c) => c.column);
          const lo = Math.min(...cols);
          const hi = Math.max(...cols);
          const next: (PlanValue | null)[] = new Array(hi - lo + 1).fill(null);
          const old: (PlanValue | null)[] = new Array(hi - lo + 1).fill(null);
          for (const c of u.changes) {
            next[c.column - lo] = c.value;
            old[c.column - lo] = c.old;
          }
          return { row: u.row, lo, next, old };
        });
        for (const w of writes) {
          const address = blockAddress(dataTop + w.row, state.firstColumn + w.lo, 1, w.next.length);
          await fit(1, jsonBytes(w.next));
          journalIdempotent(
            (u) => {
              u.sheet.getRange(address).formulas = [w.old];
            },
            OPERATION_BYTES + jsonBytes(w.old)
          );
          sheet.getRange(address).values = [w.next];
        }
        await batch.flush();

        // 3. Removed rows that carry the planner's own values: copied to a table on "Removed by refresh" first.
        const keep = gone.filter((row) => removed.get(row)?.hasOwn);
        if (keep.length > 0) {
          const existing = context.workbook.worksheets.getItemOrNullObject(REMOVED_SHEET);
          const tables = context.workbook.tables.load("items/name");
          await context.sync(); // a read: nothing journaled is pending here
          const createdSheet = existing.isNullObject;
          const target = createdSheet ? context.workbook.worksheets.add(REMOVED_SHEET) : existing;
          if (createdSheet)
            journal((u) => u.context.workbook.worksheets.getItem(REMOVED_SHEET).delete());
          const usedBelow = existing.isNullObject
            ? null
            : existing.getUsedRangeOrNullObject().load("rowIndex,rowCount");
          if (usedBelow) await context.sync();
          const top =
            usedBelow && !usedBelow.isNullObject ? usedBelow.rowIndex + usedBelow.rowCount + 1 : 0;
          const spanHeaders = Array.from({ length: spanWidth }, (_, j) => {
            const c = spanLeft + j - state.firstColumn;
            return c >= 0 && c < state.columnCount
              ? state.headers[c]
              : `Column ${columnLetter(spanLeft + j)}`;
          });
          const headers = headerNames(["removed_at", "from_table", ...spanHeaders]);
          const taken = new Set(tables.items.map((t) => t.name.toLowerCase()));
          let name = "RemovedByRefresh";
          for (let n = 2; taken.has(name.toLowerCase()); n++) name = `RemovedByRefresh${n}`;
          const width = headers.length;
          const block = blockAddress(top, 0, 1 + keep.length, width);
          journalIdempotent((u) =>
            u.context.workbook.worksheets
              .getItem(REMOVED_SHEET)
              .getRange(block)
              .clear(Excel.ClearApplyTo.all)
          );
          const stamp = input.now
            .toISOString()
            .replace("T", " ")
            .replace(/\.\d+Z$/, " UTC");
          await writeRows(
            batch,
            target,
            top,
            0,
            [headers],
            headers.map(() => "@")
          );
          await writeRows(
            batch,
            target,
            top + 1,
            0,
            keep.map(() => [stamp, state.tableName]),
            ["@", "@"]
          );
          let k = 0;
          for (const [first, count] of groupsOf(keep)) {
            await fit(1);
            target
              .getRange(blockAddress(top + 1 + k, 2, count, spanWidth))
              .copyFrom(
                sheet.getRange(blockAddress(dataTop + first, spanLeft, count, spanWidth)),
                Excel.RangeCopyType.all
              );
            k += count;
          }
          await fit(3);
          const added = target.tables.add(block, true);
          journal((u) => u.context.workbook.tables.getItem(name).delete());
          added.name = name;
          await batch.flush();
          result.keptOnRemovedSheet = keep.length;
          result.removedTableName = name;
        }

        // 5. Rows move: the filter's criteria are cleared first (Excel will not move cells of a filtered table).
        const filter = state.filter;
        const firstAdded = plan.columnsToAdd[0]?.at ?? Infinity;
        const criteriaAfter = (filter?.criteria ?? []).map((c, col) => ({
          c,
          col: col >= firstAdded ? col + plan.columnsToAdd.length : col,
          original: col,
        }));
        const restoreFilter = (u: UndoContext) => {
          for (const { c, original } of criteriaAfter)
            if (c) u.table.autoFilter.apply(u.table.getRange(), original, c);
          // then the visibility exactly as it was (criteria evaluated now could differ from when the planner applied them)
          u.sheet.getRange(rowsAddress(dataTop, state.dataRows)).rowHidden = true;
          for (const [a, b] of filter!.visibleRows)
            u.sheet.getRange(rowsAddress(dataTop + a, b - a + 1)).rowHidden = false;
        };
        const restoreFilterBytes =
          (criteriaAfter.length + 1 + (filter?.visibleRows.length ?? 0)) * OPERATION_BYTES;
        if (filter && structural) {
          await fit(1);
          table.autoFilter.clearCriteria();
          journalIdempotent(restoreFilter, restoreFilterBytes);
          await batch.flush();
        }

        // 6. The placeholder (every old row gone): emptied, so the first new record can take its place.
        if (plan.placeholder) {
          const row = plan.placeholder.row;
          await fit(1);
          sheet
            .getRange(blockAddress(dataTop + row, spanLeft, 1, spanWidth))
            .clear(Excel.ClearApplyTo.all);
          if (plan.placeholder.removed)
            journalIdempotent((u) => restoreRows(u, row, 1, dataTop + row), restoreBytes(row, 1));
          await batch.flush();
        }

        // 7. Rows of records gone from Claret: whole sheet rows, bottom up.
        const groups = groupsOf(plan.removals).reverse();
        for (const [first, count] of groups) {
          await fit(2); // the delete and the marker
          sheet.getRange(rowsAddress(dataTop + first, count)).delete(Excel.DeleteShiftDirection.up);
          journal(
            (u) => {
              u.sheet
                .getRange(rowsAddress(dataTop + first, count))
                .insert(Excel.InsertShiftDirection.down);
              restoreRows(u, first, count, dataTop + first);
            },
            OPERATION_BYTES + restoreBytes(first, count)
          );
        }
        await batch.flush();
        let bodyRows = state.dataRows - plan.removals.length;
        // 0-based sheet row of the table's last row (its totals row when shown)
        let tableBottom = state.headerRow + bodyRows + (state.showTotals ? 1 : 0);
        const width = state.columnCount + plan.columnsToAdd.length;

        // New Claret columns (schema growth), after the last Claret column, filled for every row kept. (After the
        // deletes: a deleted row is put back from its backup in the layout it had.)
        const goneSet = new Set(gone);
        const keptOld = state.claretCells
          .map((_, row) => row)
          .filter((row) => !goneSet.has(row) || row === plan.placeholder?.row);
        for (let i = 0; i < plan.columnsToAdd.length; i++) {
          const column = plan.columnsToAdd[i];
          await fit(2);
          table.columns.add(column.at, undefined, column.header);
          journal((u) => u.table.columns.getItem(column.header).delete());
          await batch.flush();
          const values = keptOld.map((row) => [plan.addedColumnValues[i][row]]);
          await writeRows(batch, sheet, dataTop, state.firstColumn + column.at, values, [
            column.spec.numberFormat,
          ]);
          await batch.flush();
        }

        // 8. New records: whole sheet rows inserted where the plan puts them (the placeholder takes the first).
        const slots: Array<{ at: number; rows: PlanValue[][] }> = [];
        const insertions = [...plan.insertions].sort((a, b) => b.before - a.before);
        for (const ins of insertions) {
          let rows = ins.rows;
          let before = ins.before;
          if (plan.placeholder) {
            slots.push({ at: 0, rows: rows.slice(0, 1) });
            rows = rows.slice(1);
            before = 1;
            if (rows.length === 0) continue;
          }
          const n = rows.length;
          const at = dataTop + before; // 0-based sheet row where they go
          await fit(4); // the insert (and the resize), each with its marker
          if (before < bodyRows || state.showTotals) {
            sheet.getRange(rowsAddress(at, n)).insert(Excel.InsertShiftDirection.down);
            journal((u) =>
              u.sheet.getRange(rowsAddress(at, n)).delete(Excel.DeleteShiftDirection.up)
            );
          } else {
            // below the table: insert the sheet rows, then take them into the table
            sheet.getRange(rowsAddress(at, n)).insert(Excel.InsertShiftDirection.down);
            journal((u) =>
              u.sheet.getRange(rowsAddress(at, n)).delete(Excel.DeleteShiftDirection.up)
            );
            const tableRows = tableBottom - state.headerRow + 1;
            const was = blockAddress(state.headerRow, state.firstColumn, tableRows, width);
            table.resize(blockAddress(state.headerRow, state.firstColumn, tableRows + n, width));
            journal((u) => u.table.resize(was));
          }
          // the slots after this one (earlier in the list: larger `before`) move down by n
          for (const s of slots) if (s.at >= before) s.at += n;
          slots.push({ at: before, rows });
          bodyRows += n;
          tableBottom += n;
        }
        await batch.flush();

        // Their values, number formats first (so text such as "=x" or "0117" stays text).
        const runs = columnRuns(plan.claretColumnsAfter);
        for (const slot of slots)
          for (const run of runs)
            await writeRows(
              batch,
              sheet,
              dataTop + slot.at,
              state.firstColumn + run.first,
              slot.rows.map((r) => run.keys.map((k) => r[k])),
              run.keys.map((k) => numberFormats[k])
            );
        await batch.flush();

        // 9. The filter again: its criteria where rows moved, else a reapply (changed values are filtered anew).
        if (filter) {
          await fit(criteriaAfter.length + 1);
          if (structural) {
            // undoing the row moves needs the criteria cleared again (put back at the very end of the undo)
            journalIdempotent((u) => u.table.autoFilter.clearCriteria());
            for (const { c, col } of criteriaAfter)
              if (c) table.autoFilter.apply(table.getRange(), col, c);
          } else {
            table.autoFilter.reapply();
            journalIdempotent(restoreFilter, restoreFilterBytes);
          }
          await batch.flush();
        }

        // 10. The stored query: the Claret columns the table has now.
        await fit(8);
        const written = queueStoreQuery(
          sheet,
          state.tableId,
          { ...stored, tableName: state.tableName, claretColumns: plan.claretKeysAfter },
          state.storedEntries
        );
        journalIdempotent(
          (u) =>
            queueReplaceStoredEntries(
              u.sheet,
              [...written, ...state.storedEntries],
              state.storedEntries
            ),
          8 * OPERATION_BYTES
        );
        await batch.flush();

        // 11. The sort again, when rows came or changed. Last: a sort cannot be undone. It is not reapplied when it would
        // move rows while the planner has notes beside the table (Excel moves only the table's cells).
        if (state.sort && (plan.insertions.length > 0 || plan.updates.length > 0)) {
          const beside =
            state.usedFirstColumn < state.firstColumn ||
            state.usedLastColumn > state.firstColumn + state.columnCount - 1;
          if (plan.sortHolds || !beside) {
            await fit(1);
            table.sort.reapply();
            await batch.flush();
            result.sortReapplied = true;
          } else result.sortReapplied = false;
        }

        // 12. Every request above suspended calculation: the planner's formulas on the table calculate once, now.
        await fit(1);
        recalculation.queue();
        await batch.flush();

        // 13. The grouped apply's backup emptied, in the group (the next Ctrl+Z is the refresh's, not this).
        if (grouped && needsBackup) {
          await fit(1);
          emptyWorkSheet(backup);
          await batch.flush();
        }
      },
      { undoGroup: grouped }
    );
  } catch (error) {
    if (!backupMade && done.length === 0) {
      if (!grouped) await deleteSheet(backupName);
      throw error;
    }
    // (without a backup sheet, every undo is a write of old values: rollBack needs no sheet but the table's)
    const restored = await rollBack(state, backupName, done);
    if (restored && backupMade && !grouped) await deleteSheet(backupName);
    throw new RefreshApplyError(error, restored, backupName);
  }
  if (backupMade && !grouped && !(await deleteSheet(backupName))) result.leftoverSheet = backupName;
  return result;
}

async function rollBack(
  state: TableState,
  backupName: string,
  done: readonly Journaled[]
): Promise<boolean> {
  try {
    await runExcel(async (context) => {
      const sheet = context.workbook.worksheets.getItem(state.sheetName);
      const u: UndoContext = {
        context,
        sheet,
        table: sheet.tables.getItem(state.tableId),
        backup: context.workbook.worksheets.getItem(backupName),
      };
      const batch = new RequestBatch(
        () => context.sync(),
        () => queueSuspendCalculation(context)
      );
      const recalculation = queueCalculationModeRead(context);
      for (let i = done.length - 1; i >= 0; i--) {
        await batch.fit(done[i].bytes);
        done[i].undo(u);
      }
      await batch.flush();
      await context.sync(); // the calculation mode, if no undo step carried its read
      recalculation.queue();
      await context.sync();
    });
    return true;
  } catch {
    return false;
  }
}

/** Deletes a sheet if it exists; false if Excel refused (tried three times). */
async function deleteSheet(name: string): Promise<boolean> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      await runExcel(async (context) => {
        const sheet = context.workbook.worksheets.getItemOrNullObject(name);
        // eslint-disable-next-line office-addins/no-context-sync-in-loop -- retried attempts of the delete, each a request of its own
        await context.sync();
        if (!sheet.isNullObject) {
          sheet.delete();
          // eslint-disable-next-line office-addins/no-context-sync-in-loop -- as above
          await context.sync();
        }
      });
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
  return false;
}
