// Pull: every page of a query into a new table on a sheet of its own. Nothing appears in the workbook until the last
// page has arrived; a failure or cancel on the way leaves it exactly as it was.
import { validateEndpoint, validateSalesQuery } from "../../claret";
import { readStructure, sheetBaseName, swapIntoNewTable, tableBaseName } from "../../excel";
import type { ClaretSession, TableResult, SalesQuery, WorkOptions } from "../api";
import { drainToStaging } from "./drain";
import { asWorkflowFailure, withLeftoverStagingSheet } from "../failure";
import { structureProtectedMessage, WorkflowError } from "../messages";

export async function pullSales(
  session: ClaretSession,
  query: SalesQuery,
  opts: WorkOptions = {}
): Promise<TableResult> {
  try {
    const q = validateSalesQuery(query);
    const endpoint = validateEndpoint(session);
    // The table gets a sheet of its own: on a structure-protected workbook say so before anything is fetched.
    if ((await readStructure()).protected)
      throw new WorkflowError(
        structureProtectedMessage({ kind: "pull", saleTypeName: q.saleTypeName })
      );
    const staging = await drainToStaging(session, q, { existingColumns: [], headerRow: 0 }, opts);
    try {
      return await swapIntoNewTable(staging, {
        endpoint,
        query: q,
        baseSheetName: sheetBaseName(q),
        baseTableName: tableBaseName(q),
      });
    } catch (error) {
      if (!(await staging.discard())) throw withLeftoverStagingSheet(error, staging.name);
      throw error;
    }
  } catch (error) {
    throw asWorkflowFailure(error, "No sheet was added.");
  }
}
