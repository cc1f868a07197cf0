// The emulated Excel host with the modelled costs, and what its sync log says.
import { createExcelHost, type ExcelHost } from "../../dev/excel-emulator";
import type { BenchConfig } from "./config";

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
  let cellsWritten = 0;
  let cellsCopied = 0;
  let writesWithoutCalcSuspended = 0;
  for (const s of log) {
    modelledMs += s.ms;
    if (s.cellsCopied > 0) copySyncMs += s.ms;
    maxPayloadBytes = Math.max(maxPayloadBytes, s.payloadBytes);
    cellsWritten += s.cellsWritten;
    cellsCopied += s.cellsCopied;
    if (s.cellsWritten > 1000 && !s.calcSuspended) writesWithoutCalcSuspended++;
  }
  return {
    syncs: log.length,
    modelledMs,
    copySyncMs,
    maxPayloadBytes,
    cellsWritten,
    cellsCopied,
    writesWithoutCalcSuspended,
  };
}
