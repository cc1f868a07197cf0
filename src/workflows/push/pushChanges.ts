// Push changes: compare the active sheet's Claret table with what Claret holds now (GETs only,
// nothing written), show old → new per class, and on confirmation send only what the planner
// changed. Right before sending, the versions are checked again (a conflict that arose meanwhile is
// not sent); after sending, the rows sent are re-read and carry Claret's truth, and the push log
// gets one row per record.
import { sameClaret, type PostSalesContent, type SaleRecord } from "../../claret";
import {
  completeRows,
  readActiveTableQuery,
  readClaretTable,
  readRowDetails,
  writeTableRows,
  type RowWrite,
} from "../../excel";
import {
  columnForField,
  compareWithClaret,
  comparedColumns,
  columnSpec,
  isoDateOf,
  normalizeHeader,
  recordKey,
  recordKeyString,
  recordsToRows,
  startComparison,
  type CellInput,
  type ChangeSet,
  type ComparisonInProgress,
  type DateSystem,
  type Problem,
  type RowChange,
} from "../../sales";
import type {
  AroseConflict,
  ChangesPlan,
  CellProblem,
  ChangeRow,
  ChangesOptions,
  ChangesPreview,
  ChangesSummary,
  ClaretSession,
  DrainProgress,
  RecordKey,
} from "../api";
import {
  distinctDates,
  fetchAllRecords,
  fetchOutsideWindow,
  type RecordIndex,
  type RecordSink,
} from "../claretRecords";
import { asWorkflowFailure } from "../failure";
import { WorkflowError } from "../messages";
import { blockedByErrors, changesSentence, nothingToSendText } from "./pushMessages";
import { ensurePushCanBeLogged, pushRecords, readClaretAt, type PushRun } from "./pushPipeline";
import { renewingSession, type Reauthenticate, type RenewingSession } from "../signIn/signInAgain";

/** Cells per request of the comparison's table read (~0.5 MB of a pulled table's JSON). */
const COMPARISON_READ_CELLS = 20_000;

const NO_TABLE =
  "The active sheet has no table pulled from Claret, so there are no changes to push. Go to the sheet of a pulled table; to send rows of another table, select them and use Push selection.";

function cellProblem(
  sheetName: string,
  p: Problem,
  severity: CellProblem["severity"]
): CellProblem {
  return {
    sheetName,
    address: p.address,
    rowIndex: p.rowIndex,
    severity,
    source: "check",
    ...(p.field ? { field: p.field } : {}),
    message: p.message,
    ...(p.kind ? { kind: p.kind } : {}),
  };
}

function text(v: unknown): string {
  return typeof v === "string" ? v.trim() : typeof v === "number" ? String(v) : "";
}

/** The key a row would be sent with; for rows with errors, the cells as they read (a date as a date). */
function rowKey(
  c: RowChange,
  cells: ReadonlyArray<CellInput["value"]>,
  headers: string[],
  dateSystem: DateSystem
): RecordKey {
  if (c.content) return recordKey(c.content);
  if (c.claret && c.kind !== "keyChanged") return recordKey(c.claret);
  const at = (name: string) => headers.findIndex((h) => normalizeHeader(h) === name);
  const interval =
    at("timing_interval_name") >= 0 ? at("timing_interval_name") : at("timing_interval_span");
  return {
    item_name: text(cells[at("item_name")]),
    customer_group_name: text(cells[at("customer_group_name")]),
    sell_date: isoDateOf(cells[at("sell_date")], dateSystem) ?? text(cells[at("sell_date")]),
    timing_interval_name: text(cells[interval]),
  };
}

/**
 * Compares the active sheet's Claret table with the records its stored query returns now. Reads
 * the table from Excel while the pages arrive. Nothing is written to Excel or Claret.
 */
export async function prepareChanges(
  session: ClaretSession,
  opts: {
    signal?: AbortSignal;
    onProgress?: (p: DrainProgress) => void;
    /** a 401 asks the planner to sign in again; the comparison then carries on (see signInAgain.ts) */
    reauthenticate?: Reauthenticate;
  } = {}
): Promise<ChangesPreview> {
  try {
    const active = await readActiveTableQuery();
    if (!active) throw new WorkflowError(NO_TABLE);
    const { endpoint, query } = active.stored;
    if (!sameClaret(endpoint, session)) {
      throw new WorkflowError(
        `The table "${active.tableName}" was pulled from tenant "${endpoint.tenant}" at ${endpoint.baseUrl}, but you are signed in to "${session.tenant}" at ${session.baseUrl}. Sign in to "${endpoint.tenant}" to push its changes. Nothing was sent.`,
        { needsSignIn: true }
      );
    }
    // A session that ends meanwhile asks for a sign-in; the reads carry on with the new session.
    const live = renewingSession(session, opts);
    // Only the columns compared in every row (the rows it would send are read whole below), in
    // answers of at most COMPARISON_READ_CELLS: the pages arriving meanwhile are handled on the same
    // thread, and a short answer keeps them from waiting (the reads all fit within the drain).
    // The records are compared page by page as they come, once the table is read (the pages before
    // that wait in `early`), so the last page leaves little to do.
    let comparing = null as ComparisonInProgress | null;
    let early: (readonly SaleRecord[])[] = [];
    const sink: RecordSink = {
      add: (records) => (comparing ? comparing.add(records) : early.push(records)),
      restart: () => {
        early = [];
        comparing?.restart();
      },
    };
    const [table, records] = await Promise.all([
      readClaretTable(active.sheetName, active.tableId, {
        columns: comparedColumns,
        maxCellsPerChunk: COMPARISON_READ_CELLS,
        dateSystem: active.stored.dateSystem,
      }).then((t) => {
        comparing = startComparison(t);
        for (const page of early) comparing.add(page);
        early = [];
        return t;
      }),
      fetchAllRecords(session, query, { ...opts, reauthenticate: live.reauthenticate, sink }),
    ]);
    let comparison = comparing!.end();
    // Ids the query did not return, keys of new rows: Claret may hold them outside its window.
    const outside = await live.run((s) => fetchOutsideWindow(s, query, comparison, opts.signal));
    if (outside.length > 0) comparison = compareWithClaret(table, [...records, ...outside]);
    const details = await readRowDetails(active.sheetName, active.tableId, comparison.rowsToCheck);
    completeRows(table, details);
    const set = comparison.finish((r) => details.get(r) ?? { types: [], formats: [] });
    const saleTypeErrors = otherSaleTypeRows(
      set,
      query.saleTypeName,
      table.headers,
      table.cellAddress
    );
    const errors = [...set.errors, ...saleTypeErrors].sort((a, b) => a.rowIndex - b.rowIndex);
    const errorRows = new Set(errors.filter((e) => e.rowIndex >= 0).map((e) => e.rowIndex));
    for (const c of set.changes) if (errorRows.has(c.rowIndex)) c.content = null;
    const plan: ChangesPlan = {
      sheetName: active.sheetName,
      tableId: active.tableId,
      tableName: active.tableName,
      query,
      claretColumns: active.stored.claretColumns,
      headers: table.headers,
      dateSystem: table.dateSystem,
      changes: set.changes,
      knownDates: distinctDates(records),
      errors: errors.length,
      cellAddress: table.cellAddress,
      sheetRow: table.sheetRow,
    };
    const rows: ChangeRow[] = set.changes.map((c) => ({
      kind: c.kind,
      rowIndex: c.rowIndex,
      sheetName: active.sheetName,
      address: c.address,
      id: c.id,
      ...rowKey(c, table.values[c.rowIndex], table.headers, table.dateSystem),
      oldQuantity: c.claret && c.kind !== "gone" ? c.claret.quantity : null,
      // what the POST will carry (" 12 " and "1,200" go as 12 and 1200); the cell as read only for a row that
      // cannot be sent
      newQuantity: c.content
        ? c.content.quantity
        : typeof c.rowQuantity === "number" || typeof c.rowQuantity === "string"
          ? c.rowQuantity
          : null,
      ...(c.kind === "keyChanged" && c.claret ? { was: recordKey(c.claret) } : {}),
      sendable: c.content !== null,
    }));
    return {
      sheetName: active.sheetName,
      tableName: active.tableName,
      saleTypeName: query.saleTypeName,
      tableRows: set.rows,
      blank: set.blank,
      counts: set.counts,
      rows,
      errors: errors.map((p) => cellProblem(active.sheetName, p, "error")),
      warnings: set.warnings.map((p) => cellProblem(active.sheetName, p, "warning")),
      rowsWithErrors: errorRows.size + (errors.some((e) => e.rowIndex < 0) ? 1 : 0),
      plan,
    };
  } catch (error) {
    throw asWorkflowFailure(error, "Nothing was sent.");
  }
}

/** Rows to send whose sale_type_name cell names another sale type than the table's query. */
function otherSaleTypeRows(
  set: ChangeSet,
  saleTypeName: string,
  headers: string[],
  cellAddress: (r: number, c: number) => string
): Problem[] {
  const wanted = saleTypeName.toLowerCase();
  const col = headers.findIndex((h) => normalizeHeader(h) === "sale_type_name");
  if (col < 0) return [];
  const out: Problem[] = [];
  set.validation.rows.forEach(({ saleTypeName: name, rowIndex }) => {
    if (name === null || name.toLowerCase() === wanted) return;
    const address = cellAddress(rowIndex, col);
    out.push({
      rowIndex,
      address,
      message: `this row names sale type "${name}", but the table holds "${saleTypeName}" records. Put back "${saleTypeName}", or push the row with Push selection from a table of its own.`,
    });
  });
  return out;
}

/** A row the confirm sends: what, and what Claret must still hold for it to be sent. */
interface Planned {
  change: RowChange;
  content: PostSalesContent;
  /** true when the row makes a new record (a new row, a confirmed key change) */
  creates: boolean;
  /** updates: the version the planner saw; the row is sent only if Claret still has it */
  expectVersion: string | null;
  /** Claret's quantity just before sending (null for a created record) */
  oldQuantity: number | null;
}

/**
 * Sends the previewed changes. Conflicts go only with the planner's choice ("mine" sends, "claret"
 * writes Claret's value into the row); key changes only with `sendKeyChanges`. Never throws for a
 * batch's failure: the summary says what was written, refused, or is unknown.
 */
export async function confirmChanges(
  preview: ChangesPreview,
  session: ClaretSession,
  opts: ChangesOptions
): Promise<ChangesSummary> {
  const { plan } = preview;
  const pushedAt = new Date().toISOString();
  if (preview.errors.length > 0 && !opts.sendValidRowsOnly) {
    throw new WorkflowError(
      blockedByErrors(
        preview.errors[0],
        preview.rowsWithErrors,
        preview.tableRows - preview.rowsWithErrors
      )
    );
  }
  const chosen = chooseRows(plan, opts);
  if (chosen.sends.length === 0 && chosen.takes.length === 0)
    throw new WorkflowError(nothingToSendText(preview, chosen.heldBack), { intent: "info" });
  if (chosen.sends.length > 0) await ensurePushCanBeLogged();

  // A 401 on the way (before sending, at a POST Claret refused, at the re-read) asks for a sign-in
  // and that step runs again with the new session; the steps after it use it too.
  const live = renewingSession(session, opts);
  // 1. Claret's versions right before sending: a row whose record changed since the preview is not sent.
  const before = await readBeforeSending(live, plan, chosen, opts.signal);
  const { toSend, arose } = checkVersions(chosen.sends, before);
  // 2. Send, in batches of at most 1000.
  const run = await sendRows(live, plan, toSend, pushedAt, opts);
  const sentRows = toSend.filter((_, i) => run.statusOf(i) === "sent");
  // The push log: one row per record tried. It never blocks the push: a failure is reported. It
  // needs nothing from the re-read below unless records were created (their new ids), so it is
  // then written while the re-read travels.
  const logWritten = sentRows.some((s) => s.creates) ? null : run.writeLog();
  // 3. Claret's truth into the rows: re-read what was sent (new versions, new ids), and the takes.
  const reread = await rereadSent(live, plan, sentRows);
  const back = await writeClaretIntoRows(plan, sentRows, chosen.takes, before, reread.after);
  // 4. The push log (written above already unless records were created).
  const pushed = await (logWritten ?? run.writeLog((i) => back.createdIds.get(toSend[i]) ?? null));

  const summary: Omit<ChangesSummary, "sentence"> = {
    ...pushed,
    created: sentRows.filter((s) => s.creates).length,
    heldBack: chosen.heldBack,
    tookClaret: back.tookClaret,
    arose,
    leftOutWithErrors: chosen.leftOut,
    writtenBack: back.writtenBack,
    notWrittenBack: back.notWrittenBack,
  };
  return { ...summary, sentence: changesSentence(summary, reread.failed) };
}

/** What the confirm does with each previewed row, by the planner's choices. */
interface ChosenRows {
  /** rows to send, if Claret still holds what the preview saw */
  sends: Planned[];
  /** conflicts the planner resolved with Claret's values: written into their rows, nothing sent */
  takes: RowChange[];
  /** conflicts without a choice and unconfirmed key changes */
  heldBack: number;
  /** rows with errors */
  leftOut: number;
}

function chooseRows(plan: ChangesPlan, opts: ChangesOptions): ChosenRows {
  const chosen: ChosenRows = { sends: [], takes: [], heldBack: 0, leftOut: 0 };
  for (const c of plan.changes) {
    if (c.kind === "gone") continue;
    if (!c.content) {
      chosen.leftOut++;
      continue;
    }
    const planned = (creates: boolean): Planned => ({
      change: c,
      content: c.content!,
      creates,
      expectVersion: creates ? null : (c.claret?.updated_at ?? null),
      oldQuantity: null,
    });
    if (c.kind === "changed") chosen.sends.push(planned(false));
    else if (c.kind === "new") chosen.sends.push(planned(true));
    else if (c.kind === "keyChanged") {
      if (opts.sendKeyChanges) chosen.sends.push(planned(true));
      else chosen.heldBack++;
    } else if (c.kind === "conflict") {
      const choice = opts.conflictChoices[c.rowIndex];
      if (choice === "mine") chosen.sends.push(planned(false));
      else if (choice === "claret") chosen.takes.push(c);
      else chosen.heldBack++;
    }
  }
  return chosen;
}

/** The query's sale type, with or without hierarchy, for the confirm's reads. */
const baseOf = ({ query }: ChangesPlan) => ({
  saleTypeName: query.saleTypeName,
  includeHierarchy: query.includeHierarchy,
});

/**
 * Claret's records at the dates of the rows to send and to take. Nothing is written before it: a
 * session that ended since the preview asks for a sign-in, and the push carries on with the new session.
 */
async function readBeforeSending(
  live: RenewingSession,
  plan: ChangesPlan,
  { sends, takes }: ChosenRows,
  signal: AbortSignal | undefined
): Promise<RecordIndex> {
  try {
    const dates = [
      ...sends.map((s) => s.content.sell_date),
      ...takes.map((t) => t.claret!.sell_date),
    ];
    return await readClaretAt(live, baseOf(plan), dates, plan.knownDates, signal);
  } catch (error) {
    throw asWorkflowFailure(error, "Nothing was sent.");
  }
}

/**
 * The rows Claret still holds as the preview saw them (an update: the same version and quantity; a
 * create: no other record at its key) go, with Claret's quantity now; the others arose as conflicts.
 */
function checkVersions(
  sends: readonly Planned[],
  before: RecordIndex
): { toSend: Planned[]; arose: AroseConflict[] } {
  const arose: AroseConflict[] = [];
  const toSend: Planned[] = [];
  const conflict = (
    s: Planned,
    reason: AroseConflict["reason"],
    claretQuantity: number | null
  ): AroseConflict => ({
    ...recordKey(s.content),
    address: s.change.address,
    id: s.change.id,
    reason,
    claretQuantity,
  });
  for (const s of sends) {
    const c = s.change;
    if (s.creates) {
      const atKey = before.byKey.get(recordKeyString(s.content));
      if (atKey && atKey.id !== c.id) arose.push(conflict(s, "created", atKey.quantity));
      else toSend.push(s);
      continue;
    }
    const now = c.id !== null ? before.byId.get(c.id) : undefined;
    if (!now) arose.push(conflict(s, "removed", null));
    else if (now.updated_at !== s.expectVersion || now.quantity !== c.claret?.quantity)
      arose.push(conflict(s, "changed", now.quantity));
    else toSend.push({ ...s, oldQuantity: now.quantity });
  }
  return { toSend, arose };
}

/** The rows through the push pipeline: Claret's refusals name the rows' cells, the log their old values. */
function sendRows(
  live: RenewingSession,
  plan: ChangesPlan,
  toSend: readonly Planned[],
  pushedAt: string,
  opts: ChangesOptions
): Promise<PushRun> {
  const quantityCol = columnForField(plan.headers, "quantity");
  return pushRecords(
    live,
    {
      saleTypeName: plan.query.saleTypeName,
      createMissingLinks: opts.createMissingLinks,
      content: toSend.map((s) => s.content),
      places: {
        sheetName: plan.sheetName,
        cellOf: (i, field) => {
          const col = columnForField(plan.headers, field);
          const rowIndex = toSend[i].change.rowIndex;
          return { rowIndex, address: plan.cellAddress(rowIndex, col >= 0 ? col : quantityCol) };
        },
        sheetRowOf: (i) => plan.sheetRow(toSend[i].change.rowIndex),
      },
      log: {
        action: "Push changes",
        tableName: plan.tableName,
        pushedAt,
        before: (i) =>
          toSend[i].creates
            ? null
            : { quantity: toSend[i].oldQuantity ?? NaN, id: toSend[i].change.id ?? NaN },
      },
    },
    opts
  );
}

/**
 * Claret's records of the rows sent, as it holds them now (new versions, new ids); null when none
 * were sent or the read failed. A session that ended since the POST asks for a sign-in, so the rows
 * still get Claret's truth.
 */
async function rereadSent(
  live: RenewingSession,
  plan: ChangesPlan,
  sentRows: readonly Planned[]
): Promise<{ after: RecordIndex | null; failed: boolean }> {
  if (sentRows.length === 0) return { after: null, failed: false };
  const dates = sentRows.map((s) => s.content.sell_date);
  try {
    return { after: await readClaretAt(live, baseOf(plan), dates, plan.knownDates), failed: false };
  } catch {
    return { after: null, failed: true };
  }
}

/**
 * Writes Claret's records into their rows: the rows sent (from the re-read) and the conflicts taken
 * (from the read before sending). A row not found again is counted, never a failure of the push.
 */
async function writeClaretIntoRows(
  plan: ChangesPlan,
  sentRows: readonly Planned[],
  takes: readonly RowChange[],
  before: RecordIndex,
  after: RecordIndex | null
): Promise<{
  writtenBack: number;
  notWrittenBack: number;
  tookClaret: number;
  /** the ids of the records the push created, as the re-read found them */
  createdIds: Map<Planned, number>;
}> {
  const writes: RowWrite[] = [];
  const createdIds = new Map<Planned, number>();
  if (after) {
    for (const s of sentRows) {
      const rec = s.creates
        ? after.byKey.get(recordKeyString(s.content))
        : s.change.id !== null
          ? after.byId.get(s.change.id)
          : undefined;
      if (!rec) continue;
      if (s.creates) createdIds.set(s, rec.id);
      writes.push(rowWrite(plan, s.change, rec, s.creates));
    }
  }
  for (const t of takes) {
    const rec = t.id !== null ? before.byId.get(t.id) : undefined;
    if (rec) writes.push(rowWrite(plan, t, rec, false));
  }
  let writtenBack = 0;
  let notWrittenBack = sentRows.length + takes.length - writes.length;
  try {
    const result = await writeTableRows(plan.sheetName, plan.tableId, writes);
    writtenBack = result.written;
    notWrittenBack += result.notFound.length;
  } catch {
    notWrittenBack += writes.length;
  }
  const tookClaret = takes.filter((t) => writes.some((w) => w.id === t.id)).length;
  return { writtenBack, notWrittenBack, tookClaret, createdIds };
}

/**
 * The cells that bring a row to Claret's record: an updated record's quantity and version; for a
 * created one (a new row, a key change) every Claret column, with its format (text stays text).
 */
function rowWrite(plan: ChangesPlan, c: RowChange, rec: SaleRecord, whole: boolean): RowWrite {
  const claret = new Set(plan.claretColumns.map((h) => h.toLowerCase()));
  const cells: RowWrite["cells"] = [];
  plan.headers.forEach((header, column) => {
    const key = header.trim();
    const name = normalizeHeader(key);
    if (!claret.has(key.toLowerCase())) return;
    if (!whole && name !== "quantity" && name !== "updated_at") return;
    const spec = columnSpec(key);
    const [value] = recordsToRows([rec], [spec], plan.dateSystem)[0];
    cells.push(whole ? { column, value, numberFormat: spec.numberFormat } : { column, value });
  });
  return { id: c.id, rowIndex: c.rowIndex, cells };
}

/** The sentence for a comparison that found nothing to send. */
export { noChangesText } from "./pushMessages";
