// Where the client's CPU goes during a pull, from V8's sampling profiler (node:inspector). Each sample is charged to
// the innermost frame that belongs to a file, so a builtin (JSON.parse, Array.prototype.map) counts for the code that
// called it: JSON.parse inside src/claret/http.ts is "parse", the emulator's own storage work is "excel emulator".
import { Session } from "node:inspector/promises";

export type CpuCategory =
  "parse" | "map" | "payload" | "workflow" | "excel emulator" | "http stack" | "gc" | "other";

/** What each product folder does on a pull's hot path. */
function categoryOf(url: string): CpuCategory | null {
  if (url === "") return null;
  if (url.includes("/src/claret/")) return "parse"; // fetch + JSON.parse + envelope and record checks
  if (url.includes("/src/sales/")) return "map"; // recordsToRows, column layout, date serials
  if (url.includes("/src/excel/")) return "payload"; // staging: chunking by bytes, the 2-D value and format arrays
  if (url.includes("/src/workflows/")) return "workflow";
  if (url.includes("/dev/excel-emulator/")) return "excel emulator";
  if (url.includes("undici") || url.startsWith("node:")) return "http stack";
  return "other";
}

export interface CpuBreakdown {
  /** sampled CPU ms per category */
  ms: Record<CpuCategory, number>;
  sampledMs: number;
  /** the functions (with file:line) that took the most CPU, charged as above, e.g. "estimateRowBytes src/excel/stagingSheet.ts" */
  hotspots: { fn: string; category: CpuCategory; ms: number }[];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

export async function profileCpu<T>(
  work: () => Promise<T>,
  intervalUs = 250
): Promise<{ result: T; breakdown: CpuBreakdown }> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: intervalUs });
  await session.post("Profiler.start");
  let result: T;
  let profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  try {
    result = await work();
  } finally {
    ({ profile } = (await session.post("Profiler.stop")) as { profile: typeof profile });
    session.disconnect();
  }
  const parent = new Map<number, ProfileNode>();
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n);
  }
  const memo = new Map<number, CpuCategory | "idle">();
  const classify = (node: ProfileNode): CpuCategory | "idle" => {
    const known = memo.get(node.id);
    if (known) return known;
    const name = node.callFrame.functionName;
    let cat: CpuCategory | "idle";
    if (name === "(idle)") cat = "idle";
    else if (name === "(garbage collector)") cat = "gc";
    else if (name === "(program)" || name === "(root)") cat = "other";
    else {
      let c: CpuCategory | null = null;
      for (let n: ProfileNode | undefined = node; n && c === null; n = parent.get(n.id))
        c = categoryOf(n.callFrame.url);
      cat = c ?? "other";
    }
    memo.set(node.id, cat);
    return cat;
  };
  const ms: Record<CpuCategory, number> = {
    parse: 0,
    map: 0,
    payload: 0,
    workflow: 0,
    "excel emulator": 0,
    "http stack": 0,
    gc: 0,
    other: 0,
  };
  let sampledMs = 0;
  const perFn = new Map<string, { category: CpuCategory; ms: number }>();
  const root = `${process.cwd()}/`;
  const owner = (node: ProfileNode): string => {
    let n: ProfileNode | undefined = node;
    while (n && n.callFrame.url === "") n = parent.get(n.id);
    const f = n ?? node;
    return `${f.callFrame.functionName || "(anonymous)"} ${f.callFrame.url
      .replace(/^file:\/\//, "")
      .replace(root, "")
      .replace(/^node_modules\/\.cache\/claret-bench\//, "")}`;
  };
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000; // the time until the next sample belongs to this one
    const node = byId.get(profile.samples[i])!;
    const cat = classify(node);
    if (cat === "idle") continue;
    ms[cat] += dt;
    sampledMs += dt;
    if (cat !== "gc" && cat !== "other") {
      const key = owner(node);
      const entry = perFn.get(key) ?? { category: cat, ms: 0 };
      entry.ms += dt;
      perFn.set(key, entry);
    }
  }
  const hotspots = [...perFn.entries()]
    .map(([fn, v]) => ({ fn, category: v.category, ms: Math.round(v.ms * 10) / 10 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 15);
  return { result: result!, breakdown: { ms, sampledMs, hotspots } };
}
