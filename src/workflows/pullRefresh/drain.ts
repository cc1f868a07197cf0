// The pipeline shared by pull and refresh: every page of a query into a hidden staging sheet. Excel runs one request at
// a time, so it is kept busy: while page N is being written, page N+1's write already waits in Excel's queue and page
// N+2 travels. That is at most three pages held at once (two writes, one page arrived or arriving); the next page is
// asked for only once the oldest write is done. Each page is one write request, progress is reported in page order as
// writes finish, and any failure, cancel or auth loss removes the staging sheet (after the writes in flight settle),
// so the workbook is left exactly as it was.
import {
  ClaretAbortedError,
  ClaretAuthError,
  linkedController,
  salesPages,
  type SalesPage,
} from "../../claret";
import {
  MAX_ROWS,
  readDateSystem,
  StagingSheet,
  type CellValue,
  type DateSystem,
  type StagingColumn,
} from "../../excel";
import { ColumnLayout, formatCount as fmt, headerNames, recordsToRows } from "../../sales";
import type { ClaretSession, SalesQuery, WorkOptions } from "../api";
import { withLeftoverStagingSheet } from "../failure";
import { WorkflowError } from "../messages";
import { withSignInAgain } from "../signIn/signInAgain";
import { cannotResumeText } from "../signIn/signInMessages";

export interface DrainTarget {
  /** Claret columns the target table already has (refresh); the layout starts from them and only grows */
  existingColumns: readonly string[];
  /** 0-based sheet row of the table's header (0 for a new sheet) */
  headerRow: number;
}

/** Rows left for data below a header on `headerRow` (0-based). */
export function rowsAvailableBelow(headerRow: number): number {
  return MAX_ROWS - headerRow - 1;
}

function tooManyRows(records: number, headerRow: number): WorkflowError {
  const room = rowsAvailableBelow(headerRow);
  return new WorkflowError(
    `This query returns ${fmt(records)} records, but the sheet has room for only ${fmt(room)} rows below the table's header on row ${fmt(headerRow + 1)} (an Excel sheet has ${fmt(MAX_ROWS)} rows). ` +
      "Pull a shorter date window, or split it into several pulls. Nothing was changed."
  );
}

function abortError(signal: AbortSignal | undefined): ClaretAbortedError | null {
  return signal?.aborted ? new ClaretAbortedError() : null;
}

/** Where a drain puts its rows: the staging sheet (pull), or memory (a refresh that writes only what changed). */
export interface RowSink {
  readonly name: string;
  readonly rowCount: number;
  readonly hasHeader: boolean;
  /**
   * The sink keeps every row anyway (memory), so nothing is gained by bounding the pages held: the drain asks for
   * each next page as soon as the current one's text names its cursor, before it is parsed (salesPages prefetch).
   */
  readonly holdsEveryRow?: boolean;
  /** starts the sink and tells the workbook's date system */
  open(): Promise<DateSystem>;
  append(columns: readonly StagingColumn[], rows: readonly (readonly CellValue[])[]): Promise<void>;
  /** removes what the sink left in the workbook; false if Excel refused */
  discard(): Promise<boolean>;
}

/** A drain's rows kept in memory, laid out by the layout as it grew (earlier rows may be shorter). */
export class RowsInMemory implements RowSink {
  readonly name = "memory";
  readonly holdsEveryRow = true;
  columns: StagingColumn[] = [];
  readonly rows: CellValue[][] = [];
  /** the workbook's, once opened (the rows' dates are serials of it) */
  dateSystem: DateSystem = 1900;
  /** `known`: the date system stored with the table's query; without it, open() asks Excel (writing nothing) */
  constructor(private readonly known?: DateSystem) {}
  get rowCount(): number {
    return this.rows.length;
  }
  get hasHeader(): boolean {
    return this.columns.length > 0;
  }
  async open(): Promise<DateSystem> {
    this.dateSystem = await readDateSystem(this.known);
    return this.dateSystem;
  }
  append(
    columns: readonly StagingColumn[],
    rows: readonly (readonly CellValue[])[]
  ): Promise<void> {
    this.columns = [...columns];
    for (const row of rows) this.rows.push(row as CellValue[]);
    return Promise.resolve();
  }
  discard(): Promise<boolean> {
    this.rows.length = 0;
    return Promise.resolve(true);
  }
}

/**
 * Drains the query into a new staging sheet and returns it, complete. On any failure the staging sheet is deleted
 * before the error is rethrown. With `opts.reauthenticate`, a 401 mid-drain asks for a new session and resumes from
 * the cursor of the page that failed.
 */
export function drainToStaging(
  session: ClaretSession,
  query: SalesQuery,
  target: DrainTarget,
  opts: WorkOptions = {}
): Promise<StagingSheet> {
  return drainInto(new StagingSheet(), session, query, target, opts);
}

/** The same drain into any sink (see drainToStaging). */
export async function drainInto<S extends RowSink>(
  staging: S,
  session: ClaretSession,
  query: SalesQuery,
  target: DrainTarget,
  opts: WorkOptions = {}
): Promise<S> {
  const { signal, onProgress, reauthenticate, retry } = opts;
  const layout = new ColumnLayout(target.existingColumns);
  // Headers are unique without regard to case in Excel: keys differing only in case get headers of their own.
  const columns = (): StagingColumn[] => {
    const names = headerNames(layout.keys);
    return layout.columns.map((c, i) => ({
      key: c.key,
      name: names[i],
      numberFormat: c.numberFormat,
    }));
  };
  // Aborted by the caller's signal, and by us on failure so a page in flight does not outlive the drain.
  const inner = linkedController(signal);
  const prefetch = staging.holdsEveryRow === true;
  let iterator = salesPages(session, query, { signal: inner.signal, retry, prefetch });
  let pending: Promise<IteratorResult<SalesPage>> = iterator.next();
  pending.catch(() => undefined); // it is awaited below; this only keeps a rejection during a write from going unhandled
  // While the first page travels, Excel adds the staging sheet and tells the date system in the same request.
  const opened = staging.open();
  opened.catch(() => undefined); // awaited below, like `pending`
  let total: number | null = null;
  // Writes started and not yet finished, oldest first.
  const writes: Promise<void>[] = [];
  const finishOldest = async () => {
    await writes.shift()!;
    const aborted = abortError(signal);
    if (aborted) throw aborted;
  };
  // A failed write stops the wait for the next page at once rather than when its turn comes. (Not a race against one
  // never-settling promise: each race would leave a reaction on it holding that page's records for the whole drain.)
  let writeFailure: { error: unknown } | null = null;
  let interruptWait: ((error: unknown) => void) | null = null;
  const failWrite = (error: unknown) => {
    writeFailure ??= { error };
    interruptWait?.(error);
  };
  const nextPage = () =>
    new Promise<IteratorResult<SalesPage>>((resolve, reject) => {
      if (writeFailure) reject(writeFailure.error);
      interruptWait = reject;
      pending.then(resolve, reject);
    }).finally(() => (interruptWait = null));
  onProgress?.({ recordsSoFar: 0, total: null });
  try {
    const dateSystem = await opened;
    // A 401 asks for a sign-in (signInAgain) and the drain goes on from the cursor of the page that
    // failed; a cancel while paused is a cancel, not a sign-in failure.
    const signIn = {
      reauthenticate,
      signal,
      // Without a cursor to resume from, rows already staged would come twice: say so instead of pausing.
      beforeAsking: (error: ClaretAuthError) => {
        if (!error.resume && staging.rowCount > 0)
          throw new WorkflowError(cannotResumeText(error.userMessage), {
            needsSignIn: true,
            cause: error,
          });
      },
      onSignedIn: (fresh: ClaretSession, error: ClaretAuthError) => {
        iterator = salesPages(fresh, query, {
          signal: inner.signal,
          resume: error.resume,
          retry,
          prefetch,
        });
        pending = iterator.next();
        pending.catch(() => undefined);
      },
    };
    for (;;) {
      const next = await withSignInAgain(session, nextPage, signIn);
      session = next.session;
      const result = next.value;
      if (result.done) break;
      const page = result.value;
      if (total === null && page.total > rowsAvailableBelow(target.headerRow))
        throw tooManyRows(page.total, target.headerRow);
      if (page.recordsSoFar > rowsAvailableBelow(target.headerRow))
        throw tooManyRows(page.recordsSoFar, target.headerRow);
      total = page.total;

      // One write in progress and one queued behind it is enough to keep Excel busy; a third would only hold pages.
      if (writes.length >= 2) await finishOldest();
      // Ask for the next page now and queue this one's write while it travels.
      pending = iterator.next();
      pending.catch(() => undefined);
      layout.observe(page.records);
      const done = staging.append(columns(), recordsToRows(page.records, layout, dateSystem));
      done.catch(failWrite);
      // Progress counts records safely in the workbook, reported as soon as each write lands (writes land in order).
      const progress = { recordsSoFar: page.recordsSoFar, total: page.total };
      done.then(
        () => signal?.aborted || onProgress?.(progress),
        () => undefined
      );
      writes.push(done);
    }
    while (writes.length > 0) await finishOldest();
    // No records at all: the staging sheet still carries the header row, so the table gets its columns.
    if (!staging.hasHeader) await staging.append(columns(), []);
    const aborted = abortError(signal);
    if (aborted) throw aborted;
    return staging;
  } catch (error) {
    inner.abort();
    void iterator.return?.(undefined).catch(() => undefined);
    if (!(await staging.discard())) throw withLeftoverStagingSheet(error, staging.name);
    throw error;
  } finally {
    inner.release();
  }
}
