// Prints one plain closing line, "tests: N passed, N failed, N skipped", as the very last line of
// the run (after jest's own summary), so a CI log ends with a count any reader can pick up. A test
// file that could not even run (a syntax error, a failing beforeAll) counts as a failure.
const { writeSync } = require("node:fs");

class ClosingLineReporter {
  onRunComplete(_contexts, r) {
    const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
    const line = `tests: ${r.numPassedTests} passed, ${failed} failed, ${r.numPendingTests + r.numTodoTests} skipped\n`;
    process.once("exit", () => writeSync(1, line));
  }
}
module.exports = ClosingLineReporter;
