// The pure sales domain: record ⇄ row, the column layout, Excel date serials, push validation.
// No I/O here; src/excel and src/workflows build on it.

export * from "./columns";
export * from "./excelDates";
export * from "./numbers";
export * from "./rows";
export * from "./pushMapping";
export * from "./pushValidation";
export * from "./problemGroups";
export * from "./pushChanges";
export * from "./recordKey";
export * from "./headers";
export * from "./sortOrder";
export * from "./refreshPlan";
