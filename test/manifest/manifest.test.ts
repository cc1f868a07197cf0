// manifest.xml is what Excel reads to load the add-in: a wrong element order, an undefined resid or
// an http URL and the add-in does not load at all. Each check runs on the shipped manifest (no
// problems) and on a copy broken on purpose (the problem is reported), so no check can pass vacuously.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  appDomainProblems,
  httpsProblems,
  iconProblems,
  identityProblems,
  orderProblems,
  parseManifest,
  permissionProblems,
  requirementProblems,
  residProblems,
  ribbonProblems,
  selfHostedOriginProblems,
  sharedRuntimeProblems,
  stringLengthProblems,
  wellFormedProblems,
  type XmlNode,
} from "./manifestChecks";

const repoRoot = join(__dirname, "..", "..");
const shipped = readFileSync(join(repoRoot, "manifest.xml"), "utf8");
const manifest = parseManifest(shipped);

/** The shipped XML with each [from, to] edit applied once; fails loudly if an edit finds nothing. */
function edited(...edits: Array<[string, string]>): string {
  let xml = shipped;
  for (const [from, to] of edits) {
    if (!xml.includes(from)) throw new Error(`test edit did not apply: ${from}`);
    xml = xml.replace(from, to);
  }
  return xml;
}
const broken = (...edits: Array<[string, string]>): XmlNode => parseManifest(edited(...edits));

/** Moves the first line containing `line` to just before the first line containing `before`. */
function moved(line: string, before: string): XmlNode {
  const lines = shipped.split("\n");
  const from = lines.findIndex((l) => l.includes(line));
  if (from < 0) throw new Error(`test edit did not apply: ${line}`);
  const [text] = lines.splice(from, 1);
  const to = lines.findIndex((l) => l.includes(before));
  if (to < 0) throw new Error(`test edit did not apply: ${before}`);
  lines.splice(to, 0, text!);
  return parseManifest(lines.join("\n"));
}

describe("manifest.xml is well-formed", () => {
  test("the shipped manifest parses as XML", () => {
    expect(wellFormedProblems(shipped)).toEqual([]);
  });

  test("an element left unclosed is reported with its line", () => {
    expect(wellFormedProblems(edited(["</AppDomains>", ""]))).toEqual([
      expect.stringMatching(/not well-formed XML: line \d+/),
    ]);
  });
});

describe("elements appear in the order Microsoft’s schema requires", () => {
  test("every element of the shipped manifest is in schema order and none is missing", () => {
    expect(orderProblems(manifest)).toEqual([]);
  });

  test("Permissions placed before DefaultSettings is reported", () => {
    expect(orderProblems(moved("<Permissions>", "<DefaultSettings>"))).toEqual([
      expect.stringContaining("<DefaultSettings> comes after <Permissions> inside <OfficeApp>"),
    ]);
  });

  test("Runtimes placed after DesktopFormFactor is reported", () => {
    const xml = edited(
      [
        '<Runtimes>\n          <Runtime resid="Taskpane.Url" lifetime="long"/>\n        </Runtimes>\n',
        "",
      ],
      [
        "</DesktopFormFactor>",
        '</DesktopFormFactor><Runtimes><Runtime resid="Taskpane.Url" lifetime="long"/></Runtimes>',
      ]
    );
    expect(orderProblems(parseManifest(xml))).toEqual([
      expect.stringContaining(
        "<Runtimes> comes after <DesktopFormFactor> inside <VersionOverrides/Hosts/Host>"
      ),
    ]);
  });

  test("FunctionFile placed before GetStarted is reported", () => {
    expect(orderProblems(moved("<FunctionFile ", "<GetStarted>"))).toEqual([
      expect.stringContaining("<GetStarted> comes after <FunctionFile> inside <DesktopFormFactor>"),
    ]);
  });

  test("bt:Urls placed before bt:Images inside Resources is reported", () => {
    const urls = shipped.slice(
      shipped.indexOf("      <bt:Urls>"),
      shipped.indexOf("      <!-- ShortStrings")
    );
    const xml = edited([urls, ""], ["      <bt:Images>", `${urls}      <bt:Images>`]);
    expect(orderProblems(parseManifest(xml))).toEqual([
      expect.stringContaining("<bt:Images> comes after <bt:Urls> inside <Resources>"),
    ]);
  });

  test("a manifest without its SupportUrl is reported", () => {
    expect(
      orderProblems(broken(['<SupportUrl DefaultValue="https://plan.claret.app"/>', ""]))
    ).toEqual(["<OfficeApp> is missing its <SupportUrl> element."]);
  });

  test("an element the schema does not allow in a parent is reported", () => {
    expect(orderProblems(broken(["<GetStarted>", "<Commands/><GetStarted>"]))).toEqual([
      expect.stringContaining("<Commands> is not a valid child of <DesktopFormFactor>"),
    ]);
  });
});

describe("every resid used is defined exactly once in Resources", () => {
  test("the shipped manifest defines each resid it uses once, with the right kind of resource", () => {
    expect(residProblems(manifest)).toEqual([]);
  });

  test("a resid that no resource defines is reported", () => {
    expect(
      residProblems(
        broken(['<Label resid="RefreshSheet.Label"/>', '<Label resid="RefreshSheet.Lable"/>'])
      )
    ).toEqual([
      expect.stringContaining(
        '<Label resid="RefreshSheet.Lable"> (inside <Control>) refers to a resource that is not defined'
      ),
    ]);
  });

  test("a resource id defined twice is reported", () => {
    const problems = residProblems(
      broken([
        "<bt:LongStrings>",
        '<bt:LongStrings>\n        <bt:String id="RefreshSheet.Label" DefaultValue="Twice"/>',
      ])
    );
    expect(problems).toEqual([
      expect.stringContaining('Resource id "RefreshSheet.Label" is defined 2 times'),
    ]);
  });

  test("a Label pointing at a LongString is reported", () => {
    expect(
      residProblems(
        broken(['<Label resid="PushSelection.Label"/>', '<Label resid="PushSelection.Tooltip"/>'])
      )
    ).toEqual([
      expect.stringContaining(
        'needs a bt:ShortStrings resource but "PushSelection.Tooltip" is in bt:LongStrings'
      ),
    ]);
  });

  test("a resource id longer than 32 characters is reported", () => {
    const long = "Claret.Group.Label.ThatIsFarTooLong";
    const problems = residProblems(
      broken(
        ['resid="Claret.Group.Label"', `resid="${long}"`],
        ['id="Claret.Group.Label"', `id="${long}"`]
      )
    );
    expect(problems).toEqual([
      expect.stringContaining(`"${long}" has ${long.length} characters; the limit is 32`),
    ]);
  });
});

describe("strings are within Office’s length limits", () => {
  test("every short string is at most 125 and every long string at most 250 characters", () => {
    expect(stringLengthProblems(manifest)).toEqual([]);
  });

  test("a tooltip of 251 characters is reported", () => {
    const tooltip = "x".repeat(251);
    const problems = stringLengthProblems(
      broken([
        'id="RefreshSheet.Tooltip" DefaultValue="',
        `id="RefreshSheet.Tooltip" DefaultValue="${tooltip}`,
      ])
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /bt:LongStrings "RefreshSheet.Tooltip" has \d+ characters; the limit is 250/
      ),
    ]);
  });

  test("a button label of 126 characters is reported", () => {
    const problems = stringLengthProblems(
      broken(['DefaultValue="Push selection"', `DefaultValue="${"y".repeat(126)}"`])
    );
    expect(problems).toEqual([
      'bt:ShortStrings "PushSelection.Label" has 126 characters; the limit is 125.',
    ]);
  });
});

describe("every URL is https", () => {
  test("every URL, icon, page and app domain of the shipped manifest is https", () => {
    expect(httpsProblems(manifest)).toEqual([]);
  });

  test("an icon served over http is reported", () => {
    expect(
      httpsProblems(
        broken([
          '"https://localhost:3000/assets/icon-16.png"',
          '"http://localhost:3000/assets/icon-16.png"',
        ])
      )
    ).toEqual([
      'bt:Images "Icon.16x16" "http://localhost:3000/assets/icon-16.png" is not https; Office only loads add-in URLs over https.',
    ]);
  });

  test("an http AppDomain is reported", () => {
    expect(
      httpsProblems(
        broken(["<AppDomain>https://plan.claret.app", "<AppDomain>http://plan.claret.app"])
      )
    ).toEqual([expect.stringContaining('<AppDomain> "http://plan.claret.app" is not https')]);
  });

  test("a SupportUrl that is not an absolute URL is reported", () => {
    expect(
      httpsProblems(
        broken([
          '<SupportUrl DefaultValue="https://plan.claret.app"',
          '<SupportUrl DefaultValue="plan.claret.app"',
        ])
      )
    ).toEqual([expect.stringContaining('<SupportUrl> "plan.claret.app" is not an absolute URL')]);
  });

  test("the pages and icons the add-in serves use the exact origin the production build rewrites", () => {
    expect(selfHostedOriginProblems(manifest)).toEqual([]);
  });

  test("a page on another origin than https://localhost:3000 is reported", () => {
    const problems = selfHostedOriginProblems(
      broken([
        '<bt:Url id="Taskpane.Url" DefaultValue="https://localhost:3000/',
        '<bt:Url id="Taskpane.Url" DefaultValue="https://127.0.0.1:3000/',
      ])
    );
    expect(problems).toEqual([
      expect.stringContaining(
        'bt:Urls "Taskpane.Url" "https://127.0.0.1:3000/taskpane.html" is not on https://localhost:3000'
      ),
    ]);
  });
});

describe("the Claret group on the Home tab has the five buttons", () => {
  test("Refresh sheet runs refreshSheet, Refresh all runs refreshAll, Push selection runs pushSelection, Push changes runs pushChanges, and one button shows the task pane", () => {
    expect(ribbonProblems(manifest)).toEqual([]);
  });

  test("a Refresh sheet button calling another function is reported", () => {
    expect(
      ribbonProblems(broken(["<FunctionName>refreshSheet<", "<FunctionName>refresh<"]))
    ).toEqual([
      'The Claret group needs exactly one button running ExecuteFunction "refreshSheet"; found 0.',
    ]);
  });

  test("a missing Refresh all button is reported, and one with another label", () => {
    const xml = shipped.replace(
      /<Control xsi:type="Button" id="Claret.RefreshAll">[\s\S]*?<\/Control>/,
      ""
    );
    expect(xml).not.toBe(shipped);
    expect(ribbonProblems(parseManifest(xml))).toEqual([
      'The Claret group needs exactly one button running ExecuteFunction "refreshAll"; found 0.',
    ]);
    expect(
      ribbonProblems(broken(['DefaultValue="Refresh all"', 'DefaultValue="Refresh everything"']))
    ).toEqual([
      'The "refreshAll" button is labelled "Refresh everything"; it must read "Refresh all".',
    ]);
  });

  test("a Push selection button with another label is reported", () => {
    expect(
      ribbonProblems(broken(['DefaultValue="Push selection"', 'DefaultValue="Push"']))
    ).toEqual(['The "pushSelection" button is labelled "Push"; it must read "Push selection".']);
  });

  test("a missing Push changes button is reported", () => {
    const xml = shipped.replace(
      /<Control xsi:type="Button" id="Claret.PushChanges">[\s\S]*?<\/Control>/,
      ""
    );
    expect(xml).not.toBe(shipped);
    expect(ribbonProblems(parseManifest(xml))).toEqual([
      'The Claret group needs exactly one button running ExecuteFunction "pushChanges"; found 0.',
    ]);
  });

  test("a Push changes button with another label is reported", () => {
    expect(
      ribbonProblems(broken(['DefaultValue="Push changes"', 'DefaultValue="Push edits"']))
    ).toEqual(['The "pushChanges" button is labelled "Push edits"; it must read "Push changes".']);
  });

  test("a missing Show task pane button is reported", () => {
    const xml = shipped.replace(
      /<Control xsi:type="Button" id="Claret.ShowTaskpane">[\s\S]*?<\/Control>/,
      ""
    );
    expect(xml).not.toBe(shipped);
    expect(ribbonProblems(parseManifest(xml))).toEqual([
      "The Claret group needs exactly one ShowTaskpane button; found 0.",
    ]);
  });

  test("a group on another tab than Home is reported", () => {
    expect(
      ribbonProblems(broken(['<OfficeTab id="TabHome">', '<OfficeTab id="TabData">']))
    ).toEqual(['There is no group labelled "Claret" on the Home tab (<OfficeTab id="TabHome">).']);
  });

  test("a button without its 80 px icon is reported", () => {
    const xml = shipped.replace(
      /(id="Claret.RefreshSheet">[\s\S]*?)<bt:Image size="80" resid="Icon.80x80"\/>/,
      "$1"
    );
    expect(xml).not.toBe(shipped);
    expect(ribbonProblems(parseManifest(xml))).toEqual([
      'Button "Claret.RefreshSheet" has icons of sizes 16, 32; it needs 16, 32 and 80.',
    ]);
  });
});

describe("the shared runtime is declared", () => {
  test("one long-lived runtime, required as SharedRuntime 1.1, loads the task pane page used by every part", () => {
    expect(sharedRuntimeProblems(manifest)).toEqual([]);
  });

  test("a short-lived runtime is reported", () => {
    expect(sharedRuntimeProblems(broken(['lifetime="long"', 'lifetime="short"']))).toEqual([
      expect.stringContaining('<Runtime> has lifetime="short"; it must be "long"'),
    ]);
  });

  test("a VersionOverrides without the SharedRuntime 1.1 requirement is reported", () => {
    expect(
      sharedRuntimeProblems(
        broken([
          '<bt:Set Name="SharedRuntime" MinVersion="1.1"/>',
          '<bt:Set Name="AddinCommands" MinVersion="1.1"/>',
        ])
      )
    ).toEqual(["<VersionOverrides><Requirements> does not require SharedRuntime 1.1."]);
  });

  test("a FunctionFile on another resid than the runtime is reported", () => {
    const xml = edited(
      ['<FunctionFile resid="Taskpane.Url"/>', '<FunctionFile resid="Commands.Url"/>'],
      [
        "<bt:Urls>",
        '<bt:Urls>\n        <bt:Url id="Commands.Url" DefaultValue="https://localhost:3000/taskpane.html"/>',
      ]
    );
    expect(sharedRuntimeProblems(parseManifest(xml))).toEqual([
      expect.stringContaining(
        "Runtime, FunctionFile and ShowTaskpane must share one resid, found <Runtime>=Taskpane.Url, <FunctionFile>=Commands.Url"
      ),
    ]);
  });

  test("a runtime page different from the default task pane page is reported", () => {
    const problems = sharedRuntimeProblems(
      broken([
        '<SourceLocation DefaultValue="https://localhost:3000/taskpane.html"/>',
        '<SourceLocation DefaultValue="https://localhost:3000/index.html"/>',
      ])
    );
    expect(problems).toEqual([
      expect.stringContaining(
        'differs from <DefaultSettings><SourceLocation> "https://localhost:3000/index.html"'
      ),
    ]);
  });
});

describe("requirements, permission, domain and identity", () => {
  test("ExcelApi 1.13 is required and the only host is Workbook", () => {
    expect(requirementProblems(manifest)).toEqual([]);
  });

  test("an ExcelApi requirement below 1.13 is reported", () => {
    expect(
      requirementProblems(
        broken([
          '<Set Name="ExcelApi" MinVersion="1.13"/>',
          '<Set Name="ExcelApi" MinVersion="1.9"/>',
        ])
      )
    ).toEqual(["<Requirements> must ask for ExcelApi 1.13 or later (table resize); found 1.9."]);
  });

  test("the add-in asks for ReadWriteDocument", () => {
    expect(permissionProblems(manifest)).toEqual([]);
  });

  test("a ReadDocument permission is reported", () => {
    expect(
      permissionProblems(broken(["<Permissions>ReadWriteDocument<", "<Permissions>ReadDocument<"]))
    ).toEqual(['<Permissions> is "ReadDocument"; writing tables needs ReadWriteDocument.']);
  });

  test("https://plan.claret.app is an AppDomain", () => {
    expect(appDomainProblems(manifest)).toEqual([]);
  });

  test("AppDomains without plan.claret.app are reported", () => {
    expect(
      appDomainProblems(
        broken(["<AppDomain>https://plan.claret.app", "<AppDomain>https://claret.example"])
      )
    ).toEqual([
      "<AppDomains> lists https://claret.example; it must include https://plan.claret.app.",
    ]);
  });

  test("AppDomains listing the add-in's own origin (where the /claret proxy is) are reported", () => {
    expect(
      appDomainProblems(
        broken([
          "<AppDomain>https://plan.claret.app</AppDomain>",
          "<AppDomain>https://plan.claret.app</AppDomain><AppDomain>https://localhost:3000</AppDomain>",
        ])
      )
    ).toEqual([
      "<AppDomains> lists the add-in's own origin https://localhost:3000 (SourceLocation's); it is trusted already and must not be listed.",
    ]);
  });

  test("the Id is a GUID of its own and the display name is Claret for Excel", () => {
    expect(identityProblems(manifest)).toEqual([]);
  });

  test("an Id copied from Microsoft’s template is reported", () => {
    const id = /<Id>([^<]+)<\/Id>/.exec(shipped)![1]!;
    expect(identityProblems(broken([id, "05c2e1c9-3e1d-406e-9a91-e9ac64854143"]))).toEqual([
      expect.stringContaining("is copied from a Microsoft sample"),
    ]);
  });
});

describe("icons exist in assets/ at the pixel size claimed for them", () => {
  test("every icon URL maps to a PNG in assets/ whose IHDR size matches its use", () => {
    expect(iconProblems(manifest, repoRoot)).toEqual([]);
  });

  test("the 16 px icon resource pointing at the 32 px file is reported", () => {
    const problems = iconProblems(broken(["assets/icon-16.png", "assets/icon-32.png"]), repoRoot);
    expect(problems).toEqual([
      expect.stringContaining('bt:Image "Icon.16x16" is used as 16×16 px but'),
    ]);
    expect(problems[0]).toContain("is 32×32 px");
  });

  test("an icon whose file is missing from assets/ is reported", () => {
    const problems = iconProblems(broken(["assets/icon-64.png", "assets/icon-65.png"]), repoRoot);
    expect(problems).toEqual([
      expect.stringContaining(
        "<HighResolutionIconUrl> points at https://localhost:3000/assets/icon-65.png, but"
      ),
    ]);
  });

  test("an icon file that is not a PNG is reported", () => {
    const problems = iconProblems(
      broken([
        '"https://localhost:3000/assets/icon-80.png"',
        '"https://localhost:3000/manifest.xml"',
      ]),
      repoRoot
    );
    expect(problems).toEqual([expect.stringContaining('bt:Image "Icon.80x80":')]);
    expect(problems[0]).toContain("is not a PNG");
  });
});
