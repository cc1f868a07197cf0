// The refresh as it was before issue 13, kept as the bench's baseline ("full rewrite"): every Claret cell of the table
// is replaced by an Excel-side copy (RangeCopyType.All) from a completed staging sheet, after a backup copy of the old
// cells. It loses the planner's formats on Claret columns and places rows by position, which is why the product no
// longer uses it; refresh.changedOnePercent measures the in-place refresh beside it in the same run.
import type { ClaretSession } from "../../src/claret/types";
import { queueSuspendCalculation } from "../../src/excel/calculation";
import { MAX_ROWS } from "../../src/excel/cells";
import { blockAddress } from "../../src/excel/names";
import {
  queueReadStoredEntries,
  queueReplaceStoredEntries,
  queueStoreQuery,
  readActiveTableQuery,
  type StoredEntries,
  type StoredQuery,
} from "../../src/excel/queryStore";
import type { StagingSheet } from "../../src/excel/stagingSheet";
import { TableSwapError, type TableResult } from "../../src/excel/tableSwap";
import { formatCount } from "../../src/sales/numbers";
import { drainToStaging } from "../../src/workflows/pullRefresh/drain";

export interface ExistingTable {
  sheetName: string;
  tableId: string;
  stored: StoredQuery;
}

/** Where an existing table's header sits: 0-based sheet row/column. */
export interface TablePlacement {
  headerRow: number;
  firstColumn: number;
  dataRows: number;
  columnCount: number;
  headers: string[];
}

/** Reads where the table sits and its header names (one request). */
export async function readTablePlacement(
  sheetName: string,
  tableId: string
): Promise<TablePlacement> {
  return Excel.run(async (context) => {
    const table = context.workbook.worksheets.getItem(sheetName).tables.getItem(tableId);
    const range = table.getRange().load("rowIndex,columnIndex,rowCount,columnCount");
    const header = table.getHeaderRowRange().load("values");
    await context.sync();
    return placementOf(range, header);
  });
}

function samePlacement(a: TablePlacement, b: TablePlacement): boolean {
  return (
    a.headerRow === b.headerRow &&
    a.firstColumn === b.firstColumn &&
    a.dataRows === b.dataRows &&
    a.columnCount === b.columnCount &&
    a.headers.join("\u0000") === b.headers.join("\u0000")
  );
}

function placementOf(range: Excel.Range, header: Excel.Range): TablePlacement {
  return {
    headerRow: range.rowIndex,
    firstColumn: range.columnIndex,
    dataRows: range.rowCount - 1,
    columnCount: range.columnCount,
    headers: (header.values[0] ?? []).map((v) => String(v)),
  };
}

/** Runs of staged columns that land in consecutive table columns, so each run is one copy. */
interface CopyRun {
  stagingColumn: number;
  tableColumn: number;
  width: number;
}

function copyRuns(targetIndexes: number[]): CopyRun[] {
  const runs: CopyRun[] = [];
  targetIndexes.forEach((tableColumn, stagingColumn) => {
    const last = runs[runs.length - 1];
    if (
      last &&
      last.stagingColumn + last.width === stagingColumn &&
      last.tableColumn + last.width === tableColumn
    )
      last.width++;
    else runs.push({ stagingColumn, tableColumn, width: 1 });
  });
  return runs;
}

/** A contiguous block of the old table's columns (0-based within the table) whose old cells are backed up. */
interface BackupRun {
  tableColumn: number;
  width: number;
  /** 0-based column on the staging sheet where its backup starts */
  stagingColumn: number;
}

/** Everything the rollback needs to know about the table as it was before the swap. */
interface SwapPlan {
  before: TablePlacement;
  added: string[];
  backups: BackupRun[];
  /** the stored query's custom properties before the swap, and the ones the swap writes */
  oldStored: StoredEntries;
  newStored: StoredEntries;
  /** staging-sheet cell written just before the staging sheet is deleted: set means every change before it applied */
  commitMarker: string;
}

const COMMITTED = "committed";

/**
 * Replaces the Claret columns of an existing table with the staged rows. Excel applies a request's commands one by one
 * and keeps those before a failing one, so the swap is made recoverable rather than assumed atomic:
 *  1. one read: where the table is, its headers, that growing swallows no cells, the stored query as it is;
 *  2. one write request: the old cells the swap overwrites are first copied to the staging sheet (Excel-side), then the
 *     stored query is updated, new Claret columns inserted, the table resized, the staged block copied in, rows that
 *     fell out cleared, a commit marker written and the staging sheet deleted;
 *  3. if that request fails part-way, the marker tells whether everything but the staging delete applied (then only
 *     the delete is retried); otherwise the inserted columns are removed, the old size, cells and stored query are put
 *     back from the backup, and the error is rethrown: the table is as it was.
 */
export async function swapIntoExistingTable(
  staging: StagingSheet,
  target: ExistingTable,
  expected?: TablePlacement
): Promise<TableResult> {
  const stagedColumns = staging.columnList.map((c) => c.name);
  const rowCount = staging.rowCount;
  const newDataRows = Math.max(rowCount, 1); // a table keeps at least one data row
  let plan: SwapPlan | null = null;
  try {
    return await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(target.sheetName);
      const table = sheet.tables.getItem(target.tableId);
      table.load("id,name");
      const range = table.getRange().load("rowIndex,columnIndex,rowCount,columnCount");
      const header = table.getHeaderRowRange().load("values");
      const storedBefore = queueReadStoredEntries(sheet, target.tableId);
      // Growing must not swallow cells below the table. The check rides with the read when the table is where it was
      // before the drain (the usual case); otherwise it costs one more read.
      const cellsBelow = (p: TablePlacement, extraColumns: number) =>
        newDataRows > p.dataRows
          ? sheet
              .getRange(
                blockAddress(
                  p.headerRow + 1 + p.dataRows,
                  p.firstColumn,
                  newDataRows - p.dataRows,
                  p.columnCount + extraColumns
                )
              )
              .getUsedRangeOrNullObject(true)
              .load("address")
          : null;
      const missingFrom = (p: TablePlacement) =>
        stagedColumns.filter((c) => !p.headers.some((h) => h.toLowerCase() === c.toLowerCase()));
      let below = expected ? cellsBelow(expected, missingFrom(expected).length) : null;
      await context.sync();
      const placement = placementOf(range, header);
      const missing = missingFrom(placement);
      if (!expected || !samePlacement(expected, placement)) {
        below = cellsBelow(placement, missing.length);
        if (below) await context.sync();
      }
      if (below && !below.isNullObject) {
        throw new TableSwapError(
          `The refreshed table "${table.name}" needs ${newDataRows - placement.dataRows} more rows, but cells below it are not empty (${below.address.replace(/^.*!/, "")}). Move them away, then refresh again.`
        );
      }
      if (placement.headerRow + 1 + newDataRows > MAX_ROWS) {
        throw new TableSwapError(
          `The refreshed table needs ${formatCount(rowCount)} rows below its header on row ${placement.headerRow + 1}, but the sheet ends at row ${formatCount(MAX_ROWS)}. Move the table up or pull a shorter date window.`
        );
      }
      const headersLower = placement.headers.map((h) => h.toLowerCase());
      const lastClaretIndex = Math.max(
        -1,
        ...stagedColumns.map((c) => headersLower.indexOf(c.toLowerCase()))
      );
      const columnCount = placement.columnCount + missing.length;
      const dataTop = placement.headerRow + 1;
      const stagingSheet = context.workbook.worksheets.getItem(staging.key);

      // Backup of the old cells the copy will overwrite, to the right of the staged block (staging sheet only).
      const overwritten = stagedColumns
        .map((c) => headersLower.indexOf(c.toLowerCase()))
        .filter((i) => i >= 0)
        .sort((a, b) => a - b);
      const backups: BackupRun[] = [];
      let nextBackupColumn = stagedColumns.length + 1;
      for (const run of copyRuns(overwritten)) {
        backups.push({
          tableColumn: run.tableColumn,
          width: run.width,
          stagingColumn: nextBackupColumn,
        });
        nextBackupColumn += run.width;
      }
      const commitMarker = blockAddress(0, stagedColumns.length, 1, 1);
      plan = {
        before: placement,
        added: missing,
        backups,
        oldStored: storedBefore(),
        newStored: [],
        commitMarker,
      };

      queueSuspendCalculation(context);
      for (const b of backups) {
        stagingSheet
          .getRange(blockAddress(1, b.stagingColumn, placement.dataRows, b.width))
          .copyFrom(
            sheet.getRange(
              blockAddress(
                dataTop,
                placement.firstColumn + b.tableColumn,
                placement.dataRows,
                b.width
              )
            ),
            Excel.RangeCopyType.all
          );
      }
      plan.newStored = queueStoreQuery(
        sheet,
        target.tableId,
        { ...target.stored, tableName: table.name, claretColumns: stagedColumns },
        plan.oldStored
      );
      missing.forEach((name, i) => {
        table.columns.add(lastClaretIndex + 1 + i, undefined, name);
      });
      const headersAfter = [...placement.headers];
      headersAfter.splice(lastClaretIndex + 1, 0, ...missing);
      const headersAfterLower = headersAfter.map((h) => h.toLowerCase());

      table.resize(
        blockAddress(placement.headerRow, placement.firstColumn, 1 + newDataRows, columnCount)
      );
      const targetIndexes = stagedColumns.map((c) => headersAfterLower.indexOf(c.toLowerCase()));
      for (const run of copyRuns(targetIndexes)) {
        const left = placement.firstColumn + run.tableColumn;
        if (rowCount > 0) {
          sheet
            .getRange(blockAddress(dataTop, left, rowCount, run.width))
            .copyFrom(
              stagingSheet.getRange(blockAddress(1, run.stagingColumn, rowCount, run.width)),
              Excel.RangeCopyType.all
            );
        } else {
          sheet
            .getRange(blockAddress(dataTop, left, 1, run.width))
            .clear(Excel.ClearApplyTo.contents);
        }
      }
      if (newDataRows < placement.dataRows) {
        sheet
          .getRange(
            blockAddress(
              dataTop + newDataRows,
              placement.firstColumn,
              placement.dataRows - newDataRows,
              columnCount
            )
          )
          .clear();
      }
      stagingSheet.getRange(commitMarker).values = [[COMMITTED]];
      stagingSheet.delete();
      await context.sync();
      staging.markConsumed();
      return {
        sheetName: target.sheetName,
        tableName: table.name,
        rowCount,
        columns: headersAfter,
      };
    });
  } catch (error) {
    if (!plan) throw error; // failed while reading: nothing was changed
    const outcome = await recoverSwap(staging, target, plan);
    if (outcome.committed) {
      // Only the staging delete failed: the table is refreshed. discard() retries the delete.
      if (await staging.discard()) return outcome.committed;
      throw new TableSwapError(
        `The table "${outcome.committed.tableName}" was refreshed, but Excel did not let the add-in remove its hidden helper sheet "${staging.name}". Right-click any sheet tab, choose Unhide, pick that sheet, then delete it.`,
        "refreshed"
      );
    }
    if (!outcome.restored) {
      throw new TableSwapError(
        `Refreshing failed part-way (${describe(error)}) and the table could not be put back as it was. Its previous Claret values are kept on the sheet "${staging.name}", to the right of the new rows; check the table against them before you save.`,
        "damaged"
      );
    }
    throw error;
  }
}

function describe(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  return typeof e?.code === "string"
    ? `Excel: ${e.code}`
    : typeof e?.message === "string"
      ? e.message
      : String(error);
}

interface Recovery {
  /** set when every change but the staging delete had applied: the refresh is done */
  committed?: TableResult;
  /** the table is back as it was and the staging sheet is gone */
  restored: boolean;
}

/** After a swap request failed part-way: finishes a committed swap or puts the table back from the backup. */
async function recoverSwap(
  staging: StagingSheet,
  target: ExistingTable,
  plan: SwapPlan
): Promise<Recovery> {
  try {
    return await Excel.run(async (context): Promise<Recovery> => {
      const sheet = context.workbook.worksheets.getItem(target.sheetName);
      const stagingSheet = context.workbook.worksheets.getItem(staging.key);
      const table = sheet.tables.getItem(target.tableId);
      table.load("name");
      const marker = stagingSheet.getRange(plan.commitMarker).load("values");
      const range = table.getRange().load("rowIndex,columnIndex,rowCount,columnCount");
      const header = table.getHeaderRowRange().load("values");
      await context.sync();
      const now = placementOf(range, header);
      if (marker.values[0]?.[0] === COMMITTED) {
        return {
          committed: {
            sheetName: target.sheetName,
            tableName: table.name,
            rowCount: staging.rowCount,
            columns: now.headers,
          },
          restored: false,
        };
      }
      const { before } = plan;
      queueSuspendCalculation(context);
      // Inserted columns out (this shifts the user's columns back), then the old size, then the old cells.
      for (const name of [...plan.added].reverse()) {
        if (now.headers.some((h) => h.toLowerCase() === name.toLowerCase()))
          table.columns.getItem(name).delete();
      }
      table.resize(
        blockAddress(before.headerRow, before.firstColumn, 1 + before.dataRows, before.columnCount)
      );
      if (now.dataRows > before.dataRows) {
        // the rows it grew by were empty before the swap (checked), calculated columns may have filled them
        sheet
          .getRange(
            blockAddress(
              before.headerRow + 1 + before.dataRows,
              before.firstColumn,
              now.dataRows - before.dataRows,
              before.columnCount
            )
          )
          .clear();
      }
      for (const b of plan.backups) {
        sheet
          .getRange(
            blockAddress(
              before.headerRow + 1,
              before.firstColumn + b.tableColumn,
              before.dataRows,
              b.width
            )
          )
          .copyFrom(
            stagingSheet.getRange(blockAddress(1, b.stagingColumn, before.dataRows, b.width)),
            Excel.RangeCopyType.all
          );
      }
      queueReplaceStoredEntries(sheet, [...plan.newStored, ...plan.oldStored], plan.oldStored);
      stagingSheet.delete();
      await context.sync();
      staging.markConsumed();
      return { restored: true };
    });
  } catch {
    // Keep the backup where the user can see it.
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem(staging.key).visibility = Excel.SheetVisibility.visible;
    }).catch(() => undefined);
    staging.markConsumed();
    return { restored: false };
  }
}

/** The whole old refresh: the stored query drained into a staging sheet, then swapped in (the bench's baseline). */
export async function fullRewriteRefresh(session: ClaretSession): Promise<TableResult> {
  const active = await readActiveTableQuery();
  if (!active) throw new Error("no Claret table on the active sheet");
  const placement = await readTablePlacement(active.sheetName, active.tableId);
  const staging = await drainToStaging(session, active.stored.query, {
    existingColumns: active.stored.claretColumns,
    headerRow: placement.headerRow,
  });
  return swapIntoExistingTable(
    staging,
    { sheetName: active.sheetName, tableId: active.tableId, stored: active.stored },
    placement
  );
}
