// Whether Excel is holding the add-in's work until the planner leaves a cell, as data for the UI (which only
// imports workflows); the sentence is cellEditWaitMessage (cellEditMessages.ts).
export { onCellEditWait, waitingForCellEdit } from "../excel/cellEditWait";
