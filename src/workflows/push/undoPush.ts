// Undo last push: put back the old quantities of the records the workbook's last push updated, read
// from the push log. Claret is asked first whether each record still holds what the push wrote; a
// record changed since is a conflict and is left alone. Records the push created cannot be deleted
// (Claret's API has no DELETE): the result names them. The undo is logged, then the table refreshed.
import { sameClaret, type PostSalesContent } from "../../claret";
import { activateTable, readClaretTables, readPushLog, type PushLogRow } from "../../excel";
import { recordKey, recordKeyString } from "../../sales";
import type { ClaretSession, UndoPreview, UndoSummary } from "../api";
import { asWorkflowFailure } from "../failure";
import { toUserMessage, WorkflowError } from "../messages";
import { ensurePushCanBeLogged, pushRecords, readClaretAt } from "./pushPipeline";
import type { LoggedRecord } from "./pushLog";
import { pushTime, undoOtherClaretText, undoSentence, undoUnknownClaretText } from "./pushMessages";
import { refreshActiveSheet } from "../pullRefresh/refresh";
import { renewingSession, type Reauthenticate } from "../signIn/signInAgain";

const key = (r: PushLogRow) => ({
  item_name: r.item_name,
  customer_group_name: r.customer_group_name,
  sell_date: r.sell_date,
  timing_interval_name: r.timing_interval_name,
});

/** Reads the log and says what undoing its last push would do. Nothing is sent. */
export async function prepareUndo(): Promise<UndoPreview> {
  const rows = await readPushLog();
  if (rows.length === 0)
    throw new WorkflowError(
      'Nothing to undo: this workbook has no push in its log (sheet "Claret push log").',
      { intent: "info" }
    );
  const last = rows[rows.length - 1];
  const push = rows.filter((r) => r.pushed_at === last.pushed_at);
  if (last.action === "Undo last push") {
    throw new WorkflowError(
      `Nothing to undo: the last entry in the push log is the undo of ${pushTime(last.pushed_at)}. Only the last push can be undone, once.`,
      { intent: "info" }
    );
  }
  const restorable = push.filter((r) => r.outcome === "sent" || r.outcome === "unknown");
  return {
    pushedAt: last.pushed_at,
    action: last.action,
    tenant: last.tenant,
    baseUrl: last.base_url || (await baseUrlOfTable(last)),
    saleTypeName: last.sale_type_name,
    tableName: last.table_name,
    toRestore: restorable
      .filter((r) => r.old_quantity !== null)
      .map((r) => ({ ...key(r), id: r.id, pushed: r.new_quantity, old: r.old_quantity! })),
    created: push
      .filter((r) => r.outcome === "created")
      .map((r) => ({ ...key(r), id: r.id, pushed: r.new_quantity })),
    unknownOld: restorable.filter((r) => r.old_quantity === null).length,
  };
}

/**
 * For a push an older version logged (no base_url): the base URL of the table it came from, when that table is
 * still in the workbook and was pulled from the push's tenant; "" otherwise.
 */
async function baseUrlOfTable(last: PushLogRow): Promise<string> {
  if (!last.table_name) return "";
  const name = last.table_name.toLowerCase();
  const table = (await readClaretTables()).find((t) => t.tableName.toLowerCase() === name);
  const endpoint = table?.stored.endpoint;
  return endpoint && endpoint.tenant.toLowerCase() === last.tenant.toLowerCase()
    ? endpoint.baseUrl
    : "";
}

/** Puts the old quantities back where Claret still holds the pushed ones, logs it, refreshes the table. */
export async function confirmUndo(
  preview: UndoPreview,
  session: ClaretSession,
  opts: {
    signal?: AbortSignal;
    /** a 401 before anything is put back asks for a sign-in again; the undo then carries on */
    reauthenticate?: Reauthenticate;
  } = {}
): Promise<UndoSummary> {
  // The old quantities go back only to the Claret the push went to: the same tenant name on another host (a
  // staging server, say) is another Claret.
  if (!preview.baseUrl) throw new WorkflowError(undoUnknownClaretText(preview));
  if (!sameClaret(preview, session))
    throw new WorkflowError(undoOtherClaretText(preview, session), { needsSignIn: true });
  await ensurePushCanBeLogged();
  const saleType = { saleTypeName: preview.saleTypeName, includeHierarchy: false };
  // A 401 before anything is put back, or at a POST Claret refused, asks for a sign-in; that step runs
  // again with the new session, and the steps after it (the refresh) use it too.
  const live = renewingSession(session, opts);
  let now;
  try {
    const dates = preview.toRestore.map((r) => r.sell_date);
    now = await readClaretAt(live, saleType, dates, [], opts.signal);
  } catch (error) {
    throw asWorkflowFailure(error, "Nothing was undone.");
  }
  const conflicts: UndoSummary["conflicts"] = [];
  const send: Array<{ row: UndoPreview["toRestore"][number]; content: PostSalesContent }> = [];
  for (const r of preview.toRestore) {
    const rec = now.byKey.get(recordKeyString(r));
    if (rec && rec.quantity === r.old) continue; // an unknown outcome that was never written: nothing to undo
    if (!rec || rec.quantity !== r.pushed) {
      conflicts.push({ ...r, claretQuantity: rec ? rec.quantity : null });
      continue;
    }
    send.push({ row: r, content: { ...recordKey(r), quantity: r.old } });
  }
  const notUndone = (
    r: UndoPreview["toRestore"][number] | UndoPreview["created"][number],
    oldQuantity: number | null,
    newQuantity: number
  ): LoggedRecord => ({ key: r, id: r.id, oldQuantity, newQuantity, outcome: "not undone" });
  const run = await pushRecords(
    live,
    {
      saleTypeName: preview.saleTypeName,
      createMissingLinks: false,
      content: send.map((s) => s.content),
      log: {
        action: "Undo last push",
        tableName: preview.tableName,
        // what the push wrote is what Claret holds before the undo
        before: (i) => ({ quantity: send[i].row.pushed, id: send[i].row.id }),
        // every record the undo meant to put back is logged, sent or not
        outcome: (status) => (status === "sent" ? "undone" : "not undone"),
        alsoLog: [
          ...conflicts.map((c) => notUndone(c, c.claretQuantity, c.old)),
          // a created record stays as the push wrote it: Claret's API cannot delete it
          ...preview.created.map((c) => notUndone(c, c.pushed, c.pushed)),
        ],
      },
    },
    { signal: opts.signal }
  );
  const { sent: undone, log } = await run.writeLog();

  // Claret's values into the table, keyed by id: the refresh of the pushed table's sheet.
  let refreshed = false;
  let refreshError: string | null = null;
  if (preview.tableName && (undone > 0 || conflicts.length > 0)) {
    try {
      if (await activateTable(preview.tableName)) {
        await refreshActiveSheet(live.current, {
          signal: opts.signal,
          reauthenticate: opts.reauthenticate,
        });
        refreshed = true;
      } else refreshError = `table ${preview.tableName} is no longer in the workbook`;
    } catch (error) {
      refreshError = toUserMessage(error).text.replace(/\.$/, "");
    }
  } else refreshed = true;
  const summary: Omit<UndoSummary, "sentence"> = {
    pushedAt: preview.pushedAt,
    undone,
    conflicts,
    created: preview.created,
    failed: send.length - undone,
    log,
    refreshed,
    refreshError,
  };
  return { ...summary, sentence: undoSentence(summary) };
}
