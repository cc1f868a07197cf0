// Scenario "proxy": the measurement is bench/measure/proxy.ts, run on the product compiled as it ships (bench/lib/compiled.ts).
import { runCompiled } from "../lib/compiled";

runCompiled("proxy");
