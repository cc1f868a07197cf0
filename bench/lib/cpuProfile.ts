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
  callFrame: { functionName: string; url: string; lineNumber?: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** V8's sampling profile of this process while `work` runs. */
async function sample<T>(
  work: () => Promise<T>,
  intervalUs: number
): Promise<{ result: T; profile: Profile }> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: intervalUs });
  await session.post("Profiler.start");
  let result: T;
  let profile: Profile;
  try {
    result = await work();
  } finally {
    ({ profile } = (await session.post("Profiler.stop")) as { profile: Profile });
    session.disconnect();
  }
  return { result, profile };
}

export async function profileCpu<T>(
  work: () => Promise<T>,
  intervalUs = 250
): Promise<{ result: T; breakdown: CpuBreakdown }> {
  const { result, profile } = await sample(work, intervalUs);
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
  return { result, breakdown: { ms, sampledMs, hotspots } };
}

export interface SelfTimeProfile {
  /** CPU ms sampled (idle excluded) */
  sampledMs: number;
  /** self time by where the code comes from: "server/" (the host's own code), an npm package, "node:http", … */
  byOrigin: { origin: string; ms: number; share: number }[];
  /** the functions with the most self time: a builtin (url "") is named with the first caller that has a file */
  top: { fn: string; origin: string; ms: number; share: number }[];
  /** the process's own functions (server/, src/) by inclusive time: what they and everything they call took */
  ownInclusive: { fn: string; ms: number; share: number }[];
}

/** Where a frame's code comes from, for SelfTimeProfile.byOrigin. */
function originOf(url: string): string {
  const path = url.replace(/^file:\/\//, "");
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  if (pkg && pkg[1] !== ".cache") return pkg[1];
  if (path.startsWith("node:"))
    return path.replace(/^node:(internal\/)?/, "node:").replace(/\/.*$/, "");
  const own = /\/(server|src|bench|dev)\//.exec(path);
  return own ? `${own[1]}/` : path || "(native)";
}

/**
 * Self time (each sample charged to its innermost frame) while `work` runs, summarised: by origin and the top
 * functions. For a process whose own code is thin (a proxy), where the time goes is in its libraries and Node.
 */
export async function profileSelfTime<T>(
  work: () => Promise<T>,
  intervalUs = 500,
  topN = 20
): Promise<{ result: T; profile: SelfTimeProfile }> {
  const { result, profile } = await sample(work, intervalUs);
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, ProfileNode>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n);
  }
  const root = `${process.cwd()}/`;
  const perFn = new Map<string, { origin: string; ms: number }>();
  const perOrigin = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const ownName = (n: ProfileNode): string | undefined => {
    const url = n.callFrame.url.replace(/^file:\/\//, "").replace(root, "");
    if (!/^(server|src)\//.test(url)) return undefined;
    return `${n.callFrame.functionName || "(anonymous)"} ${url}:${(n.callFrame.lineNumber ?? -1) + 1}`;
  };
  let sampledMs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(profile.samples[i])!;
    const name = node.callFrame.functionName;
    if (name === "(idle)") continue;
    sampledMs += dt;
    let key: string;
    let origin: string;
    if (name === "(garbage collector)" || name === "(program)") {
      key = name;
      origin = name === "(program)" ? "(program)" : "(gc)";
    } else {
      let withFile: ProfileNode | undefined = node;
      while (withFile && withFile.callFrame.url === "") withFile = parent.get(withFile.id);
      const url = (withFile ?? node).callFrame.url;
      origin = node.callFrame.url === "" ? `${originOf(url)} (native)` : originOf(url);
      const where = url
        .replace(/^file:\/\//, "")
        .replace(root, "")
        .replace(/^.*node_modules\//, "");
      key =
        node.callFrame.url === ""
          ? `${name || "(anonymous)"} [native, from ${withFile?.callFrame.functionName || "(anonymous)"} ${where}]`
          : `${name || "(anonymous)"} ${where}:${(node.callFrame.lineNumber ?? -1) + 1}`;
    }
    const entry = perFn.get(key) ?? { origin, ms: 0 };
    entry.ms += dt;
    perFn.set(key, entry);
    const seen = new Set<string>();
    for (let n: ProfileNode | undefined = node; n; n = parent.get(n.id)) {
      const own = ownName(n);
      if (own && !seen.has(own)) {
        seen.add(own);
        inclusive.set(own, (inclusive.get(own) ?? 0) + dt);
      }
    }
    const o = origin.replace(/ \(native\)$/, "");
    perOrigin.set(o, (perOrigin.get(o) ?? 0) + dt);
  }
  const share = (ms: number) => Math.round((ms / Math.max(sampledMs, 1e-9)) * 1000) / 1000;
  const r1 = (ms: number) => Math.round(ms * 10) / 10;
  return {
    result,
    profile: {
      sampledMs: r1(sampledMs),
      byOrigin: [...perOrigin.entries()]
        .map(([origin, ms]) => ({ origin, ms: r1(ms), share: share(ms) }))
        .sort((a, b) => b.ms - a.ms),
      top: [...perFn.entries()]
        .map(([fn, v]) => ({ fn, origin: v.origin, ms: r1(v.ms), share: share(v.ms) }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, topN),
      ownInclusive: [...inclusive.entries()]
        .map(([fn, ms]) => ({ fn, ms: r1(ms), share: share(ms) }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, topN),
    },
  };
}
