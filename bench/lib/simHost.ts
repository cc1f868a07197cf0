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
    } else if (line.trim() === "exit") break;
  }
  await server.close();
  process.exit(0);
}

void main();
