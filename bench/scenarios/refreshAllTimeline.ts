// Diagnostic "refreshAllTimeline" (not a figure): bench/measure/refreshAllTimeline.ts on the product compiled as it ships.
import { runCompiled } from "../lib/compiled";

runCompiled("refreshAllTimeline");
