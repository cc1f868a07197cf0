// The Office.js adapters: the staged pull and refresh, the stored query, reading the selection for a push.
export { addinStorage, type KeyValueStorage } from "./addinStorage";
export { MAX_ROWS } from "./cells";
export { queueSuspendCalculation } from "./calculation";
export { readDateSystem, type DateSystem } from "./dateSystem";
export {
  blockAddress,
  columnLetter,
  sheetBaseName,
  tableBaseName,
  uniqueSheetName,
  uniqueTableName,
} from "./names";
export {
  parseStoredQuery,
  queryPropertyKey,
  readActiveTableQuery,
  readClaretTables,
  serializeStoredQuery,
  storeRefreshOnOpen,
  type ActiveTableQuery,
  type ClaretTableRef,
  type StoredQuery,
} from "./queryStore";
export { readStructure, type StructureState } from "./protection";
export { StagingSheet, type CellValue, type StagingColumn } from "./stagingSheet";
export {
  swapIntoNewTable,
  TableSwapError,
  type NewTableRequest,
  type TableResult,
} from "./tableSwap";
export {
  readOwnValues,
  readTableCells,
  readTableShape,
  readTableState,
  type FilterState,
  type TableShape,
  type TableState,
} from "./tableRead";
export { TableChangedError, type TableChange } from "./tableCheck";
export {
  applyRefresh,
  RefreshApplyError,
  REMOVED_SHEET,
  sheetsNeeded,
  type ApplyResult,
  type SheetsNeeded,
  type RemovedRowInfo,
} from "./refreshApply";
export { readSelection, selectCell, SelectionError, type SelectionContents } from "./selection";
export {
  activateTable,
  completeRows,
  readClaretTable,
  readRowDetails,
  writeTableRows,
  type ClaretTableCells,
  type RowWithDetail,
  type RowWrite,
  type WriteBackResult,
} from "./claretTable";
export {
  appendPushLog,
  pushLogNeedsSheet,
  readPushLog,
  PUSH_LOG_HEADERS,
  PUSH_LOG_SHEET,
  PUSH_LOG_TABLE,
  type PushLogAction,
  type PushLogOutcome,
  type PushLogRow,
} from "./pushLog";
