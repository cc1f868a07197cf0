// Scenario "push": the measurement is bench/measure/push.ts, run on the product compiled as it ships (bench/lib/compiled.ts).
import { runCompiled } from "../lib/compiled";

runCompiled("push");
