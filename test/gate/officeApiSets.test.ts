// The API-set gate (issue 9 §3): every Office.js member src/ touches must be declared in @types/office-js, within the
// requirement sets manifest.xml declares (or guarded by isSetSupported with a fallback), and reached without a cast.
// The list of members with their sets is written to test-output/office-api-sets.txt; it is printed only on failure.
// Each failure mode is proved on a small fixture source (test/gate/fixtures).
import * as fs from "node:fs";
import * as path from "node:path";
import {
  apiSetOf,
  auditOfficeApis,
  formatUses,
  manifestSets,
  type AuditResult,
} from "./officeApiAudit";

const ROOT = path.resolve(__dirname, "../..");
const FIXTURES = path.join(__dirname, "fixtures");

function sourcesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourcesUnder(p));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

const manifest = manifestSets(fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8"));
let audit: AuditResult;

/** The part of the audit about one file or folder (relative to the repository root). */
function about(prefix: string): AuditResult {
  return {
    uses: audit.uses.filter((u) => u.at.startsWith(prefix)),
    failures: audit.failures.filter((f) => f.startsWith(prefix)),
  };
}

beforeAll(() => {
  // one program for src/ and the fixtures: building it (all of @types/office-js) is the slow part
  audit = auditOfficeApis(
    [...sourcesUnder(path.join(ROOT, "src")), ...sourcesUnder(FIXTURES)],
    manifest,
    ROOT
  );
  const src = about("src/");
  fs.mkdirSync(path.join(ROOT, "test-output"), { recursive: true });
  fs.writeFileSync(
    path.join(ROOT, "test-output/office-api-sets.txt"),
    `Office.js members used by src/, with their requirement sets (manifest.xml declares ${[
      ...manifest,
    ]
      .map(([n, v]) => `${n} ${v}`)
      .join(", ")})\n\n${formatUses(src.uses)}\n`
  );
}, 180_000);

test("manifest.xml declares ExcelApi 1.13 and SharedRuntime 1.1", () => {
  expect(Object.fromEntries(manifest)).toEqual({ ExcelApi: "1.13", SharedRuntime: "1.1" });
});

test("every Office.js member src/ touches is declared, within the manifest's sets or guarded, and reached without a cast", () => {
  const src = about("src/");
  expect(src.uses.length).toBeGreaterThan(50);
  if (src.failures.length > 0) {
    throw new Error(
      `${src.failures.join("\n")}\n\nEvery Office.js member src/ uses, with its set:\n${formatUses(src.uses)}`
    );
  }
});

test("src/ reaches no Workbook.use1904DateSystem and no OfficeThemeChanged", () => {
  const src = about("src/");
  expect(src.uses.map((u) => u.member)).not.toContainEqual(
    expect.stringMatching(/use1904DateSystem/)
  );
  for (const file of sourcesUnder(path.join(ROOT, "src")))
    expect(fs.readFileSync(file, "utf8")).not.toMatch(
      /OfficeThemeChanged|use1904DateSystem\b(?!.*preview)/
    );
});

test("fixture: a member above the manifest's sets fails the gate, naming the member and the set", () => {
  expect(about("test/gate/fixtures/aboveManifest.ts").failures).toEqual([
    expect.stringMatching(
      /^test\/gate\/fixtures\/aboveManifest\.ts:5: Excel\.Range\.getPrecedents needs ExcelApi 1\.14, above what manifest\.xml declares \(ExcelApi 1\.13\)/
    ),
  ]);
});

test("fixture: the same member guarded by isSetSupported for its set passes, and is listed as guarded", () => {
  const guarded = about("test/gate/fixtures/guarded.ts");
  expect(guarded.failures).toEqual([]);
  expect(guarded.uses.find((u) => u.member === "Excel.Range.getPrecedents")).toMatchObject({
    set: { name: "ExcelApi", version: "1.14" },
    guardedBy: { name: "ExcelApi", version: "1.14" },
  });
});

test("fixture: a member with no declaration in @types/office-js fails the gate", () => {
  expect(about("test/gate/fixtures/noDeclaration.ts").failures).toEqual([
    expect.stringMatching(
      /noDeclaration\.ts:7: Workbook\.use1904DateSystem has no declaration in @types\/office-js/
    ),
  ]);
});

test("fixture: Office objects reached through `as any`, `as unknown as …` and a cast of globalThis fail the gate", () => {
  const failures = about("test/gate/fixtures/cast.ts").failures;
  expect(failures).toEqual([
    expect.stringMatching(
      /cast\.ts:5: an Office object reached through a cast \(context\.workbook as any\)/
    ),
    expect.stringMatching(/cast\.ts:6: an Office object reached through a cast/),
    expect.stringMatching(/cast\.ts:7: an Office object reached through a cast \(globalThis as/),
  ]);
});

test("the set is read from both JSDoc forms of @types/office-js, and other hosts' sets are skipped", () => {
  expect(apiSetOf("* @remarks\n * [Api set: ExcelApi 1.14]")).toEqual({
    name: "ExcelApi",
    version: "1.14",
  });
  expect(
    apiSetOf(
      "* **Requirement set**: {@link https://learn.microsoft.com/javascript/api/requirement-sets/common/shared-runtime-requirement-sets | SharedRuntime 1.1}"
    )
  ).toEqual({ name: "SharedRuntime", version: "1.1" });
  expect(apiSetOf("[Api set: Mailbox 1.10, SharedRuntime 1.1]")).toEqual({
    name: "SharedRuntime",
    version: "1.1",
  });
  expect(apiSetOf("[Api set: ExcelApi BETA (PREVIEW ONLY)]")).toMatchObject({ version: "PREVIEW" });
  expect(apiSetOf("no tag here")).toBeUndefined();
});
