// A hidden sheet that collects a drain's rows until every page has arrived; only then is it swapped into the table
// (tableSwap.ts). Row 1 holds the header, data start at row 2. Each append is one request (a few when one page would
// come near the payload limit), with calculation suspended and text formats set before the values they protect.
import { queueSuspendCalculation } from "./calculation";
import { queueDateSystemProbeIn, type DateSystem } from "./dateSystem";
import { blockAddress } from "./names";
import {
  chunkRowsByBytes,
  OPERATION_BYTES,
  queueColumnFormats,
  RequestBatch,
  REQUEST_BUDGET_BYTES,
  type CellValue,
} from "./chunkedIO";
import { runExcel } from "./excelRun";

export type { CellValue } from "./chunkedIO";

export interface StagingColumn {
  /** the record key the column holds */
  key: string;
  /** its header (the key, unless another key differs from it only in case: see src/sales/headers.ts) */
  name: string;
  /** Excel number format; '@' (text) for text columns, so values like "=1" or "0117" stay literal strings */
  numberFormat: string;
}

/** A chunk's share of a request: the rest is its format and values operations and the sheet's own. */
const CHUNK_BUDGET_BYTES = REQUEST_BUDGET_BYTES - 64 * OPERATION_BYTES;

/**
 * A page's rows as the chunks to write: usually one. The exact estimate walks every character of every cell (about
 * 1 ms per 1000 rows in `npm run bench`); a bound without that walk (6 bytes per UTF-16 unit: a control character
 * escaped, 26 per number or boolean, never below the exact estimate) settles the common case, and only a page that
 * might come near the budget is measured exactly. Nulls (recordsToRows never makes them) are blanked only when
 * present, so a page is not copied cell by cell for nothing.
 */
function toChunks(rows: readonly (readonly CellValue[])[]): CellValue[][][] {
  let bound = 0;
  let hasNull = false;
  for (const row of rows) {
    bound += 2;
    for (const v of row) {
      if (typeof v === "string") bound += v.length * 6 + 3;
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
  if (bound <= CHUNK_BUDGET_BYTES) return clean.length > 0 ? [[...clean]] : [];
  return chunkRowsByBytes(clean, CHUNK_BUDGET_BYTES);
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
  /** the workbook's date system, once open() has detected it (stored with the new table's query) */
  dateSystem: DateSystem | null = null;

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
    const opening = runExcel(async (context) => {
      const sheet = context.workbook.worksheets.add(this.name);
      sheet.visibility = Excel.SheetVisibility.hidden;
      sheet.load("id");
      const dateSystem = queueDateSystemProbeIn(sheet);
      await context.sync();
      this.id = sheet.id;
      this.created = true;
      this.dateSystem = dateSystem();
      return this.dateSystem;
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
    const chunks = toChunks(rows);
    const before = { columns: this.columns, rows: this.rows };
    this.columns = [...columns];
    this.headerWritten = true;
    this.rows += chunks.reduce((n, c) => n + c.length, 0);
    const create = this.creating === null && !this.created;
    const waitFor = this.creating;
    const write = (async () => {
      if (waitFor) await waitFor;
      await runExcel(async (context) => {
        const sheet = create
          ? context.workbook.worksheets.add(this.name)
          : context.workbook.worksheets.getItem(this.name);
        if (create) {
          sheet.visibility = Excel.SheetVisibility.hidden;
          sheet.load("id");
        }
        // one request per chunk (each near the budget), every request with calculation suspended
        const batch = new RequestBatch(
          () => context.sync(),
          () => queueSuspendCalculation(context)
        );
        await batch.fit(this.queueNewColumns(sheet, before.columns.length, before.rows, columns));
        let firstRow = 1 + before.rows; // 0-based sheet row of the next data row (row 0 is the header)
        for (const chunk of chunks) {
          await batch.fit(CHUNK_BUDGET_BYTES);
          // Formats first: a value like "=HYPERLINK(…)" written into a General cell would become a formula.
          queueColumnFormats(sheet, firstRow, 0, chunk.length, formats);
          sheet.getRange(blockAddress(firstRow, 0, chunk.length, columns.length)).values =
            chunk.map((r) =>
              r.length === columns.length
                ? r
                : [...r, ...new Array<CellValue>(columns.length - r.length).fill("")]
            );
          firstRow += chunk.length;
        }
        await batch.fit(OPERATION_BYTES);
        await batch.flush();
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
        await runExcel(async (context) => {
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
   * Queues the header and formats of columns new in this append (from index `from` on); returns the bytes queued.
   * The `rowsBefore` rows of earlier appends lack these keys: their cells stay blank but get the column's format (one
   * value per column run, whatever the number of rows).
   */
  private queueNewColumns(
    sheet: Excel.Worksheet,
    from: number,
    rowsBefore: number,
    columns: readonly StagingColumn[]
  ): number {
    if (from === columns.length) return 0;
    const added = columns.slice(from);
    const header = sheet.getRange(blockAddress(0, from, 1, added.length));
    header.numberFormat = [added.map(() => "@")];
    header.values = [added.map((c) => c.name)];
    return (
      2 * OPERATION_BYTES +
      added.reduce((n, c) => n + c.name.length * 6 + 8, 0) +
      queueColumnFormats(
        sheet,
        1,
        from,
        rowsBefore,
        added.map((c) => c.numberFormat)
      )
    );
  }
}
