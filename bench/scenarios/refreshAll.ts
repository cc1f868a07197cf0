// Scenario "refreshAll": the measurement is bench/measure/refreshAll.ts, run on the product compiled as it ships (bench/lib/compiled.ts).
import { runCompiled } from "../lib/compiled";

runCompiled("refreshAll");
