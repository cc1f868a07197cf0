// Fault knobs: rules that make chosen requests slow, fail, hang or answer wrongly, so tests (and the
// command line) can show what the client does with a bad network or a misbehaving server.

export type FaultRoute = "GET /sales" | "POST /sales" | "POST /tokens" | "*";

export type Fault =
  | { kind: "latency"; ms: number }
  | { kind: "status"; status: 429 | 500 | 502 | 503 | 504 | 408; retryAfter?: string }
  | { kind: "reset-mid-body" }
  | { kind: "malformed-json" }
  | { kind: "token-expired" }
  | { kind: "repeat-cursor" }
  | { kind: "cursor-backwards" }
  | { kind: "empty-page-with-next" }
  | { kind: "duplicate-record" }
  | { kind: "lying-total"; total: number }
  | { kind: "decoy-next-index" }
  | { kind: "hang" };

/**
 * When a rule fires, counted over the requests matching its route since the rule was added
 * (1-based; CORS preflights are not counted):
 * - `onRequests: [2, 5]` — exactly those requests;
 * - otherwise from request `fromRequest` (default 1) on;
 * - `times` caps how often it fires in all (default: no cap).
 */
export interface FaultRule {
  route: FaultRoute;
  onRequests?: number[];
  fromRequest?: number;
  times?: number;
  fault: Fault;
}

export interface FaultHandle {
  readonly rule: FaultRule;
  /** matching requests seen so far */
  readonly seen: number;
  /** times the fault was applied */
  readonly fired: number;
  remove(): void;
}

interface RuleState {
  rule: FaultRule;
  seen: number;
  fired: number;
  /**
   * token-expired only: the newest token's sequence number when the rule first fired. Tokens
   * issued later are exempt, so a client that signs in again can resume (see README).
   */
  tokenWatermark?: number;
}

export class FaultController {
  private rules: RuleState[] = [];

  /** @param newestTokenSeq the sequence number of the newest token issued so far (0 if none) */
  constructor(private readonly newestTokenSeq: () => number) {}

  add(rule: FaultRule): FaultHandle {
    validateRule(rule);
    const state: RuleState = { rule, seen: 0, fired: 0 };
    this.rules.push(state);
    return {
      rule,
      get seen() {
        return state.seen;
      },
      get fired() {
        return state.fired;
      },
      remove: () => {
        this.rules = this.rules.filter((s) => s !== state);
      },
    };
  }

  clear(): void {
    this.rules = [];
  }

  /**
   * The faults that apply to one request, in the order the rules were added.
   * @param route the request's route key ('GET /sales', …) or null for routes no rule can name
   * @param tokenSeq sequence number of the (valid) token the request presents, if any
   */
  match(route: Exclude<FaultRoute, "*"> | null, tokenSeq: number | undefined): Fault[] {
    const out: Fault[] = [];
    for (const s of this.rules) {
      const { rule } = s;
      if (rule.route !== "*" && rule.route !== route) continue;
      s.seen++;
      if (rule.times !== undefined && s.fired >= rule.times) continue;
      const due = rule.onRequests
        ? rule.onRequests.includes(s.seen)
        : s.seen >= (rule.fromRequest ?? 1);
      if (!due) continue;
      if (rule.fault.kind === "token-expired") {
        if (s.tokenWatermark !== undefined && tokenSeq !== undefined && tokenSeq > s.tokenWatermark)
          continue;
        s.tokenWatermark ??= this.newestTokenSeq();
      }
      s.fired++;
      out.push(rule.fault);
    }
    return out;
  }
}

const STATUSES = [408, 429, 500, 502, 503, 504];
const ROUTES: FaultRoute[] = ["GET /sales", "POST /sales", "POST /tokens", "*"];

function validateRule(rule: FaultRule): void {
  if (!ROUTES.includes(rule.route))
    throw new Error(`Unknown fault route "${rule.route}"; use one of ${ROUTES.join(", ")}.`);
  const f = rule.fault;
  if (f.kind === "status" && !STATUSES.includes(f.status))
    throw new Error(`Fault status ${f.status} is not one of ${STATUSES.join(", ")}.`);
  if (f.kind === "latency" && !(f.ms >= 0)) throw new Error("A latency fault needs ms >= 0.");
  for (const n of rule.onRequests ?? [])
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`onRequests holds 1-based request counts; got ${n}.`);
}

/**
 * The command line's compact fault syntax: `ROUTE[@WHEN]=KIND[:ARG][,OPTION:VALUE]`
 *   ROUTE  `GET /sales` | `POST /sales` | `POST /tokens` | `*`
 *   WHEN   `3` (3rd matching request), `2/4/6` (those), `3+` (3rd on), `3+x2` (3rd on, twice); none = every request
 *   KIND   `latency:MS` | `status:CODE[,retry-after:SECONDS-OR-HTTP-DATE]` | `reset` | `malformed-json`
 *          | `token-expired` | `repeat-cursor` | `cursor-backwards` | `empty-page-with-next`
 *          | `duplicate-record` | `decoy-next-index` | `lying-total:N` | `hang`
 * e.g. `GET /sales@2=status:503,retry-after:1`, `GET /sales@2+=token-expired`, `*=latency:150`
 */
export function parseFaultSpec(spec: string): FaultRule {
  const m =
    /^\s*(\*|GET \/sales|POST \/sales|POST \/tokens)\s*(?:@\s*([^=]+?))?\s*=\s*(.+?)\s*$/i.exec(
      spec
    );
  if (!m)
    throw new Error(
      `Cannot read fault "${spec}". Expected ROUTE[@WHEN]=KIND[:ARG], e.g. "GET /sales@2=status:503,retry-after:1".`
    );
  const route = (m[1] === "*" ? "*" : m[1].replace(/^(\w+)/, (w) => w.toUpperCase())) as FaultRoute;
  const rule: FaultRule = { route, fault: parseKind(m[3], spec) };
  const when = m[2];
  if (when !== undefined) {
    const from = /^(\d+)\+(?:x(\d+))?$/.exec(when);
    if (from) {
      rule.fromRequest = Number(from[1]);
      if (from[2]) rule.times = Number(from[2]);
    } else if (/^\d+(\/\d+)*$/.test(when)) {
      rule.onRequests = when.split("/").map(Number);
    } else {
      throw new Error(
        `Cannot read the request schedule "${when}" in fault "${spec}". Use 3, 2/4, 3+ or 3+x2.`
      );
    }
  }
  validateRule(rule);
  return rule;
}

function parseKind(text: string, spec: string): Fault {
  // retry-after is the only option; it runs to the end since an HTTP date holds commas and colons
  const ra = /,\s*retry-after\s*:\s*(.+)$/i.exec(text);
  const head = ra ? text.slice(0, ra.index) : text;
  const [kind, arg] = splitOnce(head.trim(), ":");
  const num = (v: string | undefined, what: string) => {
    if (v === undefined || !/^\d+$/.test(v))
      throw new Error(`Fault "${spec}" needs ${what} as a whole number.`);
    return Number(v);
  };
  switch (kind.toLowerCase()) {
    case "latency":
      return { kind: "latency", ms: num(arg, "the milliseconds (latency:MS)") };
    case "status": {
      const status = num(arg, "the status (status:503)") as 429 | 500 | 502 | 503 | 504 | 408;
      const retryAfter = ra?.[1].trim();
      return retryAfter === undefined
        ? { kind: "status", status }
        : { kind: "status", status, retryAfter };
    }
    case "reset":
    case "reset-mid-body":
      return { kind: "reset-mid-body" };
    case "malformed-json":
      return { kind: "malformed-json" };
    case "token-expired":
      return { kind: "token-expired" };
    case "repeat-cursor":
    case "cursor-backwards":
    case "empty-page-with-next":
    case "duplicate-record":
    case "decoy-next-index":
      return {
        kind: kind.toLowerCase() as
          | "repeat-cursor"
          | "cursor-backwards"
          | "empty-page-with-next"
          | "duplicate-record"
          | "decoy-next-index",
      };
    case "lying-total":
      return { kind: "lying-total", total: num(arg, "the total to claim (lying-total:N)") };
    case "hang":
      return { kind: "hang" };
    default:
      throw new Error(
        `Unknown fault kind "${kind}" in "${spec}". Kinds: latency, status, reset, malformed-json, token-expired, repeat-cursor, cursor-backwards, empty-page-with-next, duplicate-record, decoy-next-index, lying-total, hang.`
      );
  }
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}
