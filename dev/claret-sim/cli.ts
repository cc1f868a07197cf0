// `npm run sim -- --port P --records N [--latency MS] [--fault SPEC]…` — serve the demo tenant (or --tenant T).
// Prints exactly one line with the URL once listening; stops cleanly on SIGINT/SIGTERM.

import { parseArgs } from "node:util";
import { parseFaultSpec, startSimulator, type FaultRule } from "./index";

const HELP = `Claret simulator — a local stand-in for the Claret API (tenant "demo").

Usage: npm run sim -- [options]

  --port P              port on 127.0.0.1 (default 3001; 0 = any free port)
  --records N           History records, sell_date 2020-01-01 … 2024-12-01 (default 2222)
  --forecast-records N  Forecast records, 2024-01 … 2025-12 (default 480)
  --budget-records N    Budget records, 2025-01 … 2025-12 (default 240)
  --latency MS          added to every request (default: $SIM_LATENCY_MS or 0)
  --seed S              seed of the demo data (default 20240601)
  --tenant T            the tenant served (default demo): a second simulator with another
                        tenant stands for a second Claret tenant
  --cors on|off         off: answer no CORS at all, like a Claret that does not allow the
                        add-in's origin (default on: loopback origins allowed)
  --fault SPEC          a fault rule; repeat for more
  --help                this text

Login: planner@demo.test / demo

Fault SPEC: ROUTE[@WHEN]=KIND[:ARG][,retry-after:VALUE]
  ROUTE  "GET /sales" | "POST /sales" | "POST /tokens" | "*"
  WHEN   3      the 3rd matching request        2/4/6  those requests
         3+     the 3rd on                      3+x2   the 3rd on, twice in all
         (none) every matching request
  KIND   latency:MS            slow answer
         status:CODE           408, 429, 500, 502, 503 or 504, optionally ,retry-after:SECONDS or an HTTP date
         reset                 send the head and half the body, then reset the connection
         malformed-json        a 200 whose JSON body is cut short
         token-expired         expire the request's token: 401 (302 without X-Requested-With);
                               a token issued after the fault first fired is not affected
         repeat-cursor         next_index repeats the current_index asked with
         cursor-backwards      next_index is current_index - 1 (0 on the first page)
         empty-page-with-next  a page without records whose next_index is not null
         duplicate-record      off-by-one keyset (id >= current_index): a page after the
                               first starts with the previous page's last record again
         lying-total:N         "total" says N
         decoy-next-index      the answer ends with links: {next_index: current_index + 1}
         hang                  never answer
Examples:
  --fault "GET /sales@2=status:503,retry-after:1"
  --fault "GET /sales@2+=token-expired"
  --fault "*=latency:150"
`;

function main(): void {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string", default: "3001" },
        records: { type: "string" },
        "forecast-records": { type: "string" },
        "budget-records": { type: "string" },
        latency: { type: "string" },
        seed: { type: "string" },
        cors: { type: "string", default: "on" },
        tenant: { type: "string" },
        fault: { type: "string", multiple: true },
        help: { type: "boolean" },
      },
    }));
  } catch (err) {
    fail(`${(err as Error).message}\nRun with --help for the options.`);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const int = (v: string | undefined, name: string): number | undefined => {
    if (v === undefined || v === "") return undefined;
    if (!/^\d+$/.test(v)) fail(`${name} must be a whole number, got "${v}".`);
    return Number(v);
  };
  let faults: FaultRule[] = [];
  try {
    faults = (values.fault ?? []).map(parseFaultSpec);
  } catch (err) {
    fail((err as Error).message);
  }
  const port = int(values.port, "--port") ?? 3001;
  if (values.cors !== "on" && values.cors !== "off")
    fail(`--cors must be "on" or "off", got "${values.cors}".`);
  startSimulator({
    port,
    records: int(values.records, "--records"),
    forecastRecords: int(values["forecast-records"], "--forecast-records"),
    budgetRecords: int(values["budget-records"], "--budget-records"),
    latencyMs:
      int(values.latency, "--latency") ?? int(process.env.SIM_LATENCY_MS, "SIM_LATENCY_MS"),
    seed: int(values.seed, "--seed"),
    cors: values.cors === "on",
    tenant: values.tenant,
  }).then(
    (sim) => {
      for (const f of faults) sim.faults.add(f);
      process.stdout.write(
        `Claret simulator listening on ${sim.url} — tenant ${sim.tenant}, login ${sim.email} / ${sim.password}\n`
      );
      if (faults.length > 0) process.stderr.write(`faults: ${(values.fault ?? []).join("; ")}\n`);
      if (values.cors === "off") process.stderr.write("CORS off: browsers will block every call\n");
      const stop = () => {
        sim.close().then(() => process.exit(0));
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    },
    (err: NodeJS.ErrnoException) => {
      fail(
        err.code === "EADDRINUSE"
          ? `Port ${port} on 127.0.0.1 is in use; choose another with --port.`
          : err.message
      );
    }
  );
}

function fail(message: string): never {
  process.stderr.write(`claret-sim: ${message}\n`);
  process.exit(1);
}

main();
