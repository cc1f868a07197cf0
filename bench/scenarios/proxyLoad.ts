// Scenario "proxyLoad": the measurement is bench/measure/proxyLoad.ts, run on the product compiled as it ships (bench/lib/compiled.ts).
import { runCompiled } from "../lib/compiled";

runCompiled("proxyLoad");
