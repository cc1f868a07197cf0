// A hidden sheet that collects a drain's rows until every page has arrived; only then is it swapped into the table
// (tableSwap.ts). Row 1 holds the header, data start at row 2. Each append is one request (a few when one page would
// come near the payload limit), with calculation suspended and text formats set before the values they protect.
import { queueSuspendCalculation } from "./calculation";
import { queueDateSystemProbeIn, type DateSystem } from "./dateSystem";
import { blockAddress } from "./names";
import { utf8Length } from "./payload";

export type CellValue = string | number | boolean | null;

export interface StagingColumn {
  /** the record key the column holds */
  key: string;
  /** its header (the key, unless another key differs from it only in case: see src/sales/headers.ts) */
  name: string;
  /** Excel number format; '@' (text) for text columns, so values like "=1" or "0117" stay literal strings */
  numberFormat: string;
}

/**
 * Excel on the web refuses requests over 5 MB. The bound of a request's cell data is kept well below it (the request
 * also carries addresses and command headers, and our estimate is of JSON, not of the host's own encoding).
 */
export const REQUEST_DATA_BUDGET_BYTES = 2_500_000;

/** Estimated bytes of a row's values and number formats in a request. */
export function estimateRowBytes(values: readonly CellValue[], formats: readonly string[]): number {
  let n = 8;
  for (const v of values)
    n += (typeof v === "string" ? utf8Length(v) + 2 : v === null ? 2 : String(v).length) + 1;
  for (const f of formats) n += utf8Length(f) + 3;
  return n;
}

/** Splits rows into runs whose estimated bytes stay within the budget (a single huge row still forms a run). */
export function chunkRowsByBytes<T extends readonly CellValue[]>(
  rows: readonly T[],
  formats: readonly string[],
  budget = REQUEST_DATA_BUDGET_BYTES
): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const row of rows) {
    const b = estimateRowBytes(row, formats);
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
 * A page's rows as the chunks to write: usually one. The exact estimate walks every character of every cell (about
 * 1 ms per 1000 rows in `npm run bench`); a bound without that walk (3 bytes per UTF-16 unit, 26 per number or
 * boolean, never below the exact estimate) settles the common case, and only a page that might come near the budget
 * is measured exactly. Nulls (recordsToRows never makes them) are blanked only when present, so a page is not copied
 * cell by cell for nothing.
 */
function toChunks(
  rows: readonly (readonly CellValue[])[],
  formats: readonly string[]
): CellValue[][][] {
  let bound = 0;
  let hasNull = false;
  const formatBytes = formats.reduce((n, f) => n + f.length * 3 + 3, 8);
  for (const row of rows) {
    bound += formatBytes;
    for (const v of row) {
      if (typeof v === "string") bound += v.length * 3 + 3;
      else if (v !== null) bound += 26;
      else {
        hasNull = true;
        bound += 3;
      }
    }
  }
  // The rows are only read from here on; the cast drops `readonly` for range.values' type.
  const clean = (
    hasNull ? rows.map((r) => r.map((v) => (v === null ? "" : v))) : rows
  ) as CellValue[][];
  if (bound <= REQUEST_DATA_BUDGET_BYTES) return clean.length > 0 ? [[...clean]] : [];
  return chunkRowsByBytes(clean, formats);
}

function randomSuffix(): string {
  return Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, "0");
}

export class StagingSheet {
  /** The hidden sheet's name: ≤ 31 characters, unlikely to collide with anything a user names. */
  readonly name = `ClaretStaging_${randomSuffix()}`;
  private created = false;
  /** the sheet's id once created: a swap renames the sheet, so clean-up finds it by id */
  private id: string | null = null;
  private columns: StagingColumn[] = [];
  private rows = 0;
  /** the first append, which adds the sheet: later appends wait for it (they address the sheet by name) */
  private creating: Promise<void> | null = null;
  /** appends not yet settled; discard waits for them so no write lands after the delete */
  private readonly inFlight = new Set<Promise<void>>();
  /** the first failed append: the sheet's content is then unknown, so later appends are refused */
  private broken: unknown = null;
  /** an append has written the header row */
  private headerWritten = false;

  /** the worksheet's id (its name until the first append has created it) */
  get key(): string {
    return this.id ?? this.name;
  }

  /** data rows appended so far (counting appends still in flight: their rows are reserved when they start) */
  get rowCount(): number {
    return this.rows;
  }

  get columnList(): readonly StagingColumn[] {
    return this.columns;
  }

  get exists(): boolean {
    return this.created || this.creating !== null;
  }

  /** some append (possibly still in flight) has written or will write the header row */
  get hasHeader(): boolean {
    return this.headerWritten;
  }

  /**
   * Adds the hidden sheet and, in the same request, detects the workbook's date system in it (dateSystem.ts), so a
   * drain can start the sheet while its first page travels. Appends wait for it. Call at most once, before any append.
   */
  open(): Promise<DateSystem> {
    if (this.exists) return Promise.reject(new Error("The staging sheet is already open."));
    const opening = Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.add(this.name);
      sheet.visibility = Excel.SheetVisibility.hidden;
      sheet.load("id");
      const dateSystem = queueDateSystemProbeIn(sheet);
      await context.sync();
      this.id = sheet.id;
      this.created = true;
      return dateSystem();
    });
    const created = opening.then(() => undefined);
    this.creating = created;
    this.inFlight.add(created);
    created.then(
      () => this.inFlight.delete(created),
      (error: unknown) => {
        this.inFlight.delete(created);
        this.broken ??= error;
      }
    );
    return opening;
  }

  /**
   * Appends rows laid out by `columns`. `columns` must start with the columns of earlier appends (a layout only grows);
   * new columns get their header and, for rows already appended, their number format (their cells stay blank).
   *
   * The rows and columns are reserved synchronously, when append is called, so the caller may start the next append
   * before this one resolves: its request then waits in Excel's queue behind this one instead of Excel idling while
   * the next page is mapped. Appends write disjoint cells, so the order Excel applies them in does not matter. After a
   * failed append every later one is refused: discard the sheet.
   */
  append(
    columns: readonly StagingColumn[],
    rows: readonly (readonly CellValue[])[]
  ): Promise<void> {
    if (this.broken !== null)
      return Promise.reject(
        new Error("An earlier write to the staging sheet failed; discard it.", {
          cause: this.broken,
        })
      );
    try {
      this.checkGrowsFrom(columns);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const formats = columns.map((c) => c.numberFormat);
    const chunks = toChunks(rows, formats);
    const before = { columns: this.columns, rows: this.rows };
    this.columns = [...columns];
    this.headerWritten = true;
    this.rows += chunks.reduce((n, c) => n + c.length, 0);
    const create = this.creating === null && !this.created;
    const waitFor = this.creating;
    const write = (async () => {
      if (waitFor) await waitFor;
      await Excel.run(async (context) => {
        const sheet = create
          ? context.workbook.worksheets.add(this.name)
          : context.workbook.worksheets.getItem(this.name);
        if (create) {
          sheet.visibility = Excel.SheetVisibility.hidden;
          sheet.load("id");
        }
        queueSuspendCalculation(context);
        await this.queueNewColumns(context, sheet, before.columns.length, before.rows, columns);
        let firstRow = 1 + before.rows; // 0-based sheet row of the next data row (row 0 is the header)
        for (let i = 0; i < chunks.length; i++) {
          if (i > 0) queueSuspendCalculation(context);
          const chunk = chunks[i];
          const range = sheet.getRange(blockAddress(firstRow, 0, chunk.length, columns.length));
          // Formats first: a value like "=HYPERLINK(…)" written into a General cell would become a formula.
          range.numberFormat = chunk.map(() => formats);
          range.values = chunk.map((r) =>
            r.length === columns.length
              ? r
              : [...r, ...new Array<CellValue>(columns.length - r.length).fill("")]
          );
          firstRow += chunk.length;
          // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one request per chunk: each must stay under Excel on the web's 5 MB limit
          await context.sync();
        }
        if (chunks.length === 0) await context.sync();
        if (create) {
          this.id = sheet.id;
          this.created = true;
        }
      });
    })();
    if (create) this.creating = write;
    this.inFlight.add(write);
    const settle = () => {
      this.inFlight.delete(write);
    };
    write.then(settle, (error: unknown) => {
      settle();
      this.broken ??= error;
    });
    return write;
  }

  /**
   * Deletes the staging sheet if it exists; never throws (it runs on the failure path). A failed delete (Excel busy in
   * cell-edit mode, say) is tried again a few times; false means the sheet is still there and the user must be told.
   */
  async discard(attempts = 3, pauseMs = 300): Promise<boolean> {
    // A write still in flight could otherwise create or fill the sheet after it is deleted.
    await Promise.allSettled([...this.inFlight]);
    for (let attempt = 1; ; attempt++) {
      try {
        await Excel.run(async (context) => {
          const sheet = context.workbook.worksheets.getItemOrNullObject(this.id ?? this.name);
          // eslint-disable-next-line office-addins/no-context-sync-in-loop -- retried attempts of the delete, each a request of its own
          await context.sync();
          if (!sheet.isNullObject) {
            sheet.delete();
            // eslint-disable-next-line office-addins/no-context-sync-in-loop -- retried attempts of the delete, each a request of its own
            await context.sync();
          }
        });
        this.created = false;
        this.creating = null;
        this.broken = null;
        this.rows = 0;
        this.columns = [];
        this.headerWritten = false;
        return true;
      } catch {
        if (attempt >= attempts) return false;
        await new Promise((resolve) => setTimeout(resolve, pauseMs * attempt));
      }
    }
  }

  /** After a successful swap the sheet is gone (deleted or turned into the result sheet). */
  markConsumed(): void {
    this.created = false;
    this.creating = null;
  }

  private checkGrowsFrom(columns: readonly StagingColumn[]): void {
    const same = this.columns.every((c, i) => columns[i]?.name === c.name);
    if (!same || columns.length < this.columns.length) {
      throw new Error(
        `The column layout changed from [${this.columns.map((c) => c.name).join(", ")}] to [${columns.map((c) => c.name).join(", ")}]; it may only grow.`
      );
    }
  }

  /**
   * Queues the header and formats of columns new in this append (from index `from` on). The `rowsBefore` rows of
   * earlier appends lack these keys: their cells stay blank but get the column's format. On a long drain that
   * back-fill is sent in pieces of at most a quarter of the budget; all but the last piece are synced here, the last
   * one rides with the first data chunk.
   */
  private async queueNewColumns(
    context: Excel.RequestContext,
    sheet: Excel.Worksheet,
    from: number,
    rowsBefore: number,
    columns: readonly StagingColumn[]
  ): Promise<void> {
    if (from === columns.length) return;
    const added = columns.slice(from);
    const header = sheet.getRange(blockAddress(0, from, 1, added.length));
    header.numberFormat = [added.map(() => "@")];
    header.values = [added.map((c) => c.name)];
    const formats = added.map((c) => c.numberFormat);
    const perPiece = Math.max(
      1,
      Math.floor(REQUEST_DATA_BUDGET_BYTES / 4 / estimateRowBytes([], formats))
    );
    for (let start = 0; start < rowsBefore; start += perPiece) {
      const n = Math.min(perPiece, rowsBefore - start);
      sheet.getRange(blockAddress(1 + start, from, n, added.length)).numberFormat = new Array(
        n
      ).fill(formats);
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one request per chunk: each must stay under Excel on the web's 5 MB limit
      if (start + n < rowsBefore) await context.sync();
    }
  }
}
