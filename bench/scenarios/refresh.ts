// Scenario "refresh": the measurement is bench/measure/refresh.ts, run on the product compiled as it ships (bench/lib/compiled.ts).
import { runCompiled } from "../lib/compiled";

runCompiled("refresh");
