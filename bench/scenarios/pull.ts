// Scenario "pull": the measurement is bench/measure/pull.ts, run on the product compiled as it ships (bench/lib/compiled.ts).
import { runCompiled } from "../lib/compiled";

runCompiled("pull");
