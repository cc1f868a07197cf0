// Refresh all: every Claret table of the workbook (found through its stored query), one after another, each with
// the keyed refresh of refresh.ts and so each whole or unchanged on its own; one that fails does not stop the others.
// A table whose tenant needs a sign-in (no session stored, or its session ended mid-drain) waits in the sign-in gate,
// named, while the others go on, and carries on after the sign-in. Claret's contract names no rate limit, so at most
// one drain is in flight at a time (the lane, shared by every run): a table holds it from its first page to its last
// (and any lookup outside its window). The next table reads its cells while the one before drains, and drains while
// Excel applies the one before; the tables' changes are applied one at a time (they may share "Removed by refresh").
import { ClaretAbortedError } from "../../claret";
import { sheetBaseName, type ClaretTableRef } from "../../excel";
import { readClaretTables } from "../../excel/queryStore";
import type {
  ClaretEndpoint,
  ClaretSession,
  DrainProgress,
  RefreshAllResult,
  RefreshAllStep,
  RefreshAllTable,
  RetryPolicy,
  TableOutcome,
  UserMessage,
} from "../api";
import { isAbortError, toUserMessage, WorkflowError } from "../messages";
import { notSignedInReason, REFRESH_ALL_RUNNING } from "./refreshAllMessages";
import { refreshTable } from "./refresh";
import { signInGate, type SignInGate } from "../signIn/signInGate";

export type { RefreshAllResult, RefreshAllStep, RefreshAllTable, TableOutcome };
import { sessionFor as storedSessionFor } from "../signIn/storedSession";

export interface RefreshAllOptions {
  signal?: AbortSignal;
  /** the table draining now, and its records so far */
  onProgress?: (progress: DrainProgress, step: RefreshAllStep) => void;
  /** a table paused for a sign-in (the ribbon tells the planner; the run at open tells nobody: no pop-up) */
  onPaused?: (table: RefreshAllTable, reason: UserMessage) => void;
  /**
   * Every table is done but some wait for a sign-in: the result so far (they read waitingForSignIn). Called each
   * time the run comes to that point; the final result comes when the last of them ends.
   */
  onWaiting?: (soFar: RefreshAllResult) => void;
  /** only the tables that ask to be refreshed when the workbook opens */
  atOpen?: boolean;
  /** the id of the run (newWorkId); a paused table waits in the gate as `<id>/<index>` */
  workId?: string;
  /** where paused tables wait (default: the one gate of the pane and the ribbon) */
  gate?: Pick<SignInGate, "waitForSignIn" | "cancel">;
  /** the session of a tenant (default: the one stored by the sign-in) */
  sessionFor?: (endpoint: ClaretEndpoint) => Promise<ClaretSession | null>;
  retry?: Partial<RetryPolicy>;
}

/** One drain at a time across every run: a FIFO lock. */
class Lane {
  private busy = false;
  private readonly queue: Array<() => void> = [];
  acquire(): Promise<void> {
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }
  release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.busy = false;
  }
}

const lane = new Lane();
/** One table's changes applied at a time (the next may drain meanwhile): they may share "Removed by refresh". */
const applying = new Lane();
/** Tables paused for a sign-in by any run, by table id: a later run names them instead of starting them again. */
const waiting = new Map<string, RefreshAllTable>();
/** How each table's last refresh by any run ended, by table id: a run that named a table as waiting reports it. */
const settled = new Map<string, TableOutcome>();
/** Runs that have tables left to start or refreshing (one waiting only for sign-ins does not count). */
let busyRuns = 0;

/** The tables paused for a sign-in now (by any run), for the ribbon's next result. */
export function tablesWaitingForSignIn(): RefreshAllTable[] {
  return [...waiting.values()];
}

/** The label of a table's query: the same words a pull names its sheet with, e.g. "History 2021-01-01 730d". */
export function tableLabel(table: { stored: Pick<ClaretTableRef["stored"], "query"> }): string {
  return sheetBaseName(table.stored.query);
}

/** The Claret tables Refresh all would refresh (`atOpen`: those that ask to be refreshed when the workbook opens). */
export async function claretTables(atOpen = false): Promise<ClaretTableRef[]> {
  const tables = await readClaretTables();
  return atOpen ? tables.filter((t) => t.stored.refreshOnOpen === true) : tables;
}

/**
 * Refreshes every Claret table of the workbook (or, `atOpen`, those that ask for it), one after another. Never
 * throws for one table's failure: the result says how each ended. Throws only when the tables cannot be read, or
 * when another Refresh all is still going through its tables (REFRESH_ALL_RUNNING).
 */
export async function refreshAll(opts: RefreshAllOptions = {}): Promise<RefreshAllResult> {
  if (busyRuns > 0) throw new WorkflowError(REFRESH_ALL_RUNNING, { intent: "info" });
  let busy = true;
  busyRuns++;
  const setBusy = (now: boolean) => {
    if (now === busy) return;
    busy = now;
    busyRuns += now ? 1 : -1;
  };
  let refs: ClaretTableRef[];
  try {
    refs = await claretTables(opts.atOpen);
  } catch (error) {
    setBusy(false);
    throw error;
  }
  const { signal, gate = signInGate, sessionFor = storedSessionFor } = opts;
  const workId = opts.workId ?? "refresh-all";
  const tables: RefreshAllTable[] = refs.map((t, i) => ({
    index: i + 1,
    sheetName: t.sheetName,
    tableName: t.tableName,
    tableId: t.tableId,
    endpoint: t.stored.endpoint,
    label: tableLabel(t),
  }));
  const outcomes: Array<TableOutcome | null> = tables.map(() => null);
  const pausedHere = new Set<number>();
  // each table's own Cancel: the run's, and its paused entry's in the gate (which stops it alone)
  const controllers = tables.map(() => new AbortController());
  const cancelAll = () => {
    for (const c of controllers) c.abort();
    for (const i of pausedHere) gate.cancel(`${workId}/${i + 1}`);
  };
  signal?.addEventListener("abort", cancelAll);
  if (signal?.aborted) cancelAll();

  const outcomeOf = (t: RefreshAllTable, i: number): TableOutcome => {
    const own = outcomes[i];
    // a table an earlier run paused: still waiting, or how that run's refresh of it ended since
    if (own?.kind === "waitingForSignIn" && own.earlier && !waiting.has(t.tableId))
      return settled.get(t.tableId) ?? { kind: "notRefreshed" };
    return own ?? { kind: pausedHere.has(i) ? "waitingForSignIn" : "notRefreshed" };
  };
  const snapshot = (): RefreshAllResult => ({
    tables: tables.map((t, i) => ({ ...t, outcome: outcomeOf(t, i) })),
    cancelled: signal?.aborted === true,
    atOpen: opts.atOpen === true,
  });
  let started = 0;
  let reported = "";
  /** when every table is done or waiting, and some wait: the result so far (once per set of waiting tables) */
  const maybeWaiting = () => {
    if (started < tables.length || pausedHere.size === 0) return;
    if (tables.some((_, i) => outcomes[i] === null && !pausedHere.has(i))) return;
    const key = [...pausedHere].sort().join(",");
    if (key === reported) return;
    reported = key;
    setBusy(false); // the run now waits only for sign-ins: another Refresh all may start
    opts.onWaiting?.(snapshot());
  };

  /** tables that waited for a sign-in were under way: Cancel stopped them, they did not merely miss their turn */
  const waitedForSignIn = new Set<number>();
  /**
   * One table's refresh. `myTurn` is called once it holds the lane (its drain starts) or can no longer take it (it
   * ended, or paused before): then the loop starts the next table, which reads its table meanwhile and waits for the
   * lane at its own drain.
   */
  const runTable = async (i: number, myTurn: () => void): Promise<void> => {
    const table = tables[i];
    const id = `${workId}/${table.index}`;
    const own = controllers[i];
    let holding = false; // the lane
    let writing = false; // the apply lane
    let drained = false; // it has held the lane: a cancel now stops its refresh, not its turn
    const step = { index: table.index, of: tables.length, label: table.label };
    const release = () => {
      if (!holding) return;
      holding = false;
      lane.release();
    };
    /** pauses the table in the gate (the lane is free meanwhile); the session after the sign-in, or null */
    const pause = async (reason: UserMessage): Promise<ClaretSession | null> => {
      if (own.signal.aborted) return null;
      const midDrain = holding;
      pausedHere.add(i);
      waitedForSignIn.add(i);
      waiting.set(table.tableId, table);
      release();
      myTurn();
      // in the gate first, so whoever hears of the pause (onPaused, onWaiting) finds it there
      const signedIn = gate.waitForSignIn({
        id,
        label: `Refreshing ${table.label}`,
        endpoint: table.endpoint,
        reason,
      });
      opts.onPaused?.(table, reason);
      maybeWaiting();
      const fresh = await signedIn;
      pausedHere.delete(i);
      waiting.delete(table.tableId);
      if (!fresh) {
        own.abort(); // its Cancel in the paused list (or the run's): a cancel, not a failed sign-in
        return null;
      }
      setBusy(true); // going through tables again
      reported = "";
      if (midDrain) {
        await lane.acquire(); // its drain carries on from its cursor, one drain at a time still
        holding = true;
      }
      if (own.signal.aborted) return null;
      return fresh;
    };
    try {
      let session = await sessionFor(table.endpoint);
      if (!session) session = await pause(notSignedInReason(table.endpoint));
      if (!session) throw new ClaretAbortedError();
      const result = await refreshTable(session, refs[i], {
        signal: own.signal,
        retry: opts.retry,
        onProgress: (progress) => opts.onProgress?.(progress, step),
        reauthenticate: pause,
        // its table is read: its drain waits for the one before it to have every page
        beforeDrain: async () => {
          await lane.acquire();
          holding = true;
          myTurn();
          if (own.signal.aborted) throw new ClaretAbortedError();
          drained = true;
        },
        // its pages are in: the next table's drain may start while Excel applies this one, after the one before
        afterDrain: async () => {
          release();
          await applying.acquire();
          writing = true;
        },
      });
      outcomes[i] = { kind: "refreshed", result };
    } catch (error) {
      outcomes[i] = !isAbortError(error)
        ? { kind: "failed", message: toUserMessage(error) }
        : drained || waitedForSignIn.has(i)
          ? { kind: "cancelled" }
          : { kind: "notRefreshed" };
    } finally {
      settled.set(table.tableId, outcomes[i]!);
      release();
      if (writing) applying.release();
      myTurn();
      maybeWaiting();
    }
  };
  const runs: Promise<void>[] = [];
  try {
    for (let i = 0; i < tables.length; i++) {
      const earlier = waiting.get(tables[i].tableId);
      if (earlier) {
        // paused by an earlier run: that run carries it on after the sign-in
        outcomes[i] = { kind: "waitingForSignIn", earlier: true };
        started++;
        continue;
      }
      if (controllers[i].signal.aborted) {
        outcomes[i] = { kind: "notRefreshed" };
        started++;
        continue;
      }
      let turn!: () => void;
      const taken = new Promise<void>((resolve) => (turn = resolve));
      started++;
      runs.push(runTable(i, turn));
      await taken; // the table before the next one holds the lane, or is done with it
    }
    maybeWaiting();
    await Promise.all(runs);
    return snapshot();
  } finally {
    setBusy(false);
    signal?.removeEventListener("abort", cancelAll);
  }
}
