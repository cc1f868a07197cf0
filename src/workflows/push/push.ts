// Push selection: read the selected rows, validate them into a preview, and on confirmation post
// them to Claret in batches, reporting exactly what was written, refused, or is unknown. The
// sentences are made in pushMessages.ts from the data these functions return.

import { ClaretAuthError, type ClaretSession } from "../../claret";
import {
  readActiveTableQuery,
  readSelection,
  SelectionError,
  type SelectionContents,
} from "../../excel";
import {
  cellForContentField,
  recordKeyString,
  saleTypeConflicts,
  validatePushSelection,
  type Problem,
} from "../../sales";
import type { CellProblem, PushOptions, PushPlan, PushPreview, PushSummary } from "../api";
import type { RecordIndex } from "../claretRecords";
import { asWorkflowFailure } from "../failure";
import { isAbortError, WorkflowError } from "../messages";
import { renewingSession } from "../signIn/signInAgain";
import { ensurePushCanBeLogged, pushRecords, readClaretAt } from "./pushPipeline";
import {
  blockedByErrors,
  everyRowHasErrors,
  headerRowHint,
  NO_ROWS_TO_SEND,
  NO_SALE_TYPE,
  saleTypeConflict,
  summarySentence,
} from "./pushMessages";

export { MAX_BATCH_ROWS } from "./pushPipeline";
export { problemText } from "./pushMessages";

/** The preview groups warnings one line per kind; the grouping itself is pure (src/sales). */
export { groupProblemsByKind } from "../../sales";

/** Activates the sheet and selects the cell of a problem (a click in the preview). */
export { selectCell } from "../../excel";

/** Claret's docs flag POST /sales as beta; the preview shows this before anything is sent. */
export const POST_BETA_WARNING =
  'Sending to Claret uses its beta write API, which "may not behave as expected"; Claret advises "do not use for production data". Check the rows in Claret after pushing.';

/**
 * Reads the current selection and validates it. Nothing is sent. Throws a WorkflowError when the
 * selection cannot be pushed at all (several areas, two tables, no data rows).
 */
export async function preparePush(): Promise<PushPreview> {
  let selection: SelectionContents;
  try {
    selection = await readSelection();
  } catch (e) {
    if (e instanceof SelectionError) throw new WorkflowError(e.userMessage, { cause: e });
    throw e;
  }
  const validation = validatePushSelection(selection);
  const { sheetName, rows } = selection;
  const topLeft = selection.readAddress.split(":")[0];
  // outside a table the planner may have selected data rows only: say which row was taken as
  // headers (the row above the first data row; rows is never empty)
  const headerHint = selection.tableName === null ? headerRowHint(rows[0].sheetRow) : "";
  const toCell =
    (severity: CellProblem["severity"]) =>
    (p: Problem): CellProblem => ({
      sheetName,
      // a problem with the columns themselves (missing headers) points at the selection's first cell
      address: p.address || topLeft,
      rowIndex: p.rowIndex,
      severity,
      source: "check",
      ...(p.field ? { field: p.field } : {}),
      message: p.rowIndex < 0 ? p.message + headerHint : p.message,
      ...(p.kind ? { kind: p.kind } : {}),
    });

  const sheetRows: number[] = [];
  for (const r of rows) sheetRows[r.rowIndex] = r.sheetRow + 1;
  const plan: PushPlan = {
    sheetName,
    headers: selection.headers,
    cellAddress: selection.cellAddress,
    sheetRows,
    validation,
    tableName: selection.tableName,
  };

  return {
    sheetName,
    selectionAddress: selection.selectionAddress,
    selectedRows: validation.selectedRows,
    rowsToSend: validation.rows.length,
    skippedHidden: validation.skippedHidden,
    skippedBlank: validation.skippedBlank,
    rowsWithErrors: validation.rowsWithErrors,
    errors: validation.errors.map(toCell("error")),
    warnings: validation.warnings.map(toCell("warning")),
    ignoredColumns: validation.ignoredColumns,
    saleTypeName: selection.tableName ? await pulledSaleType(selection.tableName) : null,
    // the preview lists exactly what confirmPush posts
    toSend: validation.rows.map((r) => r.content),
    plan,
  };
}

/** The sale type a pulled table was pulled with, or null for a table the add-in did not pull. */
async function pulledSaleType(tableName: string): Promise<string | null> {
  const active = await readActiveTableQuery();
  return active && active.tableName.toLowerCase() === tableName.toLowerCase()
    ? active.stored.query.saleTypeName
    : null;
}

/**
 * Posts the previewed rows in sequential batches of at most 1000 and reports how each ended.
 * By default nothing is sent while any row has an error (throws a WorkflowError saying so);
 * with `sendValidRowsOnly` the valid rows are sent and the summary lists the rows left out.
 * Failures of a batch never throw: they are in the summary. See sendBatches for when it stops.
 */
export async function confirmPush(
  preview: PushPreview,
  session: ClaretSession,
  opts: PushOptions
): Promise<PushSummary> {
  const { plan } = preview;
  const { validation } = plan;
  const saleTypeName = opts.saleTypeName.trim();
  if (saleTypeName === "") throw new WorkflowError(NO_SALE_TYPE);

  const rowsToSend = validation.rows.length;
  if (validation.errors.length > 0 && !opts.sendValidRowsOnly)
    throw new WorkflowError(
      blockedByErrors(preview.errors[0], validation.rowsWithErrors, rowsToSend)
    );
  if (rowsToSend === 0)
    throw new WorkflowError(
      validation.rowsWithErrors > 0 ? everyRowHasErrors(preview.errors[0]) : NO_ROWS_TO_SEND
    );
  const conflicts = saleTypeConflicts(plan, validation, saleTypeName);
  if (conflicts.length > 0) throw new WorkflowError(saleTypeConflict(saleTypeName, conflicts));
  await ensurePushCanBeLogged();

  // Claret's values before the push, for the log's old_quantity (and so Undo last push can put them
  // back). A read that fails does not stop the push: the log then says the old values are unknown.
  const pushedAt = new Date().toISOString();
  let before: RecordIndex | null = null;
  // A session that ended since the preview asks for a sign-in here, before anything is sent (and at a
  // POST Claret refused with 401: that batch is sent again with the new session).
  const live = renewingSession(session, opts);
  const content = validation.rows.map((r) => r.content);
  try {
    const dates = content.map((c) => c.sell_date);
    before = await readClaretAt(
      live,
      { saleTypeName, includeHierarchy: false },
      dates,
      [],
      opts.signal
    );
  } catch (error) {
    if (isAbortError(error)) throw error;
    if (error instanceof ClaretAuthError) throw asWorkflowFailure(error, "Nothing was sent.");
  }

  const run = await pushRecords(
    live,
    {
      saleTypeName,
      createMissingLinks: opts.createMissingLinks,
      content,
      places: {
        sheetName: plan.sheetName,
        cellOf: (contentIndex, field) =>
          cellForContentField(plan, validation, contentIndex, field) ?? {
            rowIndex: -1,
            address: "",
          },
        sheetRowOf: (contentIndex) => plan.sheetRows[validation.rows[contentIndex].rowIndex],
      },
      log: {
        action: "Push selection",
        tableName: plan.tableName ?? "",
        pushedAt,
        before: (i) => {
          if (!before) return undefined;
          const rec = before.byKey.get(recordKeyString(content[i]));
          return rec ? { quantity: rec.quantity, id: rec.id } : null;
        },
      },
    },
    opts
  );

  const summary: Omit<PushSummary, "sentence"> = {
    ...(await run.writeLog()),
    selected: validation.selectedRows,
    skipped: validation.skippedHidden + validation.skippedBlank,
    stoppedBecause: run.stoppedBecause,
    leftOutWithErrors: validation.rowsWithErrors,
    leftOutSheetRows: leftOutSheetRows(plan),
  };
  return {
    ...summary,
    sentence: summarySentence(summary, validation.skippedHidden, validation.skippedBlank),
  };
}

/** The sheet rows of the rows with errors, in order. */
function leftOutSheetRows({ validation, sheetRows }: PushPlan): number[] {
  const rows = new Set<number>();
  for (const p of validation.errors) if (p.rowIndex >= 0) rows.add(p.rowIndex);
  return [...rows].sort((a, b) => a - b).map((r) => sheetRows[r]);
}
