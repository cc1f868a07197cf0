// Every request and every answer of a loop over many cells stays under Excel on the web's 5 MB limit, counted on the
// JSON text Microsoft's client sends and receives (learn.microsoft.com, "Resource limits and performance optimization
// for Office Add-ins"). Every adapter in src/excel reads and writes many cells through this module.
//
// Reading: a cell's cost is its content: ~37 bytes of JSON for a pulled table, but a text cell may hold 32,767
// characters, so no cell count is safe before the content is seen. The first chunk is small (FIRST_CHUNK_CELLS);
// every later chunk is sized from the most UTF-8 bytes per row seen so far, to half the limit (rows vary). A chunk
// Excel still refuses as too large is read again in halves; a single row that cannot fit is an error naming it.
//
// Writing: the request's cost is known before it is sent: each operation's framing (OPERATION_BYTES) plus the JSON
// of the data it carries. A RequestBatch sends what is queued before the next operation would take the request past
// REQUEST_BUDGET_BYTES. A block's number formats go once per run of columns that share one (a single value Excel
// spreads over the range), before its values, so a text such as "=1" or "0117" stays text.
import { blockA1, parseBlock, type CellBlock } from "./cells";
import { blockAddress } from "./names";
import { utf8Length } from "./payload";
import type { CellInput, CellValueType } from "../sales/pushMapping";
import type { CellValue } from "../sales/rows";

export const FIRST_CHUNK_CELLS = 2_000;
export const RESPONSE_BUDGET_BYTES = 2_500_000;
const RESPONSE_TOO_LARGE = "ResponsePayloadSizeLimitExceeded";

export interface BlockCells {
  values: CellInput["value"][][];
  types: CellValueType[][];
  formats: string[][];
}

const columnCountOf = (block: CellBlock) => block.lastColumn - block.firstColumn + 1;

/** Excel on the web refused to return an answer over its 5 MB limit. */
export function isResponseTooLarge(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === RESPONSE_TOO_LARGE;
}

/** A single row of the block holds more than one answer can carry. */
export class RowTooLargeError extends Error {
  override name = "RowTooLargeError";
  constructor(readonly sheetRow: number) {
    super(
      `Row ${sheetRow + 1} holds more than Excel on the web can return in one answer (5 MB); shorten the text in its cells or select fewer columns.`
    );
  }
}

/** Neighbouring sheet rows `first`..`last` (0-based). */
export interface RowRun {
  first: number;
  last: number;
}

/** The runs of neighbouring rows of some sheet rows (any order, repeats allowed). */
export function runsOf(rows: readonly number[]): RowRun[] {
  const runs: RowRun[] = [];
  for (const r of [...new Set(rows)].sort((a, b) => a - b)) {
    const run = runs[runs.length - 1];
    if (run && run.last === r - 1) run.last = r;
    else runs.push({ first: r, last: r });
  }
  return runs;
}

/**
 * The chunk loop every read here shares: `queue` queues the loads of the next chunk's rows (the runs it covers, a
 * part of `runs`, cut where the chunk ends) on the next request and returns a collector, called once that request
 * succeeded, which takes what was loaded and returns it (for its bytes). The first chunk is FIRST_CHUNK_CELLS; later
 * ones are sized from the most UTF-8 bytes per row seen, to RESPONSE_BUDGET_BYTES (and at most `maxRows`); a chunk
 * Excel refuses as too large is queued again in halves.
 */
async function forEachRowChunk(
  context: Excel.RequestContext,
  runs: readonly RowRun[],
  columnCount: number,
  queue: (chunk: RowRun[]) => () => unknown,
  maxRows = Infinity
): Promise<void> {
  let rowsPerSync = Math.max(1, Math.floor(FIRST_CHUNK_CELLS / columnCount));
  let bytesPerRow = 0;
  // the cursor: the run, and the row in it, where the next chunk starts
  for (let i = 0, r = runs[0]?.first ?? 0; i < runs.length;) {
    const chunk: RowRun[] = [];
    let rows = 0;
    for (let j = i, from = r; j < runs.length && rows < rowsPerSync;) {
      const last = Math.min(runs[j].last, from + (rowsPerSync - rows) - 1);
      chunk.push({ first: from, last });
      rows += last - from + 1;
      if (++j < runs.length) from = runs[j].first;
    }
    const collect = queue(chunk);
    try {
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one request per chunk: each answer must stay under the 5 MB limit
      await context.sync();
    } catch (error) {
      if (!isResponseTooLarge(error)) throw error;
      if (rows === 1) throw new RowTooLargeError(chunk[0].first);
      rowsPerSync = Math.max(1, Math.floor(rows / 2));
      continue;
    }
    const chunkBytes = utf8Length(JSON.stringify(collect()));
    bytesPerRow = Math.max(bytesPerRow, chunkBytes / rows);
    rowsPerSync = Math.max(
      1,
      Math.min(maxRows, Math.floor(RESPONSE_BUDGET_BYTES / Math.max(1, bytesPerRow)))
    );
    // move the cursor past the chunk
    const end = chunk[chunk.length - 1];
    while (i < runs.length && runs[i].last <= end.last) i++;
    r = i < runs.length ? Math.max(runs[i].first, end.last + 1) : 0;
  }
}

/** forEachRowChunk over the rows of one block: each chunk is a block of its rows. */
function forEachBlockChunk(
  context: Excel.RequestContext,
  block: CellBlock,
  queue: (chunk: CellBlock) => () => unknown,
  maxRows = Infinity
): Promise<void> {
  return forEachRowChunk(
    context,
    [{ first: block.firstRow, last: block.lastRow }],
    columnCountOf(block),
    ([rows]) => queue({ ...block, firstRow: rows.first, lastRow: rows.last }),
    maxRows
  );
}

/** The cells of one row: values, value types, number formats. */
export interface RowCells {
  values: CellInput["value"][];
  types: CellValueType[];
  formats: string[];
}

/**
 * Reads the cells of columns `firstColumn`..`lastColumn` of some sheet rows (0-based, any order) of `sheet`: one range
 * per run of neighbouring rows, chunked as every read here is. Gives each row's cells by its sheet row.
 */
export async function readRowsCells(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  rows: readonly number[],
  firstColumn: number,
  lastColumn: number
): Promise<Map<number, RowCells>> {
  const out = new Map<number, RowCells>();
  await forEachRowChunk(context, runsOf(rows), lastColumn - firstColumn + 1, (chunk) => {
    const loads = chunk.map((run) => ({
      run,
      range: sheet
        .getRange(blockA1({ firstRow: run.first, lastRow: run.last, firstColumn, lastColumn }))
        .load("values,valueTypes,numberFormat"),
    }));
    // the collector runs once forEachRowChunk's sync of this chunk succeeded
    return () =>
      loads.map(({ run, range }) => {
        range.values.forEach((values, k) =>
          out.set(run.first + k, {
            values,
            types: range.valueTypes[k] as CellValueType[],
            formats: range.numberFormat[k] as string[],
          })
        );
        return [range.values, range.valueTypes, range.numberFormat];
      });
  });
  return out;
}

/**
 * Reads `block` of `sheet` chunk by chunk (one request each). `opts.alongEachChunk` queues more loads about each
 * chunk's rows on that chunk's request (e.g. its visible areas: queueVisibleRows); what its collector returns once
 * the request succeeded counts with the cells, so those loads stay under the limit too.
 */
export async function readBlockCells(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  block: CellBlock,
  opts: {
    /**
     * queue more loads about the chunk's range on its request (called again if it is retried); the function it
     * returns is called once that request succeeded and gives what was loaded, for its bytes
     */
    alongEachChunk?: (chunk: Excel.Range) => () => unknown;
    /** read values only (types and formats come back empty) */
    valuesOnly?: boolean;
    /**
     * at most this many cells per request (below the 5 MB budget): each answer is then handled in a few ms, so
     * work waiting on the same thread meanwhile (pages arriving during a comparison) is not held up
     */
    maxCellsPerChunk?: number;
  } = {}
): Promise<BlockCells> {
  const { alongEachChunk, valuesOnly = false } = opts;
  const maxRows = Math.max(
    1,
    Math.floor((opts.maxCellsPerChunk ?? Infinity) / columnCountOf(block))
  );
  const out: BlockCells = { values: [], types: [], formats: [] };
  await forEachBlockChunk(
    context,
    block,
    (chunk) => {
      const range = sheet.getRange(blockA1(chunk));
      if (valuesOnly) range.load("values");
      else range.load("values,valueTypes,numberFormat");
      const collect = alongEachChunk?.(range);
      // the collector runs once forEachRowChunk's sync of this chunk succeeded
      /* eslint-disable office-addins/call-sync-after-load, office-addins/call-sync-before-read */
      return () => {
        for (const row of range.values) out.values.push(row);
        if (!valuesOnly) {
          for (const row of range.valueTypes) out.types.push(row as CellValueType[]);
          for (const row of range.numberFormat) out.formats.push(row as string[]);
        }
        const cells = valuesOnly
          ? range.values
          : [range.values, range.valueTypes, range.numberFormat];
        const alongside = collect?.();
        return alongside === undefined ? cells : [cells, alongside];
      };
      /* eslint-enable office-addins/call-sync-after-load, office-addins/call-sync-before-read */
    },
    maxRows
  );
  return out;
}

/**
 * Queues the load of the visible areas of `chunk` (rows of `block`) on the next request; the collector it returns,
 * called once that request succeeded, marks in `visibleRow` (by row of `block`: 1 where visible) each row a visible
 * area covers (hidden columns split areas, not rows), and returns the areas' addresses (for their bytes).
 */
export function queueVisibleRows(
  chunk: Excel.Range,
  block: CellBlock,
  visibleRow: Uint8Array
): () => string[] {
  const visible = chunk.getSpecialCellsOrNullObject(Excel.SpecialCellType.visible);
  // each area's own address: one joined RangeAreas.address may be cut short (Excel's VBA twin truncates
  // Range.Address at 255 characters), which would turn visible rows into "hidden"
  const areas = visible.areas.load("items/address");
  return () => {
    // eslint-disable-next-line office-addins/call-sync-before-read -- the collector runs after the chunk's sync
    const addresses = visible.isNullObject ? [] : areas.items.map((a) => a.address);
    for (const address of addresses) {
      const area = parseBlock(address);
      const last = Math.min(area.lastRow, block.lastRow);
      for (let r = Math.max(area.firstRow, block.firstRow); r <= last; r++)
        visibleRow[r - block.firstRow] = 1;
    }
    return addresses;
  };
}

/**
 * Which rows of `block` of `sheet` are visible (by row of the block: 1 where visible), its visible areas read chunk
 * by chunk: a filter can leave so many separate areas that their addresses alone pass the 5 MB of one answer.
 */
export async function readVisibleRows(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  block: CellBlock
): Promise<Uint8Array> {
  const visibleRow = new Uint8Array(block.lastRow - block.firstRow + 1);
  await forEachBlockChunk(context, block, (chunk) =>
    queueVisibleRows(sheet.getRange(blockA1(chunk)), block, visibleRow)
  );
  return visibleRow;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

/** A cell value as the product writes it (null: an empty cell); defined once, in src/sales. */
export type { CellValue };

/**
 * What one request may carry by our estimate: a fifth below Excel on the web's 5,000,000 bytes, for what the estimate
 * does not see (the client's chunking of arrays over 1,500 cells into sub-ranges, longer addresses).
 */
export const REQUEST_BUDGET_BYTES = 4_000_000;

/**
 * The most Microsoft's client (1.1.110) sends for one operation apart from its data: its object paths and action,
 * whose ids grow longer as a request fills. Measured through it in requests of thousands of operations (460
 * bytes for a one-cell values write, 570 with its number format, 878 for a row copyFrom, 917 for a row delete with
 * a marker write): test/excel/chunkedIO.test.ts keeps the estimate above them.
 */
export const OPERATION_BYTES = 1_000;

/** UTF-8 bytes of `data` as JSON, as the client puts it in the request. */
export const jsonBytes = (data: unknown): number => utf8Length(JSON.stringify(data) ?? "null");

/** Estimated request bytes of a row's values (an upper bound of its JSON: quotes, commas, escapes counted). */
export function estimateRowBytes(values: readonly CellValue[]): number {
  let n = 2;
  for (const v of values)
    n +=
      (typeof v === "string" ? utf8Length(v) + 2 + escapes(v) : v === null ? 2 : String(v).length) +
      1;
  return n;
}

const ESCAPED = /["\\\u0000-\u001f]/g;
/** extra bytes JSON spends on the characters it escapes (\" is 2, a control character up to 6) */
function escapes(s: string): number {
  let n = 0;
  ESCAPED.lastIndex = 0;
  while (ESCAPED.exec(s) !== null) n += 5;
  return n;
}

/** Splits rows into runs whose estimated bytes stay within `budget` (a single huge row still forms a run). */
export function chunkRowsByBytes<T extends readonly CellValue[]>(
  rows: readonly T[],
  budget = REQUEST_BUDGET_BYTES - OPERATION_BYTES * 8
): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const row of rows) {
    const b = estimateRowBytes(row);
    if (current.length > 0 && bytes + b > budget) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += b;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * The requests of one Excel.run, filled up to the budget. `fit(bytes)` is called before an operation is queued: if
 * it would take the request past the budget, what is queued is sent first (`send`: the run's sync, or a journaled
 * one). `begin` queues what every request starts with (e.g. suspending calculation), at its first operation, so no
 * request is left with nothing else in it. `flush()` sends the rest.
 */
export class RequestBatch {
  private queued = 0;
  private begun = false;
  /** requests sent by this batch */
  sent = 0;

  constructor(
    private readonly send: () => Promise<void>,
    private readonly begin: () => void = () => undefined,
    readonly budget = REQUEST_BUDGET_BYTES
  ) {}

  /** Makes room for an operation of `bytes` in the request being built. */
  async fit(bytes: number): Promise<void> {
    if (this.queued > 0 && this.queued + bytes > this.budget) await this.flush();
    if (!this.begun) {
      this.begun = true;
      this.begin();
    }
    this.queued += bytes;
  }

  /** Sends what is queued, if anything; the next operation starts a new request. */
  async flush(): Promise<void> {
    if (!this.begun) return;
    this.queued = 0;
    this.begun = false;
    this.sent++;
    await this.send();
  }
}

/** Runs of neighbouring columns that share a number format: [first column, count, format]. */
function formatRuns(formats: readonly string[]): Array<[number, number, string]> {
  const runs: Array<[number, number, string]> = [];
  formats.forEach((f, c) => {
    const last = runs[runs.length - 1];
    if (last && last[2] === f) last[1]++;
    else runs.push([c, 1, f]);
  });
  return runs;
}

/**
 * Queues number formats for the rows [top, top + rows) of the columns [left, left + formats.length) of `sheet`: one
 * single value per run of columns that share a format (Excel spreads it over the range: one cell carried, not one per
 * cell). Returns the request bytes queued.
 */
export function queueColumnFormats(
  sheet: Excel.Worksheet,
  top: number,
  left: number,
  rows: number,
  formats: readonly string[]
): number {
  if (rows <= 0) return 0;
  let bytes = 0;
  for (const [first, count, format] of formatRuns(formats)) {
    // a single value, not a grid: Office.js sends it as it is and Excel applies it to every cell of the range
    sheet.getRange(blockAddress(top, left + first, rows, count)).numberFormat =
      format as unknown as string[][];
    bytes += OPERATION_BYTES + jsonBytes(format);
  }
  return bytes;
}

/**
 * Writes `rows` (each `formats.length` wide; nulls as empty cells) at sheet row `top`, column `left`, formats first:
 * in chunks of at most a request's budget, each queued after `batch.fit`, so a long block spans several requests.
 */
export async function writeRows(
  batch: RequestBatch,
  sheet: Excel.Worksheet,
  top: number,
  left: number,
  rows: readonly (readonly CellValue[])[],
  formats: readonly string[]
): Promise<void> {
  const formatBytes = formatRuns(formats).length * OPERATION_BYTES;
  let at = 0;
  for (const chunk of chunkRowsByBytes(rows, batch.budget - formatBytes - OPERATION_BYTES)) {
    const bytes = chunk.reduce((n, r) => n + estimateRowBytes(r), 0);
    await batch.fit(formatBytes + OPERATION_BYTES + bytes);
    queueColumnFormats(sheet, top + at, left, chunk.length, formats);
    sheet.getRange(blockAddress(top + at, left, chunk.length, formats.length)).values = chunk.map(
      (r) => r.map((v) => (v === null ? "" : v))
    );
    at += chunk.length;
  }
}
