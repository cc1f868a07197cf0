// The API-set gate's engine: resolves every Office.js member a set of sources touches (Excel.*, Office.*,
// OfficeRuntime.*) to its declaration with the TypeScript compiler API, reads the requirement set from its JSDoc
// ("[Api set: ExcelApi 1.13]", or "**Requirement set**: … | SharedRuntime 1.1" in the common API) — falling back to
// the enclosing interface/class/enum/namespace when the member has none — and checks it against the sets the manifest
// declares. It reports:
//  - a member above the manifest's sets, unless it sits inside `if (Office.context.requirements.isSetSupported(set,
//    version))` (or a `?:` / `&&` on that call) for that set at that version or higher;
//  - a member with no declaration (an Office object's property TypeScript cannot resolve: a preview member reached
//    with @ts-expect-error or an index);
//  - an Office object reached through a cast (`as any`, `as unknown as …`, `as { Office?: … }`).
import * as path from "node:path";
import ts from "typescript";

export interface ApiSet {
  name: string;
  version: string;
}

export interface ApiUse {
  /** e.g. "Excel.Range.values" */
  member: string;
  /** the requirement set, or null for members no set is given for (always available) */
  set: ApiSet | null;
  /** "src/excel/selection.ts:98" */
  at: string;
  guardedBy: ApiSet | null;
}

export interface AuditResult {
  uses: ApiUse[];
  failures: string[];
}

/** Declaration files that hold Office.js types: @types/office-js and our own OfficeRuntime declaration. */
function isOfficeDeclarationFile(fileName: string): boolean {
  const f = fileName.replace(/\\/g, "/");
  return f.includes("/@types/office-js/") || f.endsWith("/src/types/officeRuntime.d.ts");
}

const OFFICE_ROOTS = new Set(["Excel", "Office", "OfficeRuntime", "OfficeExtension"]);
/** sets of other hosts that share a member's JSDoc with Excel's ("SharedRuntime 1.1, Mailbox 1.10") */
const OTHER_HOSTS = /^(Mailbox|Word|PowerPoint|OneNote|Visio|Outlook)/i;

export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The requirement set a JSDoc text names for Excel, or undefined when it names none. */
export function apiSetOf(doc: string): ApiSet | undefined {
  const found: string[] = [];
  for (const m of doc.matchAll(/\[\s*Api set:\s*([^\]]*)\]/gi)) found.push(...m[1].split(","));
  for (const m of doc.matchAll(/Requirement sets?\*{0,2}:\s*([^\n]*)/gi))
    for (const part of m[1].split(/,|\band\b/))
      found.push(part.replace(/\{@link [^|}]*\|\s*([^}]*)\}/g, "$1").trim());
  for (const raw of found) {
    const text = raw.trim();
    if (/BETA|PREVIEW/i.test(text))
      return { name: text.split(/\s+/)[0] || "ExcelApi", version: "PREVIEW" };
    const m = /^([A-Za-z]+)\s+(\d+(?:\.\d+)*)$/.exec(text);
    if (m && !OTHER_HOSTS.test(m[1])) return { name: m[1], version: m[2] };
  }
  return undefined;
}

function jsDocText(decl: ts.Node): string {
  const sf = decl.getSourceFile();
  const ranges = ts.getLeadingCommentRanges(sf.text, decl.getFullStart()) ?? [];
  return ranges.map((r) => sf.text.slice(r.pos, r.end)).join("\n");
}

/** The set of a declaration, or of the nearest enclosing declaration that has one; null when none does. */
function setOfDeclaration(decl: ts.Node): ApiSet | null {
  for (let n: ts.Node | undefined = decl; n && !ts.isSourceFile(n); n = n.parent) {
    if (
      ts.isModuleBlock(n) ||
      ts.isVariableDeclarationList(n) ||
      ts.isVariableDeclaration(n) // the comment sits on the statement
    )
      continue;
    const set = apiSetOf(jsDocText(n));
    if (set) return set;
  }
  return null;
}

function isOfficeSymbol(symbol: ts.Symbol | undefined): boolean {
  return !!symbol?.declarations?.some((d) => isOfficeDeclarationFile(d.getSourceFile().fileName));
}

function isOfficeType(type: ts.Type): boolean {
  if (type.isUnionOrIntersection()) return type.types.some(isOfficeType);
  return isOfficeSymbol(type.getSymbol()) || isOfficeSymbol(type.aliasSymbol);
}

/** `Office.context.requirements.isSetSupported("ExcelApi", "1.14")` → { ExcelApi, 1.14 } */
function guardOf(expr: ts.Expression): ApiSet[] {
  const out: ApiSet[] = [];
  const visit = (n: ts.Node) => {
    if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      n.expression.name.text === "isSetSupported" &&
      n.arguments.length >= 1 &&
      ts.isStringLiteralLike(n.arguments[0])
    ) {
      const v = n.arguments[1];
      out.push({
        name: n.arguments[0].text,
        version: v && (ts.isStringLiteralLike(v) || ts.isNumericLiteral(v)) ? v.text : "1.1",
      });
    }
    if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.ExclamationToken) return; // a negated guard guards the other branch
    ts.forEachChild(n, visit);
  };
  visit(expr);
  return out;
}

/** Guards in force at `node`: the conditions of the if / ?: / && whose guarded branch holds it. */
function guardsAt(node: ts.Node): ApiSet[] {
  const out: ApiSet[] = [];
  for (let n: ts.Node = node; n.parent; n = n.parent) {
    const p = n.parent;
    if (ts.isIfStatement(p) && p.thenStatement === n) out.push(...guardOf(p.expression));
    if (ts.isConditionalExpression(p) && p.whenTrue === n) out.push(...guardOf(p.condition));
    if (
      ts.isBinaryExpression(p) &&
      p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken &&
      p.right === n
    )
      out.push(...guardOf(p.left));
  }
  return out;
}

/** Highest version of each set the manifest declares (its <Requirements> and the VersionOverrides' <bt:Sets>). */
export function manifestSets(manifestXml: string): Map<string, string> {
  const sets = new Map<string, string>();
  const defaults = [...manifestXml.matchAll(/<(?:bt:)?Sets\b[^>]*DefaultMinVersion="([^"]+)"/g)];
  const fallback = defaults[0]?.[1] ?? "1.1";
  for (const m of manifestXml.matchAll(/<(?:bt:)?Set\s+([^>]*?)\/?>/g)) {
    const name = /Name="([^"]+)"/.exec(m[1])?.[1];
    if (!name) continue;
    const version = /MinVersion="([^"]+)"/.exec(m[1])?.[1] ?? fallback;
    const had = sets.get(name);
    if (!had || compareVersions(version, had) > 0) sets.set(name, version);
  }
  return sets;
}

function covers(have: ApiSet | string | undefined, need: ApiSet): boolean {
  if (!have) return false;
  const version = typeof have === "string" ? have : have.version;
  return need.version !== "PREVIEW" && compareVersions(version, need.version) >= 0;
}

/** Audits `files` (absolute paths) compiled with the project's tsconfig; `root` makes locations relative. */
export function auditOfficeApis(
  files: string[],
  manifest: Map<string, string>,
  root: string
): AuditResult {
  const configPath = path.join(root, "tsconfig.json");
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    }
  );
  if (!config) throw new Error(`Cannot read ${configPath}`);
  const officeRuntimeDecl = path.join(root, "src/types/officeRuntime.d.ts");
  const program = ts.createProgram([...files, officeRuntimeDecl], {
    ...config.options,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const uses: ApiUse[] = [];
  const failures: string[] = [];
  const where = (n: ts.Node) => {
    const sf = n.getSourceFile();
    const { line } = sf.getLineAndCharacterOfPosition(n.getStart());
    return `${path.relative(root, sf.fileName).replace(/\\/g, "/")}:${line + 1}`;
  };

  const record = (node: ts.Node, symbol: ts.Symbol) => {
    const decl = symbol.declarations?.find((d) =>
      isOfficeDeclarationFile(d.getSourceFile().fileName)
    );
    if (!decl) return;
    const member = checker.getFullyQualifiedName(symbol).replace(/^"[^"]*"\./, "");
    const set = setOfDeclaration(decl);
    const guards = guardsAt(node);
    const guard = set ? (guards.find((g) => g.name === set.name && covers(g, set)) ?? null) : null;
    const use: ApiUse = { member, set, at: where(node), guardedBy: guard };
    uses.push(use);
    if (set && !covers(manifest.get(set.name), set) && !guard) {
      failures.push(
        `${use.at}: ${member} needs ${set.name} ${set.version}, above what manifest.xml declares (${
          manifest.has(set.name) ? `${set.name} ${manifest.get(set.name)}` : `no ${set.name}`
        }); guard it with Office.context.requirements.isSetSupported("${set.name}", "${set.version}") and test the fallback.`
      );
    }
  };

  const visit = (node: ts.Node) => {
    // member accesses: a.b and a["b"]
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const nameNode = ts.isPropertyAccessExpression(node) ? node.name : node.argumentExpression;
      const symbol = checker.getSymbolAtLocation(nameNode);
      const objectType = checker.getTypeAtLocation(node.expression);
      const rootName = ts.isIdentifier(node.expression) ? node.expression.text : null;
      if (symbol && isOfficeSymbol(symbol)) record(nameNode, symbol);
      else if (!symbol && (isOfficeType(objectType) || (rootName && OFFICE_ROOTS.has(rootName)))) {
        const name = ts.isPropertyAccessExpression(node)
          ? node.name.text
          : ts.isStringLiteralLike(node.argumentExpression)
            ? node.argumentExpression.text
            : node.argumentExpression.getText();
        failures.push(
          `${where(node)}: ${checker.typeToString(objectType)}.${name} has no declaration in @types/office-js (a preview or unknown member).`
        );
      }
    }
    // Office namespaces used as values (Excel.run, Office.onReady) resolve through the identifier
    if (
      ts.isIdentifier(node) &&
      OFFICE_ROOTS.has(node.text) &&
      !ts.isPropertyAccessExpression(node.parent)
    ) {
      const symbol = checker.getSymbolAtLocation(node);
      if (symbol && isOfficeSymbol(symbol)) record(node, symbol);
    }
    // casts that reach an Office object: the operand is one, or the target type names one
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) {
      const operand = checker.getTypeAtLocation(node.expression);
      const target = node.type;
      const widened =
        target.kind === ts.SyntaxKind.AnyKeyword ||
        target.kind === ts.SyntaxKind.UnknownKeyword ||
        ts.isTypeLiteralNode(target);
      const namesOffice = /\b(Office|Excel|OfficeRuntime|OfficeExtension)\b/.test(target.getText());
      const castFromOffice = isOfficeType(operand) && widened;
      const castToOffice =
        namesOffice &&
        (ts.isTypeLiteralNode(target) ||
          (ts.isAsExpression(node.expression) &&
            node.expression.type.kind === ts.SyntaxKind.UnknownKeyword));
      const reachesGlobal =
        ts.isTypeLiteralNode(target) &&
        target.members.some(
          (m) => m.name && ts.isIdentifier(m.name) && OFFICE_ROOTS.has(m.name.text)
        );
      if (castFromOffice || castToOffice || reachesGlobal) {
        failures.push(
          `${where(node)}: an Office object reached through a cast (${node.getText().slice(0, 80)}); use the declared types.`
        );
      }
    }
    ts.forEachChild(node, visit);
  };

  for (const file of files) {
    const sf = program.getSourceFile(file);
    if (!sf) throw new Error(`Not in the program: ${file}`);
    visit(sf);
  }
  return { uses, failures };
}

/** One line per member: "Excel.Range.values  ExcelApi 1.1  (src/excel/selection.ts:98, …)". */
export function formatUses(uses: ApiUse[]): string {
  const byMember = new Map<string, ApiUse[]>();
  for (const u of uses) byMember.set(u.member, [...(byMember.get(u.member) ?? []), u]);
  const rows = [...byMember.entries()].sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(...rows.map(([m]) => m.length), 10);
  return rows
    .map(([member, list]) => {
      const set = list[0].set
        ? `${list[0].set.name} ${list[0].set.version}`
        : "(no set: always available)";
      const guarded = list.some((u) => u.guardedBy) ? " [guarded]" : "";
      return `${member.padEnd(width)}  ${set.padEnd(26)}${guarded}  ${list.map((u) => u.at).join(", ")}`;
    })
    .join("\n");
}
