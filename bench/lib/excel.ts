// The emulated Excel host with the modelled costs, and what its sync log says.
import { createExcelHost, type ExcelHost } from "../../dev/excel-emulator";
import { loadMicrosoftClientOnInstall } from "../../dev/excel-emulator/node-client";
import type { BenchConfig } from "./config";

// every benchmark drives the host through Microsoft's own Excel client (EXCEL_CLIENT=web for the web build)
loadMicrosoftClientOnInstall();

export type { ExcelHost };

/** What every request of every host of this scenario process measured, folded in as logs are reset. */
const scenarioRequests = {
  maxRequestBytes: 0,
  maxResponseBytes: 0,
  writeBytes: 0,
  cellsWritten: 0,
};
/** for each host, how many records of its current log are folded in */
const folded = new Map<ExcelHost, number>();

function fold(host: ExcelHost): void {
  const log = host.syncLog;
  for (let i = folded.get(host) ?? 0; i < log.length; i++) {
    const s = log[i];
    scenarioRequests.maxRequestBytes = Math.max(scenarioRequests.maxRequestBytes, s.payloadBytes);
    scenarioRequests.maxResponseBytes = Math.max(
      scenarioRequests.maxResponseBytes,
      s.responseBytes
    );
    if (s.cellsWritten > 0) {
      scenarioRequests.writeBytes += s.payloadBytes;
      scenarioRequests.cellsWritten += s.cellsWritten;
    }
  }
  folded.set(host, log.length);
}

/**
 * The scenario's `excel` figures, over every request its hosts answered: the largest request and response as
 * Microsoft's client sent and received them (Excel on the web refuses either over 5,000,000 bytes), and the request
 * bytes per cell written over the requests that wrote cells.
 */
export function excelFigures(): {
  maxRequestBytes: number;
  maxResponseBytes: number;
  requestBytesPerCellWritten: number;
} {
  for (const host of folded.keys()) fold(host);
  const { maxRequestBytes, maxResponseBytes, writeBytes, cellsWritten } = scenarioRequests;
  return {
    maxRequestBytes,
    maxResponseBytes,
    requestBytesPerCellWritten: cellsWritten
      ? Math.round((writeBytes / cellsWritten) * 10) / 10
      : 0,
  };
}

/** A fresh emulated workbook installed on globalThis (Excel, Office, …), each sync() costing what the config says. */
export function installHost(config: BenchConfig): ExcelHost {
  const host = createExcelHost({
    syncCost: {
      perSyncMs: config.perSyncMs,
      perCellCarriedUs: config.perCellCarriedUs,
      perCellCopiedUs: config.perCellCopiedUs,
    },
  });
  // every request counts in the scenario's excel figures, also those of logs a measurement resets
  const reset = host.resetSyncLog.bind(host);
  host.resetSyncLog = () => {
    fold(host);
    reset();
    folded.set(host, 0);
  };
  folded.set(host, 0);
  host.install(globalThis);
  return host;
}

export interface SyncFigures {
  syncs: number;
  /** Σ modelled time of every sync */
  modelledMs: number;
  /** Σ modelled time of the syncs that copied cells inside the workbook (the refresh's swap) */
  copySyncMs: number;
  maxPayloadBytes: number;
  /** the largest response the host answered (Excel on the web refuses over 5,000,000) */
  maxResponseBytes: number;
  /** request bytes, as Microsoft's client sent them, per cell written, over the requests that wrote cells */
  requestBytesPerCellWritten: number;
  /** cells whose values travelled in requests (a single value spread over a range counts once) */
  cellsCarried: number;
  cellsWritten: number;
  cellsCopied: number;
  /** syncs that wrote cells without suspending calculation first */
  writesWithoutCalcSuspended: number;
}

export function syncFigures(host: ExcelHost): SyncFigures {
  const log = host.syncLog;
  let modelledMs = 0;
  let copySyncMs = 0;
  let maxPayloadBytes = 0;
  let maxResponseBytes = 0;
  let writeBytes = 0;
  let cellsCarried = 0;
  let cellsWritten = 0;
  let cellsCopied = 0;
  let writesWithoutCalcSuspended = 0;
  for (const s of log) {
    modelledMs += s.ms;
    if (s.cellsCopied > 0) copySyncMs += s.ms;
    maxPayloadBytes = Math.max(maxPayloadBytes, s.payloadBytes);
    maxResponseBytes = Math.max(maxResponseBytes, s.responseBytes);
    if (s.cellsWritten > 0) writeBytes += s.payloadBytes;
    cellsCarried += s.cellsCarried;
    cellsWritten += s.cellsWritten;
    cellsCopied += s.cellsCopied;
    if (s.cellsWritten > 1000 && !s.calcSuspended) writesWithoutCalcSuspended++;
  }
  return {
    syncs: log.length,
    modelledMs,
    copySyncMs,
    maxPayloadBytes,
    maxResponseBytes,
    requestBytesPerCellWritten: cellsWritten ? writeBytes / cellsWritten : 0,
    cellsCarried,
    cellsWritten,
    cellsCopied,
    writesWithoutCalcSuspended,
  };
}
