// A deliberately small formula engine: enough for reading `values` of formula cells the add-in and
// its tests create. Supported: numbers, strings, TRUE/FALSE, error literals, + - * / ^ & % and
// comparisons, cell references (A1, $A$1, A1:B2, Sheet!A1, 'My Sheet'!A1), structured references
// ([@col], [@[my col]], Table[@col], Table[col], [col] inside a table), and the functions SUM,
// SUBTOTAL (1-5, 9 and their 10x forms), HYPERLINK, NA and DATE. Any other function or name evaluates to
// #NAME?.

import {
  cellAddress,
  columnIndex,
  MAX_COLUMNS,
  MAX_ROWS,
  quoteSheetName,
  type Rect,
} from "./address";
import { dateToSerial } from "./dates";

export class CellError {
  constructor(readonly code: string) {}
  toString(): string {
    return this.code;
  }
  toJSON(): string {
    return this.code;
  }
}

export const ERROR_CODES = [
  "#NULL!",
  "#DIV/0!",
  "#VALUE!",
  "#REF!",
  "#NAME?",
  "#NUM!",
  "#N/A",
  "#SPILL!",
  "#CALC!",
] as const;
const ERRORS = new Map<string, CellError>(ERROR_CODES.map((c) => [c, new CellError(c)]));
export function cellError(code: string): CellError {
  return ERRORS.get(code.toUpperCase()) ?? ERRORS.get("#VALUE!")!;
}
export function isErrorLiteral(s: string): boolean {
  return ERRORS.has(s.toUpperCase());
}

/** A cell's value: '' is empty. */
export type Scalar = number | string | boolean | CellError;

export interface RangeValue {
  kind: "range";
  sheet: string;
  rect: Rect;
}
type Value = Scalar | RangeValue;

export interface TableInfo {
  name: string;
  sheet: string;
  /** whole table, header row included when showHeaders */
  rect: Rect;
  /** first data row (0-based sheet row) */
  dataR0: number;
  /** last data row: the row above the totals row when the table shows one */
  dataR1: number;
  headers: string[];
}

/** What the engine needs from the workbook. */
export interface FormulaHost {
  sheetExists(name: string): string | null;
  value(sheet: string, r: number, c: number): Scalar;
  table(name: string): TableInfo | null;
  tableAt(sheet: string, r: number, c: number): TableInfo | null;
  /** the workbook's date system: DATE() counts from 1900-01-01 (serial 1) or 1904-01-01 (serial 0) */
  readonly date1904: boolean;
}

// ---------- tokens ----------
type Tok =
  | { t: "num"; v: number; s: string }
  | { t: "str"; v: string; s: string }
  | { t: "err"; v: string; s: string }
  | { t: "op"; v: string; s: string }
  | { t: "ref"; sheet?: string; col: string; row: string; absC: boolean; absR: boolean; s: string }
  | { t: "name"; v: string; s: string }
  | { t: "sref"; table?: string; spec: string; s: string };

const SHEET_PREFIX = /^(?:'((?:[^']|'')+)'|([A-Za-z_][A-Za-z0-9_.]*))!/;
const REF = /^(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})(?![A-Za-z0-9_(])/;

export function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    const ch = src[i];
    if (ch === " ") {
      i++;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let v = "";
      while (j < src.length) {
        if (src[j] === '"') {
          if (src[j + 1] === '"') {
            v += '"';
            j += 2;
            continue;
          }
          break;
        }
        v += src[j++];
      }
      out.push({ t: "str", v, s: src.slice(i, j + 1) });
      i = j + 1;
      continue;
    }
    if (ch === "#") {
      const m = /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|SPILL!|CALC!)/i.exec(rest);
      if (m) {
        out.push({ t: "err", v: m[0].toUpperCase(), s: m[0] });
        i += m[0].length;
        continue;
      }
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(rest);
    if (num && !/^\d+:\d/.test(rest)) {
      out.push({ t: "num", v: Number(num[0]), s: num[0] });
      i += num[0].length;
      continue;
    }
    const two = rest.slice(0, 2);
    if (two === "<=" || two === ">=" || two === "<>") {
      out.push({ t: "op", v: two, s: two });
      i += 2;
      continue;
    }
    if ("+-*/^&=<>(),:%".includes(ch)) {
      out.push({ t: "op", v: ch, s: ch });
      i++;
      continue;
    }
    if (ch === "[") {
      const end = matchBracket(src, i);
      out.push({ t: "sref", spec: src.slice(i + 1, end), s: src.slice(i, end + 1) });
      i = end + 1;
      continue;
    }
    const sp = SHEET_PREFIX.exec(rest);
    if (sp) {
      const after = rest.slice(sp[0].length);
      const r = REF.exec(after);
      if (r) {
        const sheet = sp[1] !== undefined ? sp[1].replace(/''/g, "'") : sp[2];
        out.push({
          t: "ref",
          sheet,
          absC: !!r[1],
          col: r[2].toUpperCase(),
          absR: !!r[3],
          row: r[4],
          s: sp[0] + r[0],
        });
        i += sp[0].length + r[0].length;
        continue;
      }
    }
    const r = REF.exec(rest);
    if (r) {
      out.push({
        t: "ref",
        absC: !!r[1],
        col: r[2].toUpperCase(),
        absR: !!r[3],
        row: r[4],
        s: r[0],
      });
      i += r[0].length;
      continue;
    }
    const name = /^[A-Za-z_\\][A-Za-z0-9_.]*/.exec(rest);
    if (name) {
      if (src[i + name[0].length] === "[") {
        const end = matchBracket(src, i + name[0].length);
        const s = src.slice(i, end + 1);
        out.push({ t: "sref", table: name[0], spec: src.slice(i + name[0].length + 1, end), s });
        i = end + 1;
        continue;
      }
      out.push({ t: "name", v: name[0], s: name[0] });
      i += name[0].length;
      continue;
    }
    // anything else: keep as an unknown name so evaluation gives #NAME?
    out.push({ t: "name", v: ch, s: ch });
    i++;
  }
  return out;
}

function matchBracket(src: string, open: number): number {
  let depth = 0;
  for (let j = open; j < src.length; j++) {
    if (src[j] === "'") {
      j++;
      continue;
    }
    if (src[j] === "[") depth++;
    else if (src[j] === "]") {
      depth--;
      if (depth === 0) return j;
    }
  }
  return src.length - 1;
}

// ---------- parse ----------
type Node =
  | { k: "lit"; v: Scalar }
  | { k: "ref"; tok: Extract<Tok, { t: "ref" }>; to?: Extract<Tok, { t: "ref" }> }
  | { k: "sref"; tok: Extract<Tok, { t: "sref" }> }
  | { k: "un"; op: string; a: Node }
  | { k: "bin"; op: string; a: Node; b: Node }
  | { k: "pct"; a: Node }
  | { k: "call"; name: string; args: Node[] }
  | { k: "bad" };

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}
  parse(): Node {
    const n = this.cmp();
    return this.i < this.toks.length ? { k: "bad" } : n;
  }
  private peekOp(...ops: string[]): string | null {
    const t = this.toks[this.i];
    return t && t.t === "op" && ops.includes(t.v) ? t.v : null;
  }
  private cmp(): Node {
    let a = this.concat();
    for (let op; (op = this.peekOp("=", "<>", "<", ">", "<=", ">="));) {
      this.i++;
      a = { k: "bin", op, a, b: this.concat() };
    }
    return a;
  }
  private concat(): Node {
    let a = this.add();
    while (this.peekOp("&")) {
      this.i++;
      a = { k: "bin", op: "&", a, b: this.add() };
    }
    return a;
  }
  private add(): Node {
    let a = this.mul();
    for (let op; (op = this.peekOp("+", "-"));) {
      this.i++;
      a = { k: "bin", op, a, b: this.mul() };
    }
    return a;
  }
  private mul(): Node {
    let a = this.unary();
    for (let op; (op = this.peekOp("*", "/"));) {
      this.i++;
      a = { k: "bin", op, a, b: this.unary() };
    }
    return a;
  }
  private unary(): Node {
    const op = this.peekOp("+", "-");
    if (op) {
      this.i++;
      return { k: "un", op, a: this.unary() };
    }
    return this.pow();
  }
  private pow(): Node {
    let a = this.postfix();
    while (this.peekOp("^")) {
      this.i++;
      a = { k: "bin", op: "^", a, b: this.postfix() };
    }
    return a;
  }
  private postfix(): Node {
    let a = this.primary();
    while (this.peekOp("%")) {
      this.i++;
      a = { k: "pct", a };
    }
    return a;
  }
  private primary(): Node {
    const t = this.toks[this.i++];
    if (!t) return { k: "bad" };
    switch (t.t) {
      case "num":
        return { k: "lit", v: t.v };
      case "str":
        return { k: "lit", v: t.v };
      case "err":
        return { k: "lit", v: cellError(t.v) };
      case "sref":
        return { k: "sref", tok: t };
      case "ref": {
        if (this.peekOp(":")) {
          const next = this.toks[this.i + 1];
          if (next && next.t === "ref") {
            this.i += 2;
            return { k: "ref", tok: t, to: next };
          }
        }
        return { k: "ref", tok: t };
      }
      case "name": {
        const upper = t.v.toUpperCase();
        if (this.peekOp("(")) {
          this.i++;
          const args: Node[] = [];
          if (!this.peekOp(")")) {
            for (;;) {
              args.push(this.cmp());
              if (this.peekOp(",")) {
                this.i++;
                continue;
              }
              break;
            }
          }
          if (!this.peekOp(")")) return { k: "bad" };
          this.i++;
          return { k: "call", name: upper, args };
        }
        if (upper === "TRUE") return { k: "lit", v: true };
        if (upper === "FALSE") return { k: "lit", v: false };
        return { k: "lit", v: cellError("#NAME?") };
      }
      case "op":
        if (t.v === "(") {
          const n = this.cmp();
          if (!this.peekOp(")")) return { k: "bad" };
          this.i++;
          return n;
        }
        return { k: "bad" };
    }
  }
}

const astCache = new Map<string, Node>();
function parse(formula: string): Node {
  let n = astCache.get(formula);
  if (!n) {
    n = new Parser(tokenize(formula.replace(/^=/, ""))).parse();
    if (astCache.size > 10_000) astCache.clear();
    astCache.set(formula, n);
  }
  return n;
}

// ---------- evaluate ----------
export interface EvalAt {
  sheet: string;
  r: number;
  c: number;
}

const inProgress = new Set<string>();

export function evaluateFormula(formula: string, at: EvalAt, host: FormulaHost): Scalar {
  const key = `${at.sheet}\u0000${at.r}\u0000${at.c}`;
  if (inProgress.has(key)) return 0; // circular reference: Excel warns and shows 0
  inProgress.add(key);
  try {
    const node = parse(formula);
    if (node.k === "bad") return cellError("#NAME?");
    const v = evalNode(node, at, host);
    return v !== null && typeof v === "object" && "kind" in v ? single(v, host) : v;
  } finally {
    inProgress.delete(key);
  }
}

function single(rv: RangeValue, host: FormulaHost): Scalar {
  if (rv.rect.r0 === rv.rect.r1 && rv.rect.c0 === rv.rect.c1) {
    const v = host.value(rv.sheet, rv.rect.r0, rv.rect.c0);
    return v === "" ? 0 : v;
  }
  return cellError("#VALUE!");
}

function scalarOf(v: Value, host: FormulaHost): Scalar {
  return typeof v === "object" && !(v instanceof CellError) ? single(v, host) : v;
}

function toNumber(v: Scalar): number | CellError {
  if (v instanceof CellError) return v;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v === "") return 0;
  const n = Number(v.trim());
  return v.trim() !== "" && Number.isFinite(n) ? n : cellError("#VALUE!");
}

function toText(v: Scalar): string | CellError {
  if (v instanceof CellError) return v;
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return String(v);
}

function refRect(node: Extract<Node, { k: "ref" }>): Rect {
  const a = node.tok;
  const b = node.to ?? a;
  const r0 = +a.row - 1;
  const r1 = +b.row - 1;
  const c0 = columnIndex(a.col);
  const c1 = columnIndex(b.col);
  return { r0: Math.min(r0, r1), r1: Math.max(r0, r1), c0: Math.min(c0, c1), c1: Math.max(c0, c1) };
}

function evalNode(n: Node, at: EvalAt, host: FormulaHost): Value {
  switch (n.k) {
    case "lit":
      return n.v;
    case "bad":
      return cellError("#NAME?");
    case "ref": {
      const sheetName = n.tok.sheet ?? at.sheet;
      const sheet = host.sheetExists(sheetName);
      if (!sheet) return cellError("#REF!");
      const rect = refRect(n);
      if (rect.r1 >= MAX_ROWS || rect.c1 >= MAX_COLUMNS) return cellError("#REF!");
      return { kind: "range", sheet, rect };
    }
    case "sref":
      return structured(n.tok, at, host);
    case "un": {
      const v = toNumber(scalarOf(evalNode(n.a, at, host), host));
      if (v instanceof CellError) return v;
      return n.op === "-" ? -v : v;
    }
    case "pct": {
      const v = toNumber(scalarOf(evalNode(n.a, at, host), host));
      return v instanceof CellError ? v : v / 100;
    }
    case "bin": {
      const a = scalarOf(evalNode(n.a, at, host), host);
      const b = scalarOf(evalNode(n.b, at, host), host);
      if (n.op === "&") {
        const x = toText(a);
        const y = toText(b);
        if (x instanceof CellError) return x;
        if (y instanceof CellError) return y;
        return x + y;
      }
      if (["=", "<>", "<", ">", "<=", ">="].includes(n.op)) {
        if (a instanceof CellError) return a;
        if (b instanceof CellError) return b;
        const cmp = compare(a, b);
        return {
          "=": cmp === 0,
          "<>": cmp !== 0,
          "<": cmp < 0,
          ">": cmp > 0,
          "<=": cmp <= 0,
          ">=": cmp >= 0,
        }[n.op]!;
      }
      const x = toNumber(a);
      const y = toNumber(b);
      if (x instanceof CellError) return x;
      if (y instanceof CellError) return y;
      switch (n.op) {
        case "+":
          return x + y;
        case "-":
          return x - y;
        case "*":
          return x * y;
        case "/":
          return y === 0 ? cellError("#DIV/0!") : x / y;
        case "^":
          return Math.pow(x, y);
      }
      return cellError("#VALUE!");
    }
    case "call":
      return call(n.name, n.args, at, host);
  }
}

function compare(a: Scalar, b: Scalar): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string")
    return a.toLowerCase().localeCompare(b.toLowerCase());
  const rank = (v: Scalar) => (typeof v === "number" ? 0 : typeof v === "string" ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  return Number(a) - Number(b);
}

function call(name: string, args: Node[], at: EvalAt, host: FormulaHost): Value {
  switch (name) {
    case "NA":
      return cellError("#N/A");
    case "SUBTOTAL": {
      // The functions a table's totals row offers (Excel's SUBTOTAL codes; 1xx ignore hidden rows, which the
      // emulator's values do not track per row: both forms total every row).
      const code = args.length >= 2 ? toNumber(scalarOf(evalNode(args[0], at, host), host)) : NaN;
      if (typeof code !== "number") return code;
      const fn = code % 100;
      const values: Scalar[] = [];
      for (const arg of args.slice(1)) {
        const v = evalNode(arg, at, host);
        if (typeof v !== "object" || v instanceof CellError) return cellError("#VALUE!");
        for (let r = v.rect.r0; r <= v.rect.r1; r++)
          for (let c = v.rect.c0; c <= v.rect.c1; c++) values.push(host.value(v.sheet, r, c));
      }
      const error = values.find((x) => x instanceof CellError);
      if (error) return error;
      const numbers = values.filter((x): x is number => typeof x === "number");
      if (fn === 9) return numbers.reduce((a, b) => a + b, 0);
      if (fn === 2) return numbers.length;
      if (fn === 3) return values.filter((x) => x !== "").length;
      if (fn === 1)
        return numbers.length
          ? numbers.reduce((a, b) => a + b, 0) / numbers.length
          : cellError("#DIV/0!");
      if (fn === 4) return numbers.length ? Math.max(...numbers) : 0;
      if (fn === 5) return numbers.length ? Math.min(...numbers) : 0;
      return cellError("#VALUE!");
    }
    case "SUM": {
      let total = 0;
      for (const arg of args) {
        const v = evalNode(arg, at, host);
        if (typeof v === "object" && !(v instanceof CellError)) {
          for (let r = v.rect.r0; r <= v.rect.r1; r++)
            for (let c = v.rect.c0; c <= v.rect.c1; c++) {
              const x = host.value(v.sheet, r, c);
              if (x instanceof CellError) return x;
              if (typeof x === "number") total += x; // text and booleans in ranges are ignored, as in Excel
            }
        } else {
          const x = toNumber(v);
          if (x instanceof CellError) return x;
          total += x;
        }
      }
      return total;
    }
    case "DATE": {
      // DATE(year, month, day): https://support.microsoft.com/office/date-function-e36c0c8c-4104-49da-ab83-82328b832349
      // A year below 1900 is added to 1900; month and day overflow into the next year/month; the serial counts in
      // the workbook's date system, so =DATE(1904,1,1) is 1462 in the 1900 system and 0 in the 1904 system.
      if (args.length !== 3) return cellError("#VALUE!");
      const parts: number[] = [];
      for (const arg of args) {
        const x = toNumber(scalarOf(evalNode(arg, at, host), host));
        if (x instanceof CellError) return x;
        parts.push(Math.trunc(x));
      }
      const [y, m, d] = parts;
      return dateFunction(y, m, d, host.date1904);
    }
    case "HYPERLINK": {
      if (args.length < 1 || args.length > 2) return cellError("#VALUE!");
      const shown = scalarOf(evalNode(args[args.length - 1], at, host), host);
      return shown;
    }
    default:
      return cellError("#NAME?");
  }
}

/**
 * DATE(year, month, day) in the workbook's date system (support.microsoft.com "DATE function"): a year below 1900 is
 * added to 1900; month and day overflow into the next year/month; `#NUM!` for a year outside 0–9999 or a date before
 * the system's first day. The formula engine's DATE and the host's `workbook.functions.date` share it.
 */
export function dateFunction(
  year: number,
  month: number,
  day: number,
  date1904: boolean
): number | CellError {
  let y = Math.trunc(year);
  const m = Math.trunc(month);
  const d = Math.trunc(day);
  if (y < 0 || y >= 10000) return cellError("#NUM!");
  if (y < 1900) y += 1900;
  const t = new Date(Date.UTC(2000, 0, 1));
  t.setUTCFullYear(y, m - 1, d);
  const serial = dateToSerial(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), date1904);
  return serial < 0 ? cellError("#NUM!") : serial;
}

/** Parses the inside of a structured reference into row scope and column name. */
function parseSpec(
  spec: string
): { thisRow: boolean; column: string | null; headers: boolean } | null {
  let s = spec.trim();
  let thisRow = false;
  let headers = false;
  if (s.startsWith("@")) {
    thisRow = true;
    s = s.slice(1).trim();
    if (s.startsWith("[") && s.endsWith("]")) s = s.slice(1, -1);
    return { thisRow, column: unescapeColumn(s), headers };
  }
  // [[#This Row],[col]] / [[#Headers],[col]] / [[col]] / [col]
  const parts = s.startsWith("[")
    ? s.split(/\]\s*,\s*\[/).map((p) => p.replace(/^\[|\]$/g, ""))
    : [s];
  let column: string | null = null;
  for (const p of parts) {
    const low = p.toLowerCase();
    if (low === "#this row") thisRow = true;
    else if (low === "#headers") headers = true;
    else if (low === "#data") continue;
    else if (low.startsWith("#")) return null;
    else column = unescapeColumn(p);
  }
  return { thisRow, column, headers };
}

function unescapeColumn(s: string): string {
  return s.replace(/'(.)/g, "$1");
}

function structured(tok: Extract<Tok, { t: "sref" }>, at: EvalAt, host: FormulaHost): Value {
  const table = tok.table ? host.table(tok.table) : host.tableAt(at.sheet, at.r, at.c);
  if (!table) return cellError(tok.table ? "#REF!" : "#NAME?");
  const spec = parseSpec(tok.spec);
  if (!spec) return cellError("#REF!");
  const colIdx =
    spec.column === null
      ? -1
      : table.headers.findIndex((h) => h.toLowerCase() === spec.column!.toLowerCase());
  if (spec.column !== null && colIdx < 0) return cellError("#REF!");
  const c0 = colIdx < 0 ? table.rect.c0 : table.rect.c0 + colIdx;
  const c1 = colIdx < 0 ? table.rect.c1 : c0;
  if (spec.thisRow) {
    if (at.sheet !== table.sheet || at.r < table.dataR0 || at.r > table.dataR1)
      return cellError("#VALUE!");
    return { kind: "range", sheet: table.sheet, rect: { r0: at.r, r1: at.r, c0, c1 } };
  }
  if (spec.headers)
    return {
      kind: "range",
      sheet: table.sheet,
      rect: { r0: table.rect.r0, r1: table.rect.r0, c0, c1 },
    };
  return {
    kind: "range",
    sheet: table.sheet,
    rect: { r0: table.dataR0, r1: table.dataR1, c0, c1 },
  };
}

// ---------- rewriting formula text ----------

/** Applies `fn` to each token's source text; returns the formula with the replacements. */
function rewrite(formula: string, fn: (tok: Tok) => string | null): string {
  if (!formula.startsWith("=")) return formula;
  const body = formula.slice(1);
  const toks = tokenize(body);
  let out = "";
  let pos = 0;
  for (const tok of toks) {
    const idx = body.indexOf(tok.s, pos);
    if (idx < 0) continue;
    const replacement = fn(tok);
    out += body.slice(pos, idx) + (replacement ?? tok.s);
    pos = idx + tok.s.length;
  }
  return "=" + out + body.slice(pos);
}

/** Moves relative references by (dr, dc), as Excel does when a formula is copied or filled. */
export function shiftFormula(formula: string, dr: number, dc: number): string {
  if (dr === 0 && dc === 0) return formula;
  return rewrite(formula, (tok) => {
    if (tok.t !== "ref") return null;
    const r = tok.absR ? +tok.row - 1 : +tok.row - 1 + dr;
    const c = tok.absC ? columnIndex(tok.col) : columnIndex(tok.col) + dc;
    if (r < 0 || c < 0 || r >= MAX_ROWS || c >= MAX_COLUMNS) return "#REF!";
    const prefix = tok.sheet !== undefined ? `${quoteSheetName(tok.sheet)}!` : "";
    const a1 = cellAddress(r, c);
    const col = a1.replace(/\d+$/, "");
    return `${prefix}${tok.absC ? "$" : ""}${col}${tok.absR ? "$" : ""}${r + 1}`;
  });
}

/** References to a deleted table become #REF! (what Excel shows after the table's range is deleted). */
export function dropTableReferences(formula: string, table: string): string {
  return rewrite(formula, (tok) =>
    tok.t === "sref" && tok.table?.toLowerCase() === table.toLowerCase() ? "#REF!" : null
  );
}

export function renameTableReferences(formula: string, from: string, to: string): string {
  return rewrite(formula, (tok) =>
    tok.t === "sref" && tok.table?.toLowerCase() === from.toLowerCase()
      ? `${to}[${tok.spec}]`
      : null
  );
}

/** Whether the formula mentions the table by name. */
export function refersToTable(formula: string, table: string): boolean {
  return formula.toLowerCase().includes(table.toLowerCase() + "[");
}
