// Diagnostic, not a figure (npm run bench does not run it): bench/measure/refreshTimeline.ts on the compiled product.
import { runCompiled } from "../lib/compiled";

runCompiled("refreshTimeline");
