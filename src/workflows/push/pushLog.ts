// The push log from the workflows' side: which row each record a push tried gets, and writing
// them without ever failing the push (a log that cannot be written is reported, not thrown).
import type { PostSalesContent } from "../../claret";
import {
  appendPushLog,
  PUSH_LOG_SHEET,
  pushLogNeedsSheet,
  readStructure,
  type PushLogAction,
  type PushLogRow,
} from "../../excel";
import type { BatchOutcome, ClaretSession } from "../api";
import { structureProtectedMessage, WorkflowError } from "../messages";
import { logFailureText } from "./pushMessages";

export type { PushLogRow };

/** The status of the batch that carried content[i] (1-based firstRow..lastRow among the rows sent). */
export function batchStatusOf(batches: readonly BatchOutcome[], i: number): BatchOutcome["status"] {
  for (const b of batches) if (i + 1 >= b.firstRow && i + 1 <= b.lastRow) return b.status;
  return "not-sent";
}

/** One log row per record a batch tried (never for batches not sent). */
export function logRowsFor(
  push: {
    pushedAt: string;
    session: ClaretSession;
    saleTypeName: string;
    action: PushLogAction;
    tableName: string;
  },
  content: readonly PostSalesContent[],
  batches: readonly BatchOutcome[],
  /** Claret's record before the push: its quantity and id, null when none (a create), undefined when not known */
  before: (i: number) => { quantity: number; id: number } | null | undefined,
  /** the id of a record the push created, when it was read back */
  createdId: (i: number) => number | null = () => null
): PushLogRow[] {
  const rows: PushLogRow[] = [];
  content.forEach((c, i) => {
    const status = batchStatusOf(batches, i);
    if (status === "not-sent") return;
    const old = before(i);
    const created = old === null;
    rows.push({
      pushed_at: push.pushedAt,
      tenant: push.session.tenant,
      email: push.session.email ?? "",
      sale_type_name: push.saleTypeName,
      item_name: c.item_name,
      customer_group_name: c.customer_group_name,
      sell_date: c.sell_date,
      timing_interval_name: c.timing_interval_name,
      old_quantity: old ? old.quantity : null,
      new_quantity: c.quantity,
      outcome: status === "sent" ? (created ? "created" : "sent") : status,
      action: push.action,
      id: old ? old.id : created ? createdId(i) : null,
      table_name: push.tableName,
      base_url: push.session.baseUrl,
    });
  });
  return rows;
}

/** Appends to the log; never throws. */
export async function writePushLog(
  rows: readonly PushLogRow[]
): Promise<{ rows: number; error: string | null }> {
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
