// Scenario "pushChanges": the measurement is bench/measure/pushChanges.ts, run on the product compiled as it ships (bench/lib/compiled.ts).
import { runCompiled } from "../lib/compiled";

runCompiled("pushChanges");
