// Push of 10,000 rows: a pulled table's first 10,000 data rows are selected, read and validated by the real code
// (src/excel/selection.ts, src/sales/pushValidation.ts, src/workflows/push/push.ts), then posted to the simulator.
// push.validateMs is validatePushSelection on the rows as read from the workbook, the first (cold) call in the
// process: what a planner waits for after the selection has been read.
import { blockAddress } from "../../src/excel/names";
import { readSelection } from "../../src/excel/selection";
import { validatePushSelection } from "../../src/sales";
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { confirmPush, preparePush } from "../../src/workflows/push/push";
import { readConfig } from "../lib/config";
import { profileCpu } from "../lib/cpuProfile";
import { excelFigures, installHost } from "../lib/excel";
import { log, median, round, runScenario } from "../lib/report";
import { startSimProcess } from "../lib/simProcess";

async function main() {
  const config = readConfig();
  const rows = config.pushRows;
  const sim = await startSimProcess({ records: rows + 222, latencyMs: config.latencyMs });
  try {
    installHost(config);
    const pulled = await pullSales(sim.session, {
      saleTypeName: "History",
      startDate: "2020-01-01",
      durationDays: 1826,
      includeHierarchy: false,
    });
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(pulled.sheetName);
      sheet.activate();
      sheet.getRange(blockAddress(0, 0, 1 + rows, pulled.columns.length)).select();
      await context.sync();
    });

    const r0 = performance.now();
    const selection = await readSelection();
    const readMs = performance.now() - r0;
    const v0 = performance.now();
    const validation = validatePushSelection(selection);
    const validateMs = performance.now() - v0;
    if (validation.rows.length !== rows) {
      throw new Error(
        `Validation found ${validation.rows.length} rows to send of ${rows}: ${validation.errors
          .slice(0, 3)
          .map((e) => e.message)
          .join(" | ")}`
      );
    }
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      validatePushSelection(selection);
      warm.push(performance.now() - t);
    }
    const profiled = await profileCpu(async () => validatePushSelection(selection), 100);
    log(
      `read ${round(readMs)} ms, validate ${round(validateMs)} ms cold, ${round(median(warm))} ms warm`
    );

    const p0 = performance.now();
    const preview = await preparePush();
    const prepareMs = performance.now() - p0;
    await sim.takeTimings();
    const c0 = performance.now();
    const summary = await confirmPush(preview, sim.session, {
      saleTypeName: "History",
      createMissingLinks: false,
    });
    const confirmMs = performance.now() - c0;
    const posts = (await sim.takeTimings()).filter(
      (r) => r.method === "POST" && r.path.endsWith("/sales")
    );
    log(`push: ${summary.sentence}`);
    return {
      excel: excelFigures(),
      rows,
      validateMs: round(validateMs, 2),
      validateWarmMedianMs: round(median(warm), 2),
      readSelectionMs: round(readMs),
      prepareMs: round(prepareMs),
      confirmMs: round(confirmMs),
      requests: posts.length,
      sent: summary.sent,
      refused: summary.refused,
      unknown: summary.unknown,
      warnings: preview.warnings.length,
      validateHotspots: profiled.breakdown.hotspots.slice(0, 8),
    };
  } finally {
    await sim.stop();
  }
}

runScenario(main);
