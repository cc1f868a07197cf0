// Push changes on a 100,000-row pulled table with 50 edited quantities, through the real workflow
// (src/workflows/push/pushChanges.ts: the comparison GETs the stored query while the table is read from
// Excel, the versions are checked again right before sending, one POST, the rows sent re-read and
// written back), the real client over HTTP to the simulator (its own process) and the real adapters
// in the emulator with modelled costs.
//
// Two floors, both measured in the same run. The issue's: the pull floor of the same query (the pull that
// made the table: the larger of its pages' server time and its modelled Excel syncs, as the pull
// scenario defines it), target ≤ 1.1 × that floor plus the one POST (ratioToPullFloorTarget). Ours,
// stricter: the server's time for the comparison's pages alone, since the comparison must see every
// record (an edit can be anywhere, a record can be gone) and the cursor makes the pages strictly
// sequential, while it writes almost nothing to Excel (ratioToTarget, same 1.1 × + POST).
//
// Two placements of the 50 edits: all in one month (a planner revising next month's figures: the
// checks before and after the POST read that month only), and spread over every month of the table
// (each check reads every month touched, so it costs most of a second drain; reported, no target).
import { readClaretTable } from "../../src/excel";
import { compareWithClaret, comparedColumns, type ChangeSet } from "../../src/sales";
import { fetchAllRecords } from "../../src/workflows/claretRecords";
import { pullSales } from "../../src/workflows/pullRefresh/pull";
import { confirmChanges, prepareChanges } from "../../src/workflows/push/pushChanges";
import { readActiveTableQuery } from "../../src/excel/queryStore";
import { readConfig } from "../lib/config";
import { excelFigures, installHost, syncFigures } from "../lib/excel";
import { FULL_QUERY } from "../lib/pullQuery";
import { log, round, runScenario } from "../lib/report";
import { startSimProcess, type ServerTiming } from "../lib/simProcess";

const EDITS = 50;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const gets = (t: ServerTiming[]) =>
  t.filter((r) => r.method === "GET" && r.path.endsWith("/sales"));
const posts = (t: ServerTiming[]) =>
  t.filter((r) => r.method === "POST" && r.path.endsWith("/sales"));

async function main() {
  const config = readConfig();
  const sim = await startSimProcess({ records: config.records, latencyMs: config.latencyMs });
  try {
    const host = installHost(config);
    await sim.takeTimings();
    const pulled = await pullSales(sim.session, FULL_QUERY);
    // the pull floor of this query, as the pull scenario defines it (its pages or its syncs, whichever is longer)
    const pullPagesMs = sum(gets(await sim.takeTimings()).map((t) => t.ms));
    const pullSyncsMs = syncFigures(host).modelledMs;
    const pullFloorMs = Math.max(pullPagesMs, pullSyncsMs);
    const active = (await readActiveTableQuery())!;
    log(`pulled ${pulled.rowCount} rows into ${pulled.tableName}`);

    // Client CPU (process.cpuUsage, not wall time: the machine may be busy) of the comparison alone:
    // compareWithClaret on the table as read and the records as fetched, its first (cold) call in
    // the process, then warm.
    const t0 = performance.now();
    // read as the comparison reads it: the compared columns only (tableReadMs: in answers of up to 5 MB)
    const table = await readClaretTable(active.sheetName, active.tableId, {
      columns: comparedColumns,
    });
    const tableReadMs = performance.now() - t0;
    await sim.takeTimings();
    const f0 = performance.now();
    const records = await fetchAllRecords(sim.session, FULL_QUERY);
    const fetchAloneMs = performance.now() - f0;
    const fetchAloneFloorMs = sum(gets(await sim.takeTimings()).map((t) => t.ms));
    log(
      `table read alone ${round(tableReadMs)} ms; fetch alone ${round(fetchAloneMs)} ms against its floor ${round(fetchAloneFloorMs)} ms`
    );
    const quantity = table.headers.indexOf("quantity");
    const sellDate = table.headers.indexOf("sell_date");
    const noDetail = () => ({ types: [], formats: [] });
    const cpu = (f: () => unknown) => {
      const u0 = process.cpuUsage();
      f();
      const u = process.cpuUsage(u0);
      return (u.user + u.system) / 1000;
    };
    let unchanged: ChangeSet | null = null;
    const comparisonCpuMs = cpu(
      () => (unchanged = compareWithClaret(table, records).finish(noDetail))
    );
    const comparisonWarmMs = cpu(() => compareWithClaret(table, records).finish(noDetail));
    const differ = (unchanged as ChangeSet | null)?.changes.length;
    if (differ !== 0)
      throw new Error(`A table just pulled should compare unchanged; ${differ} rows differ.`);

    // the rows of the last month, and rows spread evenly over the table (it is in id order, so every month)
    const lastMonth = Math.max(...table.values.map((r) => Number(r[sellDate])));
    const monthRows = table.values
      .map((r, i) => (Number(r[sellDate]) === lastMonth ? i : -1))
      .filter((i) => i >= 0);
    const oneMonth = Array.from(
      { length: EDITS },
      (_, k) => monthRows[Math.floor((k * monthRows.length) / EDITS)]
    );
    const spread = Array.from(
      { length: EDITS },
      (_, k) => Math.floor((k * table.values.length) / EDITS) + 1
    );

    const run = async (rows: number[], label: string) => {
      await Excel.run(async (context) => {
        const body = context.workbook.tables.getItem(pulled.tableName).getDataBodyRange();
        rows.forEach((r, k) => {
          body.getCell(r, quantity).values = [[1_000_000 + k]];
        });
        await context.sync();
      });
      await sim.takeTimings();
      const p0 = performance.now();
      const preview = await prepareChanges(sim.session);
      const prepareMs = performance.now() - p0;
      const comparing = await sim.takeTimings();
      const s0 = performance.now();
      const summary = await confirmChanges(preview, sim.session, {
        createMissingLinks: false,
        conflictChoices: {},
        sendKeyChanges: false,
      });
      const confirmMs = performance.now() - s0;
      const sending = await sim.takeTimings();
      const again = await prepareChanges(sim.session);
      const floorMs = sum(gets(comparing).map((t) => t.ms));
      const postMs = sum(posts(sending).map((t) => t.ms));
      const wallMs = prepareMs + confirmMs;
      const targetMs = 1.1 * floorMs + postMs;
      const pullFloorTargetMs = 1.1 * pullFloorMs + postMs;
      log(
        `${label}: ${summary.sentence} wall ${round(wallMs)} ms (compare ${round(prepareMs)}, confirm ${round(confirmMs)}); floor ${round(floorMs)} ms over ${gets(comparing).length} pages, POST ${round(postMs)} ms, checks ${gets(sending).length} pages; second push finds ${again.rows.length}`
      );
      return {
        wallMs: round(wallMs),
        prepareMs: round(prepareMs),
        confirmMs: round(confirmMs),
        floorMs: round(floorMs),
        floorPages: gets(comparing).length,
        postMs: round(postMs),
        checkPages: gets(sending).length,
        checkMs: round(sum(gets(sending).map((t) => t.ms))),
        ratioToTarget: round(wallMs / targetMs, 3),
        ratioToPullFloorTarget: round(wallMs / pullFloorTargetMs, 3),
        posts: posts(sending).length,
        sent: summary.sent,
        secondPushFinds: again.rows.length,
      };
    };

    const month = await run(oneMonth, "50 edits in one month");
    const spreadOut = await run(spread, "50 edits spread over every month");
    return {
      excel: excelFigures(),
      rows: pulled.rowCount,
      edits: EDITS,
      comparisonCpuMs: round(comparisonCpuMs, 1),
      comparisonWarmMs: round(comparisonWarmMs, 1),
      tableReadMs: round(tableReadMs),
      fetchAloneMs: round(fetchAloneMs),
      fetchAloneFloorMs: round(fetchAloneFloorMs),
      wallMs: month.wallMs,
      floorMs: month.floorMs,
      floorPages: month.floorPages,
      postMs: month.postMs,
      ratioToTarget: month.ratioToTarget,
      pullFloorMs: round(pullFloorMs),
      pullFloorBoundBy: pullSyncsMs >= pullPagesMs ? "syncs" : "pages",
      ratioToPullFloorTarget: month.ratioToPullFloorTarget,
      posts: month.posts,
      recordsSent: month.sent,
      secondPushFinds: month.secondPushFinds,
      oneMonth: month,
      spread: spreadOut,
      spreadRatioToTarget: spreadOut.ratioToTarget,
    };
  } finally {
    await sim.stop();
  }
}

runScenario(main);
