// Push selection: read the selected rows, validate them into a preview, and on confirmation post
// them to Claret in batches, reporting exactly what was written, refused, or is unknown.

import { postSales, type ClaretSession } from "../claret";
import {
  readActiveTableQuery,
  readSelection,
  selectCell as selectSheetCell,
  SelectionError,
  type SelectionContents,
} from "../excel";
import {
  cellForContentField,
  saleTypeConflicts,
  validatePushSelection,
  type Problem,
  type PushValidation,
} from "../sales";
import type { CellProblem, PushOptions, PushPreview, PushSummary } from "./api";
import { WorkflowError } from "./messages";
import { n, rowsWord, sendBatches, type BatchRun } from "./pushBatches";

export { MAX_BATCH_ROWS } from "./pushBatches";

/** The preview groups warnings one line per kind; the grouping itself is pure (src/sales). */
export { groupProblemsByKind } from "../sales";

/** Claret's docs flag POST /sales as beta; the preview shows this before anything is sent. */
export const POST_BETA_WARNING =
  'Sending to Claret uses its beta write API, which "may not behave as expected"; Claret advises "do not use for production data". Check the rows in Claret after pushing.';

/** What confirmPush needs from preparePush, carried in PushPreview.token. */
interface PushPlan {
  readonly kind: "claret-push-plan";
  sheetName: string;
  selection: Pick<SelectionContents, "headers" | "cellAddress">;
  validation: PushValidation;
  /** first cell of each row with errors, e.g. "A7" */
  errorRowCells: string[];
}

/**
 * Reads the current selection and validates it. Nothing is sent. Throws a WorkflowError when the
 * selection cannot be pushed at all (several areas, two tables, no data rows).
 */
export async function preparePush(): Promise<PushPreview> {
  let selection: SelectionContents;
  try {
    selection = await readSelection();
  } catch (e) {
    if (e instanceof SelectionError) throw new WorkflowError(e.message, { cause: e });
    throw e;
  }
  const validation = validatePushSelection(selection);
  const { sheetName } = selection;
  const topLeft = selection.readAddress.split(":")[0];
  // outside a table the planner may have selected data rows only: say which row was taken as headers
  const headerHint =
    selection.tableName === null
      ? ` The first selected row (sheet row ${topLeft.replace(/^[A-Z]+/, "")}) is read as the header row; select the header row with the rows to send.`
      : "";
  const toCell =
    (severity: CellProblem["severity"]) =>
    (p: Problem): CellProblem => ({
      sheetName,
      // a problem with the columns themselves (missing headers) points at the selection's first cell
      address: p.address || topLeft,
      rowIndex: p.rowIndex,
      severity,
      message: p.rowIndex < 0 ? p.message + headerHint : p.message,
      ...(p.kind ? { kind: p.kind } : {}),
    });

  const errorRows = [
    ...new Set(validation.errors.filter((p) => p.rowIndex >= 0).map((p) => p.rowIndex)),
  ].sort((a, b) => a - b);
  const plan: PushPlan = {
    kind: "claret-push-plan",
    sheetName,
    selection: { headers: selection.headers, cellAddress: selection.cellAddress },
    validation,
    errorRowCells: errorRows.map((r) => selection.cellAddress(r, 0)),
  };

  return {
    sheetName,
    selectionAddress: selection.selectionAddress,
    selectedRows: validation.selectedRows,
    rowsToSend: validation.content.length,
    skippedHidden: validation.skippedHidden,
    skippedBlank: validation.skippedBlank,
    rowsWithErrors: validation.rowsWithErrors,
    errors: validation.errors.map(toCell("error")),
    warnings: validation.warnings.map(toCell("warning")),
    ignoredColumns: validation.ignoredColumns,
    saleTypeName: selection.tableName ? await pulledSaleType(selection.tableName) : null,
    token: plan,
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
  const plan = preview.token as PushPlan | undefined;
  if (!plan || plan.kind !== "claret-push-plan")
    throw new Error("confirmPush needs the preview returned by preparePush.");
  const { validation } = plan;
  const saleTypeName = opts.saleTypeName.trim();
  if (saleTypeName === "")
    throw new WorkflowError(
      "Nothing was sent: enter the sale type these rows belong to (for example Forecast)."
    );

  if (validation.errors.length > 0 && !opts.sendValidRowsOnly) {
    const first = preview.errors[0];
    const rows = validation.rowsWithErrors;
    const which =
      rows > 0
        ? `${rowsWord(rows)} ${rows === 1 ? "has" : "have"} errors`
        : "the selection has an error";
    const fix =
      validation.content.length > 0
        ? " Fix them, or choose to send the valid rows only."
        : " Fix them, then push again.";
    throw new WorkflowError(
      `Nothing was sent: ${which} (${first.message.replace(/\.$/, "")}).${fix}`
    );
  }
  if (validation.content.length === 0) {
    throw new WorkflowError(
      validation.rowsWithErrors > 0
        ? `Nothing was sent: every row of the selection has errors (${preview.errors[0].message.replace(/\.$/, "")}). Fix them, then push again.`
        : "Nothing was sent: the selection has no rows to send (hidden and blank rows are skipped)."
    );
  }
  const conflicts = saleTypeConflicts(validation, saleTypeName);
  if (conflicts.length > 0) {
    const shown = conflicts
      .slice(0, 3)
      .map((c) => `${c.address}: "${c.name}"`)
      .join(", ");
    const more = conflicts.length > 3 ? ` and ${n(conflicts.length - 3)} more` : "";
    throw new WorkflowError(
      `Nothing was sent: you chose sale type "${saleTypeName}", but the sale_type_name column of ${rowsWord(conflicts.length)} names another (${shown}${more}). ` +
        `Choose the sale type the rows belong to, or select only rows of "${saleTypeName}".`
    );
  }

  const run = await sendBatches(
    {
      sheetName: plan.sheetName,
      content: validation.content,
      cellOf: (contentIndex, field) =>
        cellForContentField(plan.selection, validation, contentIndex, field) ?? {
          rowIndex: -1,
          address: "",
        },
      sheetRowOf: (contentIndex) =>
        Number(
          plan.selection
            .cellAddress(validation.contentRowIndex[contentIndex], 0)
            .replace(/^[A-Z]+/, "")
        ),
    },
    (content, signal) =>
      postSales(
        session,
        {
          sale_type_name: saleTypeName,
          create_missing_item_customer_group: opts.createMissingLinks ? 1 : 0,
        },
        content,
        {
          signal,
          timeoutMs: opts.timeoutMs,
        }
      ),
    { signal: opts.signal, onProgress: opts.onProgress }
  );

  const skipped = validation.skippedHidden + validation.skippedBlank;
  const leftOutWithErrors = validation.rowsWithErrors;
  return {
    selected: validation.selectedRows,
    sent: run.sent,
    refused: run.refused,
    unknown: run.unknown,
    skipped,
    notSent: run.notSent,
    leftOutWithErrors,
    leftOutRows: plan.errorRowCells,
    batches: run.batches,
    problems: run.problems,
    sentence: summarySentence(run, validation, plan.errorRowCells),
  };
}

/** "Sent 1,000 of 2,500 rows. Batch 2 (sheet rows 1,002–2,001) was refused: …; 500 rows were not sent." */
function summarySentence(
  run: BatchRun,
  validation: PushValidation,
  errorRowCells: string[]
): string {
  const toSend = validation.content.length;
  const parts: string[] = [];
  if (run.sent === toSend) {
    parts.push(
      `Sent all ${rowsWord(toSend)} to Claret${run.batches.length > 1 ? ` in ${run.batches.length} batches` : ""}.`
    );
  } else {
    parts.push(`Sent ${n(run.sent)} of ${rowsWord(toSend)}.`);
  }
  let refusedBefore = false;
  let continuedAfterRefusal = false;
  for (const b of run.batches) {
    // sheet rows, not positions among the rows to send: the planner looks for them on the sheet
    const label =
      b.firstSheetRow !== undefined && b.lastSheetRow !== undefined
        ? `Batch ${b.index} (sheet rows ${n(b.firstSheetRow)}–${n(b.lastSheetRow)})`
        : `Batch ${b.index} (rows ${n(b.firstRow ?? 0)}–${n(b.lastRow ?? 0)} of those sent)`;
    if (b.status === "refused") {
      parts.push(
        `${label} was refused, so nothing of it was written: ${b.message.replace(/^Refused, nothing of it was written: /, "")}`
      );
      refusedBefore = true;
    } else if (b.status === "unknown") {
      parts.push(
        `${label} may or may not have been written: ${b.message.replace(/^Outcome unknown: /, "")}`
      );
    } else if (b.status === "sent" && refusedBefore) {
      continuedAfterRefusal = true;
    }
  }
  if (continuedAfterRefusal)
    parts.push("Later batches were still sent, since Claret writes nothing of a refused batch.");
  if (run.notSent > 0) {
    parts.push(
      `${rowsWord(run.notSent)} ${run.notSent === 1 ? "was" : "were"} not sent: ${run.stoppedBecause ?? "the push stopped"}.`
    );
  }
  if (validation.rowsWithErrors > 0) {
    const list = errorRowCells
      .slice(0, 10)
      .map((a) => a.replace(/^[A-Z]+/, ""))
      .join(", ");
    const more = errorRowCells.length > 10 ? ` and ${n(errorRowCells.length - 10)} more` : "";
    parts.push(
      `${rowsWord(validation.rowsWithErrors)} with errors ${validation.rowsWithErrors === 1 ? "was" : "were"} left out (sheet rows ${list}${more}).`
    );
  }
  const skipped: string[] = [];
  if (validation.skippedHidden > 0) skipped.push(`${n(validation.skippedHidden)} hidden`);
  if (validation.skippedBlank > 0) skipped.push(`${n(validation.skippedBlank)} blank`);
  if (skipped.length > 0)
    parts.push(
      `Skipped ${skipped.join(" and ")} ${validation.skippedHidden + validation.skippedBlank === 1 ? "row" : "rows"}.`
    );
  return parts.join(" ");
}

/** Activates the sheet and selects the cell of a problem (a click in the preview). */
export async function selectCell(sheetName: string, address: string): Promise<void> {
  await selectSheetCell(sheetName, address);
}
