// The emulated Excel host with the modelled costs, and what its sync log says.
import { createExcelHost, type ExcelHost } from "../../dev/excel-emulator";
import { loadMicrosoftClientOnInstall } from "../../dev/excel-emulator/node-client";
import type { BenchConfig } from "./config";

// every benchmark drives the host through Microsoft's own Excel client (EXCEL_CLIENT=web for the web build)
loadMicrosoftClientOnInstall();

export type { ExcelHost };

/** A fresh emulated workbook installed on globalThis (Excel, Office, …), each sync() costing what the config says. */
export function installHost(config: BenchConfig): ExcelHost {
  const host = createExcelHost({
    syncCost: {
      perSyncMs: config.perSyncMs,
      perCellWrittenUs: config.perCellWrittenUs,
      perCellCopiedUs: config.perCellCopiedUs,
    },
  });
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
