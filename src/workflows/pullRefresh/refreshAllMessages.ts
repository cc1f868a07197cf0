// Every sentence Refresh all tells the planner, made from its structured result in this one place: a line per
// table (what changed, or that it failed and why, was cancelled, or waits for a sign-in), under a line that counts
// them. The refresh's own clause ("N updated, M added, K removed") comes from messages.ts, written once.
import { countOf } from "../../sales";
import type {
  ClaretEndpoint,
  OpenChoiceResult,
  RefreshAllResult,
  RefreshAllTable,
  TableOutcome,
  UserMessage,
} from "../api";
import { refreshChanges, refreshNotes } from "../messages";

/** Said by the pane and the ribbon when the workbook has no Claret table. */
export const NO_CLARET_TABLES =
  "This workbook has no tables pulled from Claret, so there is nothing to refresh. Pull sales first.";

/** A second Refresh all while one still goes through its tables. */
export const REFRESH_ALL_RUNNING =
  "Refresh all is already running; its progress is in the Claret pane.";

/** "Refresh when this workbook opens" was chosen for a table that is no longer there. */
export const TABLE_GONE =
  "The table is no longer on its sheet (it was deleted or moved), so nothing was stored. Go to the sheet of a Claret table and choose again.";

/** What choosing "Refresh when this workbook opens" did. */
export function openChoiceMessage(r: OpenChoiceResult): UserMessage {
  const { label } = r.table;
  if (!r.table.refreshOnOpen)
    return {
      intent: "info",
      text: `${label} will no longer be refreshed when this workbook opens.`,
    };
  return r.startupSet
    ? {
        intent: "success",
        text: `${label} will be refreshed each time this workbook opens, with no pop-up; a table whose Claret sign-in has ended then waits for you in the Claret pane. Save the workbook to keep this choice.`,
      }
    : {
        intent: "warning",
        text: `${label} will be refreshed when the Claret add-in starts with this workbook, but this Excel could not be set to start the add-in as the workbook opens: open the Claret pane to start it.`,
      };
}

/** Why a table of a tenant without a stored session waits: the gate shows it as the pause's reason. */
export function notSignedInReason(endpoint: ClaretEndpoint): UserMessage {
  return {
    intent: "warning",
    needsSignIn: true,
    text: `You are not signed in to Claret tenant ${endpoint.tenant} (${endpoint.baseUrl}).`,
  };
}

/** A table of a ribbon Refresh all paused for a sign-in: shown in the pane (or the dialog, where the pane is not). */
export function pausedTableMessage(table: RefreshAllTable, reason: UserMessage): UserMessage {
  return {
    intent: "warning",
    needsSignIn: true,
    text: `${reason.text} ${tableName(table)} waits until you sign in to ${table.endpoint.tenant}, and carries on then; the other tables go on. Cancel in the pane stops it and changes nothing.`,
  };
}

/**
 * Tables an earlier Refresh all (or the refresh at open) left waiting for a sign-in, for the ribbon's next result:
 * named until the planner signs in.
 */
export function stillWaitingMessage(tables: readonly RefreshAllTable[]): UserMessage | null {
  if (tables.length === 0) return null;
  const names = tables.map((t) => `${tableName(t)} (${t.endpoint.tenant})`);
  return {
    intent: "warning",
    polite: true,
    text: `Still waiting for you to sign in: ${names.join(", ")}; refreshed once you sign in to ${[...new Set(tables.map((t) => t.endpoint.tenant))].join(" and ")} in the Claret pane.`,
  };
}

/** The table as the planner knows it: its query, and its sheet when the sheet is not named after the query. */
function tableName(t: RefreshAllTable): string {
  return t.sheetName === t.label ? t.label : `${t.label} (sheet "${t.sheetName}")`;
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

function tableLine(t: RefreshAllTable, outcome: TableOutcome): string {
  const name = tableName(t);
  switch (outcome.kind) {
    case "refreshed": {
      const { notes } = refreshNotes(outcome.result);
      return [`${name}: ${refreshChanges(outcome.result)}.`, ...notes].join(" ");
    }
    case "failed":
      return `${name} failed: ${outcome.message.text}`;
    case "cancelled":
      return `${name}: cancelled — the table was not changed.`;
    case "notRefreshed":
      return `${name}: not refreshed (cancelled before its turn) — the table was not changed.`;
    case "waitingForSignIn":
      return `${name} waits for you to sign in to ${t.endpoint.tenant}; it is refreshed once you do${outcome.earlier ? " (it was paused by an earlier refresh)" : ""}.`;
  }
}

/**
 * Refresh all's result (or its result so far, while tables wait for a sign-in): one line counting the tables, then
 * one per table. Null for a run at open that found no table asking for it (nothing to tell: no pop-up, no message).
 */
export function refreshAllMessage(r: RefreshAllResult): UserMessage | null {
  const n = r.tables.length;
  if (n === 0) return r.atOpen ? null : { intent: "info", text: NO_CLARET_TABLES };
  const of = (kind: TableOutcome["kind"]) => r.tables.filter((t) => t.outcome.kind === kind).length;
  const refreshed = of("refreshed");
  const failed = of("failed");
  const waiting = of("waitingForSignIn");
  const stopped = of("cancelled") + of("notRefreshed");
  const prefix = r.atOpen ? "Refreshed as the workbook opened" : "Refresh all";
  const head =
    refreshed === n
      ? `${prefix}: ${n === 1 ? "the table" : `all ${n} tables`} refreshed.`
      : `${prefix}: ${refreshed} of ${countOf(n, "table")} refreshed` +
        [
          failed > 0 ? `, ${failed} failed` : "",
          waiting > 0 ? `, ${waiting} waiting for a sign-in` : "",
          stopped > 0 ? `, ${stopped} cancelled` : "",
        ].join("") +
        ".";
  const lines = r.tables.map((t) => tableLine(t, t.outcome));
  const warns = r.tables.some(
    (t) => t.outcome.kind === "refreshed" && refreshNotes(t.outcome.result).warn
  );
  const intent: UserMessage["intent"] =
    failed > 0 && refreshed === 0 && waiting === 0
      ? "error"
      : failed > 0 || waiting > 0 || warns
        ? "warning"
        : stopped > 0
          ? "info"
          : "success";
  // one line each: the status region keeps the line breaks; read politely there, whatever each table's outcome
  return { intent, polite: true, text: [head, ...lines.map(sentence)].join("\n") };
}
