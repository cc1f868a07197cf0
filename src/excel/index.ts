// The Office.js adapters for pulling and refreshing (the push engineer's selection.ts and cells.ts are imported by path).
export { queueSuspendCalculation } from './calculation';
export { readDateSystem, type DateSystem } from './dateSystem';
export { blockAddress, columnLetter, sheetBaseName, tableBaseName, uniqueSheetName, uniqueTableName } from './names';
export { parseStoredQuery, queryPropertyKey, readActiveTableQuery, serializeStoredQuery, type ActiveTableQuery, type StoredQuery } from './queryStore';
export { chunkRowsByBytes, estimateRowBytes, REQUEST_DATA_BUDGET_BYTES, SHEET_ROWS, StagingSheet, type CellValue, type StagingColumn } from './stagingSheet';
export { readTablePlacement, swapIntoExistingTable, swapIntoNewTable, TableSwapError, type ExistingTable, type NewTableRequest, type SwapResult, type TablePlacement } from './tableSwap';
