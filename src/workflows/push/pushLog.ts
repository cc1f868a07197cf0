// The push log from the workflows' side: which row each record a push tried gets, and writing
// them without ever failing the push (a log that cannot be written is reported, not thrown).
import type { PostSalesContent } from "../../claret";
import {
  appendPushLog,
  PUSH_LOG_SHEET,
  pushLogNeedsSheet,
  readStructure,
  type PushLogAction,
  type PushLogOutcome,
  type PushLogRow,
} from "../../excel";
import { recordKey } from "../../sales";
import type { BatchOutcome, ClaretSession, RecordKey } from "../api";
import { structureProtectedMessage, WorkflowError } from "../messages";
import { logFailureText } from "./pushMessages";

export type { PushLogRow };

/** The status of the batch that carried content[i] (1-based firstRow..lastRow among the rows sent). */
export function batchStatusOf(batches: readonly BatchOutcome[], i: number): BatchOutcome["status"] {
  for (const b of batches) if (i + 1 >= b.firstRow && i + 1 <= b.lastRow) return b.status;
  return "not-sent";
}

/** Who pushed what, where and when: the same on every row of one push. */
export interface LoggedPush {
  pushedAt: string;
  session: ClaretSession;
  saleTypeName: string;
  action: PushLogAction;
  tableName: string;
}

/** One record of a push as the log names it. */
export interface LoggedRecord {
  key: RecordKey;
  /** Claret's record id, when known */
  id: number | null;
  /** Claret's quantity before the push; null for a created record (or when not known) */
  oldQuantity: number | null;
  newQuantity: number;
  outcome: PushLogOutcome;
}

/** The log row of one record of a push. */
export function logRow(push: LoggedPush, r: LoggedRecord): PushLogRow {
  return {
    pushed_at: push.pushedAt,
    tenant: push.session.tenant,
    email: push.session.email ?? "",
    sale_type_name: push.saleTypeName,
    ...recordKey(r.key),
    old_quantity: r.oldQuantity,
    new_quantity: r.newQuantity,
    outcome: r.outcome,
    action: push.action,
    id: r.id,
    table_name: push.tableName,
    base_url: push.session.baseUrl,
  };
}

/** A push's outcome for the log: a created record is "created"; batches never sent get no row. */
export function pushOutcome(
  status: BatchOutcome["status"],
  created: boolean
): PushLogOutcome | null {
  if (status === "not-sent") return null;
  return status === "sent" ? (created ? "created" : "sent") : status;
}

/** One log row per record a batch tried (`outcome` says which get one: by default, never batches not sent). */
export function logRowsFor(
  push: LoggedPush,
  content: readonly PostSalesContent[],
  batches: readonly BatchOutcome[],
  /** Claret's record before the push: its quantity and id, null when none (a create), undefined when not known */
  before: (i: number) => { quantity: number; id: number | null } | null | undefined,
  /** the id of a record the push created, when it was read back */
  createdId: (i: number) => number | null = () => null,
  outcome: (status: BatchOutcome["status"], created: boolean) => PushLogOutcome | null = pushOutcome
): PushLogRow[] {
  const rows: PushLogRow[] = [];
  content.forEach((c, i) => {
    const old = before(i);
    const created = old === null;
    const named = outcome(batchStatusOf(batches, i), created);
    if (named === null) return;
    rows.push(
      logRow(push, {
        key: c,
        id: old ? old.id : created ? createdId(i) : null,
        oldQuantity: old ? old.quantity : null,
        newQuantity: c.quantity,
        outcome: named,
      })
    );
  });
  return rows;
}

/** The log's part of a push's result: rows appended, or why it could not be written. */
export interface PushLogResult {
  rows: number;
  error: string | null;
}

/** Appends to the log; never throws. */
export async function writePushLog(rows: readonly PushLogRow[]): Promise<PushLogResult> {
  try {
    await appendPushLog(rows);
    return { rows: rows.length, error: null };
  } catch (error) {
    return { rows: 0, error: logFailureText(error) };
  }
}

/**
 * Nothing is sent to Claret that cannot be logged without saying so: when the log's sheet does not exist yet and the
 * workbook's structure is protected (Excel would refuse to add the sheet), the push stops here, before anything is
 * sent. Once the log exists, pushes work on a protected workbook (they write cells of existing sheets only).
 */
export async function ensurePushCanBeLogged(): Promise<void> {
  if (!(await pushLogNeedsSheet())) return;
  if (!(await readStructure()).protected) return;
  throw new WorkflowError(
    structureProtectedMessage({ kind: "pushLog", sheetName: PUSH_LOG_SHEET })
  );
}
