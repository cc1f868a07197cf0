// The Claret simulator in a process of its own, so that its CPU (building and serialising pages) is never counted as
// the client's. It times every request on the server side, from arrival to the last byte handed to the socket
// (the modelled latency included), which gives the page floor: the client cannot have page N+1 before the server has
// produced it, and the cursor makes pages strictly sequential.
//
// Protocol: prints one JSON line {url, tenant, token} once listening; then answers each line "stats" on stdin with one
// JSON line {requests: [{method, path, status, ms}]} (the requests since the last "stats"); exits on "exit" or EOF.
import { createInterface } from "node:readline";
import { DEMO_EMAIL, DEMO_PASSWORD, DEMO_TENANT } from "../../dev/claret-sim";
import { SimulatorServer } from "../../dev/claret-sim/server";
import { SalesStore } from "../../dev/claret-sim/store";

interface Timed {
  method: string;
  path: string;
  status: number;
  ms: number;
}

/**
 * Claret changes between a pull and a refresh, for refresh.changedOnePercent: every n-th History record gets a new
 * quantity, every m-th is deleted, and new records are added (on items × customer groups × months not yet used, so
 * they are new records, not updates).
 */
function churn(store: SalesStore, changed: number, added: number, removed: number) {
  const all = store.all("History", false);
  const pick = (fraction: number, offset: number) =>
    fraction <= 0
      ? []
      : all.filter((_, i) => i % Math.round(1 / fraction) === offset).map((r) => r.id);
  const changedIds = pick(changed, 1);
  const removedIds = pick(removed, 5).filter((id) => !changedIds.includes(id));
  store.setQuantities(
    "History",
    changedIds.map((id, i) => ({ id, quantity: 1000 + i }))
  );
  store.deleteRecords("History", removedIds);
  const want = Math.round(all.length * added);
  const records = Array.from({ length: want }, (_, i) => ({
    item_name: `Bench New Item ${i % 10}`,
    customer_group_name: `Bench New Group ${Math.floor(i / 10) % 10}`,
    sell_date: `${2020 + (Math.floor(i / 100) % 5)}-${String((i % 12) + 1).padStart(2, "0")}-01`,
    quantity: 5 + i,
  }));
  store.insertRecords("History", records);
  return { changed: changedIds.length, removed: removedIds.length, added: records.length };
}

async function main() {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const store = new SalesStore({
    records: arg("records", 2222),
    forecastRecords: 480,
    budgetRecords: 240,
    seed: 20240601,
  });
  const server = new SimulatorServer(store, {
    tenant: DEMO_TENANT,
    logins: [{ email: DEMO_EMAIL, password: DEMO_PASSWORD }],
    latencyMs: arg("latency", 0),
  });
  let timed: Timed[] = [];
  server.http.on("request", (req, res) => {
    const start = process.hrtime.bigint();
    res.on("finish", () => {
      timed.push({
        method: req.method ?? "",
        path: (req.url ?? "").split("?")[0],
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - start) / 1e6,
      });
    });
  });
  const port = await server.listen(0);
  process.stdout.write(
    `${JSON.stringify({ url: `http://127.0.0.1:${port}`, tenant: DEMO_TENANT, token: server.tokens.issue(DEMO_TENANT) })}\n`
  );
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line.trim() === "stats") {
      process.stdout.write(`${JSON.stringify({ requests: timed })}\n`);
      timed = [];
      // the simulator's own request log (for tests) would otherwise grow for the whole run: a load run adds
      // ~100,000 entries, whose heap slows every later run of the same process
      server.requests.length = 0;
    } else if (line.trim().startsWith("churn ")) {
      // churn <changed> <added> <removed>: fractions of the History records, spread evenly, deterministic
      const [changed, added, removed] = line.trim().split(/\s+/).slice(1).map(Number);
      process.stdout.write(`${JSON.stringify(churn(store, changed, added, removed))}\n`);
    } else if (line.trim() === "exit") break;
  }
  await server.close();
  process.exit(0);
}

void main();
