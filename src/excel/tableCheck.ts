// A refresh plans by row position in the table as it was read (readTableState), then waits seconds for Claret's pages.
// The planner may work on meanwhile: sort the table, delete or add rows, edit an id, show the totals row, filter,
// type beside the table. Any of these would make the plan's positions point at other records. So just before the
// first write, the apply re-reads what the positions depend on — the table's place and size, its headers, totals row
// and filter, how far the sheet's content reaches beside it, and the id of every row — and stops, with nothing
// changed, if any of it differs. The ids are read in chunks under Excel on the web's 5 MB response limit; the last
// chunk (for a table up to a few hundred thousand rows, the only one) rides in the apply's first request, which
// writes nothing in the table.
import type { CellValue } from "../sales";
import { blockAddress } from "./names";
import { filterCriteriaOf, READ_BUDGET_BYTES, type TableState } from "./tableRead";

/** What changed since the table was read (the first difference found). */
export type TableChange =
  | { kind: "rows"; was: number; now: number }
  | { kind: "columns" }
  | { kind: "moved" }
  | { kind: "totals" }
  | { kind: "filter" }
  /** 0-based sheet column the sheet's content reaches now, outside what was read */
  | { kind: "beside"; column: number }
  /** 0-based data row and table column of the first id that differs */
  | { kind: "id"; row: number; column: number; was: CellValue; now: CellValue };

/** The table changed while the refresh was running: nothing was written. */
export class TableChangedError extends Error {
  constructor(readonly change: TableChange) {
    super(`the table changed during the refresh: ${change.kind}`);
    this.name = "TableChangedError";
  }
}

interface Queued {
  shape?: {
    table: Excel.Table;
    range: Excel.Range;
    header: Excel.Range;
    autoFilter: Excel.AutoFilter;
    used: Excel.Range;
  };
  ids: Array<{ start: number; range: Excel.Range }>;
}

/** Row chunks of the id column whose answers each stay under the read budget. */
function idChunks(state: TableState, idKey: number): Array<[number, number]> {
  let widest = 1;
  for (const row of state.claretCells)
    widest = Math.max(widest, JSON.stringify(row[idKey] ?? "").length);
  // UTF-8 may take 3 bytes per UTF-16 unit; a row's own brackets and comma
  const perChunk = Math.max(1, Math.floor(READ_BUDGET_BYTES / (widest * 3 + 4)));
  const out: Array<[number, number]> = [];
  for (let start = 0; start < state.dataRows; start += perChunk)
    out.push([start, Math.min(perChunk, state.dataRows - start)]);
  return out;
}

export class TableCheck {
  private readonly chunks: Array<[number, number]>;
  private readonly idKey: number;
  private queued: Queued = { ids: [] };

  constructor(
    private readonly context: Excel.RequestContext,
    private readonly state: TableState,
    /** the id's table column */
    private readonly idColumn: number
  ) {
    this.idKey = state.claretColumns.indexOf(idColumn);
    this.chunks = idChunks(state, this.idKey);
  }

  /** Id chunks not yet queued beyond the last one (each needs a request of its own before the first write). */
  get chunksBeforeLast(): number {
    return Math.max(0, this.chunks.length - 1);
  }

  /** Queues the next chunk of ids; with the last one, the table's shape too. */
  queueNext(): void {
    const [start, n] = this.chunks.shift() ?? [0, 0];
    const { state } = this;
    const sheet = this.context.workbook.worksheets.getItem(state.sheetName);
    if (n > 0)
      this.queued.ids.push({
        start,
        range: sheet
          .getRange(
            blockAddress(state.headerRow + 1 + start, state.firstColumn + this.idColumn, n, 1)
          )
          .load("formulas"),
      });
    if (this.chunks.length === 0) {
      const table = sheet.tables.getItem(state.tableId).load("showTotals");
      this.queued.shape = {
        table,
        range: table.getRange().load("rowIndex,columnIndex,rowCount,columnCount"),
        header: table.getHeaderRowRange().load("values"),
        autoFilter: table.autoFilter.load("criteria,isDataFiltered"),
        used: sheet.getUsedRangeOrNullObject().load("columnIndex,columnCount"),
      };
    }
  }

  /** After the sync of what was queued: throws TableChangedError at the first difference. */
  throwIfChanged(): void {
    const change = this.difference();
    this.queued = { ids: [] };
    if (change) throw new TableChangedError(change);
  }

  private difference(): TableChange | null {
    const { state, queued } = this;
    const shape = queued.shape;
    if (shape) {
      const { table, range, header, autoFilter, used } = shape;
      const rows = range.rowCount - 1 - (table.showTotals ? 1 : 0);
      if (table.showTotals !== state.showTotals) return { kind: "totals" };
      if (rows !== state.dataRows) return { kind: "rows", was: state.dataRows, now: rows };
      if (range.rowIndex !== state.headerRow || range.columnIndex !== state.firstColumn)
        return { kind: "moved" };
      const headers = (header.values[0] ?? []).map((v) => String(v));
      if (
        range.columnCount !== state.columnCount ||
        headers.some((name, i) => name !== state.headers[i])
      )
        return { kind: "columns" };
      const filterNow = autoFilter.isDataFiltered ? filterCriteriaOf(autoFilter) : null;
      if (JSON.stringify(filterNow) !== JSON.stringify(state.filter?.criteria ?? null))
        return { kind: "filter" };
      if (!used.isNullObject) {
        if (used.columnIndex < state.usedFirstColumn)
          return { kind: "beside", column: used.columnIndex };
        const last = used.columnIndex + used.columnCount - 1;
        if (last > state.usedLastColumn) return { kind: "beside", column: last };
      }
    }
    for (const { start, range } of queued.ids) {
      const now = range.formulas as CellValue[][];
      for (let i = 0; i < now.length; i++) {
        const was = state.claretCells[start + i][this.idKey];
        if (now[i][0] !== was)
          return { kind: "id", row: start + i, column: this.idColumn, was, now: now[i][0] };
      }
    }
    return null;
  }
}
