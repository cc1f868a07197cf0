// Reading a block of cells (values, value types, number formats) in requests whose answers stay under Excel on the
// web's 5 MB response limit (learn.microsoft.com, "Resource limits and performance optimization for Office Add-ins").
// A cell's cost is its content: ~37 bytes of JSON for a pulled table, but a text cell may hold 32,767 characters, so
// no cell count is safe before the content is seen. The first chunk is small (FIRST_CHUNK_CELLS: 400 rows of 5
// columns, ~15 KB of a pulled table; 5 MB only at an average of 2.5 KB per cell); every later chunk is sized from the
// most UTF-8 bytes per row seen so far, to half the limit (rows vary). A chunk Excel still refuses as too large is
// read again in halves; a single row that cannot fit is an error naming it.
import { blockA1, parseBlock, type CellBlock } from "./cells";
import { utf8Length } from "./payload";
import type { CellInput, CellValueType } from "../sales/pushMapping";

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

/**
 * The chunk loop every read here shares: `queue` queues the loads of the rows `chunk` (a part of `block`) on the next
 * request and returns a collector, called once that request succeeded, which takes what was loaded and returns it
 * (for its bytes). The first chunk is FIRST_CHUNK_CELLS; later ones are sized from the most UTF-8 bytes per row seen,
 * to RESPONSE_BUDGET_BYTES (and at most `maxRows`); a chunk Excel refuses as too large is queued again in halves.
 */
async function forEachRowChunk(
  context: Excel.RequestContext,
  block: CellBlock,
  queue: (chunk: CellBlock) => () => unknown,
  maxRows = Infinity
): Promise<void> {
  let rowsPerSync = Math.max(1, Math.floor(FIRST_CHUNK_CELLS / columnCountOf(block)));
  let bytesPerRow = 0;
  for (let r = block.firstRow; r <= block.lastRow;) {
    const last = Math.min(block.lastRow, r + rowsPerSync - 1);
    const collect = queue({ ...block, firstRow: r, lastRow: last });
    try {
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one request per chunk: each answer must stay under the 5 MB limit
      await context.sync();
    } catch (error) {
      if (!isResponseTooLarge(error)) throw error;
      if (last === r) throw new RowTooLargeError(r);
      rowsPerSync = Math.max(1, Math.floor((last - r + 1) / 2));
      continue;
    }
    const chunkBytes = utf8Length(JSON.stringify(collect()));
    bytesPerRow = Math.max(bytesPerRow, chunkBytes / (last - r + 1));
    rowsPerSync = Math.max(
      1,
      Math.min(maxRows, Math.floor(RESPONSE_BUDGET_BYTES / Math.max(1, bytesPerRow)))
    );
    r = last + 1;
  }
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
  await forEachRowChunk(
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
  await forEachRowChunk(context, block, (chunk) =>
    queueVisibleRows(sheet.getRange(blockA1(chunk)), block, visibleRow)
  );
  return visibleRow;
}
