// Checks on manifest.xml, each a function returning the problems it finds as sentences (empty when
// the manifest is right), so the tests can run every check both on the shipped manifest and on a
// deliberately broken copy. Orders and limits come from Microsoft's XSDs (OfficeAppManifestV1_1,
// TaskPaneAppVersionOverridesV1_0, OfficeAppBasicTypesV1_0) and the manifest reference pages.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** The origin every page and icon uses in the repository; the production build rewrites it. */
export const DEV_ORIGIN = "https://localhost:3000";

type Ordered = Record<string, unknown>;

function toNodes(items: Ordered[]): XmlNode[] {
  const nodes: XmlNode[] = [];
  for (const item of items) {
    const name = Object.keys(item).find((k) => k !== ":@");
    if (name === undefined || name === "#text" || name.startsWith("?")) continue;
    const childItems = item[name] as Ordered[];
    const text = childItems
      .filter((c) => "#text" in c)
      .map((c) => String(c["#text"]))
      .join("");
    nodes.push({
      name,
      attrs: (item[":@"] as Record<string, string> | undefined) ?? {},
      children: toNodes(childItems),
      text,
    });
  }
  return nodes;
}

/** Parses the manifest into an ordered tree; throws when the XML is not well-formed. */
export function parseManifest(xml: string): XmlNode {
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new Error(
      `manifest.xml is not well-formed XML: line ${valid.err.line}: ${valid.err.msg}`
    );
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseAttributeValue: false,
    parseTagValue: false,
  });
  const roots = toNodes(parser.parse(xml) as Ordered[]);
  const root = roots.find((n) => n.name === "OfficeApp");
  if (!root) throw new Error("manifest.xml has no <OfficeApp> root element.");
  return root;
}

export function wellFormedProblems(xml: string): string[] {
  const valid = XMLValidator.validate(xml);
  return valid === true
    ? []
    : [`manifest.xml is not well-formed XML: line ${valid.err.line}: ${valid.err.msg}`];
}

// ---- tree helpers ----

function walk(
  node: XmlNode,
  visit: (n: XmlNode, path: XmlNode[]) => void,
  path: XmlNode[] = []
): void {
  visit(node, path);
  for (const c of node.children) walk(c, visit, [...path, node]);
}

function all(root: XmlNode, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  walk(root, (n) => {
    if (n.name === name) out.push(n);
  });
  return out;
}

function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

function path(root: XmlNode, ...names: string[]): XmlNode | undefined {
  let node: XmlNode | undefined = root;
  for (const n of names) node = child(node, n);
  return node;
}

const versionOverrides = (root: XmlNode) => child(root, "VersionOverrides");
const resources = (root: XmlNode) => child(versionOverrides(root), "Resources");
const workbookHost = (root: XmlNode) =>
  child(versionOverrides(root), "Hosts")?.children.find(
    (h) => h.name === "Host" && h.attrs["xsi:type"] === "Workbook"
  );

// ---- element order ----

/** The child sequences the XSDs define, as [where, parent matcher, allowed children in order, required]. */
const SEQUENCES: Array<{
  where: string;
  select: (root: XmlNode) => XmlNode[];
  order: string[];
  required: string[];
}> = [
  {
    where: "OfficeApp",
    select: (root) => [root],
    order: [
      "Id",
      "AlternateId",
      "Version",
      "ProviderName",
      "DefaultLocale",
      "DisplayName",
      "Description",
      "IconUrl",
      "HighResolutionIconUrl",
      "SupportUrl",
      "AppDomains",
      "Hosts",
      "Requirements",
      "DefaultSettings",
      "Permissions",
      "Dictionary",
      "VersionOverrides",
    ],
    required: [
      "Id",
      "Version",
      "ProviderName",
      "DefaultLocale",
      "DisplayName",
      "Description",
      "IconUrl",
      "HighResolutionIconUrl",
      "SupportUrl",
      "AppDomains",
      "Hosts",
      "Requirements",
      "DefaultSettings",
      "Permissions",
      "VersionOverrides",
    ],
  },
  {
    where: "VersionOverrides",
    select: (root) => [versionOverrides(root)].filter((n): n is XmlNode => !!n),
    order: [
      "Description",
      "Requirements",
      "Hosts",
      "Resources",
      "WebApplicationInfo",
      "EquivalentAddins",
    ],
    required: ["Hosts", "Resources"],
  },
  {
    where: "VersionOverrides/Hosts/Host",
    select: (root) => child(versionOverrides(root), "Hosts")?.children ?? [],
    order: ["Runtimes", "AllFormFactors", "DesktopFormFactor"],
    required: ["Runtimes", "DesktopFormFactor"],
  },
  {
    where: "DesktopFormFactor",
    select: (root) => all(root, "DesktopFormFactor"),
    order: ["GetStarted", "FunctionFile", "ExtensionPoint"],
    required: ["GetStarted", "FunctionFile", "ExtensionPoint"],
  },
  {
    where: "GetStarted",
    select: (root) => all(root, "GetStarted"),
    order: ["Title", "Description", "LearnMoreUrl"],
    required: ["Title", "Description", "LearnMoreUrl"],
  },
  {
    where: "Group",
    select: (root) => all(root, "Group"),
    order: ["Label", "Icon", "Control"],
    required: ["Label", "Icon", "Control"],
  },
  {
    where: "Control",
    select: (root) => all(root, "Control"),
    order: ["Label", "Supertip", "Icon", "Action"],
    required: ["Label", "Supertip", "Icon", "Action"],
  },
  {
    where: "Supertip",
    select: (root) => all(root, "Supertip"),
    order: ["Title", "Description"],
    required: ["Title", "Description"],
  },
  {
    where: "Action (ShowTaskpane)",
    select: (root) => all(root, "Action").filter((a) => a.attrs["xsi:type"] === "ShowTaskpane"),
    order: ["TaskpaneId", "SourceLocation", "Title"],
    required: ["SourceLocation"],
  },
  {
    where: "Resources",
    select: (root) => [resources(root)].filter((n): n is XmlNode => !!n),
    order: ["bt:Images", "bt:Urls", "bt:ShortStrings", "bt:LongStrings"],
    required: ["bt:Images", "bt:Urls", "bt:ShortStrings", "bt:LongStrings"],
  },
];

export function orderProblems(root: XmlNode): string[] {
  const problems: string[] = [];
  for (const seq of SEQUENCES) {
    for (const parent of seq.select(root)) {
      let last = -1;
      let lastName = "";
      for (const c of parent.children) {
        const at = seq.order.indexOf(c.name);
        if (at < 0) {
          problems.push(
            `<${c.name}> is not a valid child of <${seq.where}>; allowed, in this order: ${seq.order.join(", ")}.`
          );
          continue;
        }
        if (at < last) {
          problems.push(
            `<${c.name}> comes after <${lastName}> inside <${seq.where}>, but the schema requires the order ${seq.order.join(", ")}.`
          );
        }
        if (at >= last) {
          last = at;
          lastName = c.name;
        }
      }
      for (const r of seq.required) {
        if (!child(parent, r)) problems.push(`<${seq.where}> is missing its <${r}> element.`);
      }
    }
  }
  return problems;
}

// ---- resources and resids ----

type Kind = "bt:Images" | "bt:Urls" | "bt:ShortStrings" | "bt:LongStrings";
const KINDS: Kind[] = ["bt:Images", "bt:Urls", "bt:ShortStrings", "bt:LongStrings"];

export interface Resource {
  id: string;
  kind: Kind;
  value: string;
  node: XmlNode;
}

export function resourceList(root: XmlNode): Resource[] {
  const list: Resource[] = [];
  for (const kind of KINDS) {
    for (const r of child(resources(root), kind)?.children ?? []) {
      list.push({ id: r.attrs.id ?? "", kind, value: r.attrs.DefaultValue ?? "", node: r });
    }
  }
  return list;
}

/** The kind of resource an element's resid must point at. */
function expectedKind(element: string, parent: string): Kind | undefined {
  if (element === "bt:Image") return "bt:Images";
  if (["SourceLocation", "FunctionFile", "Runtime", "LearnMoreUrl"].includes(element))
    return "bt:Urls";
  if (
    element === "Label" ||
    element === "Title" ||
    (element === "Namespace" && parent === "ExtensionPoint")
  )
    return "bt:ShortStrings";
  if (element === "Description") return "bt:LongStrings";
  return undefined;
}

export function residProblems(root: XmlNode): string[] {
  const problems: string[] = [];
  const defined = resourceList(root);
  const byId = new Map<string, Resource[]>();
  for (const r of defined) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  for (const [id, rs] of byId) {
    if (rs.length > 1)
      problems.push(
        `Resource id "${id}" is defined ${rs.length} times (${rs.map((r) => r.kind).join(", ")}); ids must be unique.`
      );
    if (id.length === 0) problems.push("A resource has no id attribute.");
    if (id.length > 32)
      problems.push(`Resource id "${id}" has ${id.length} characters; the limit is 32.`);
  }
  walk(versionOverrides(root) ?? root, (n, trail) => {
    const resid = n.attrs.resid;
    if (resid === undefined) return;
    const parent = trail[trail.length - 1]?.name ?? "";
    const found = byId.get(resid);
    if (!found) {
      problems.push(
        `<${n.name} resid="${resid}"> (inside <${parent}>) refers to a resource that is not defined in <Resources>; add it or fix the resid.`
      );
      return;
    }
    const want = expectedKind(n.name, parent);
    if (want && !found.some((r) => r.kind === want)) {
      problems.push(
        `<${n.name} resid="${resid}"> (inside <${parent}>) needs a ${want} resource but "${resid}" is in ${found[0]!.kind}.`
      );
    }
  });
  return problems;
}

// ---- strings ----

export function stringLengthProblems(root: XmlNode): string[] {
  const problems: string[] = [];
  const limit = (where: string, value: string | undefined, max: number) => {
    if (!value) problems.push(`${where} is empty.`);
    else if (value.length > max)
      problems.push(`${where} has ${value.length} characters; the limit is ${max}.`);
  };
  limit("<DisplayName> DefaultValue", child(root, "DisplayName")?.attrs.DefaultValue, 125);
  limit("<Description> DefaultValue", child(root, "Description")?.attrs.DefaultValue, 250);
  for (const r of resourceList(root)) {
    if (r.kind !== "bt:ShortStrings" && r.kind !== "bt:LongStrings") continue;
    const max = r.kind === "bt:ShortStrings" ? 125 : 250;
    limit(`${r.kind} "${r.id}"`, r.value, max);
    for (const o of r.node.children)
      limit(`${r.kind} "${r.id}" override ${o.attrs.Locale ?? ""}`, o.attrs.Value, max);
  }
  return problems;
}

// ---- URLs ----

export interface UrlUse {
  where: string;
  url: string;
}

export function urlList(root: XmlNode): UrlUse[] {
  const urls: UrlUse[] = [];
  for (const name of ["IconUrl", "HighResolutionIconUrl", "SupportUrl"]) {
    const n = child(root, name);
    if (n) urls.push({ where: `<${name}>`, url: n.attrs.DefaultValue ?? "" });
  }
  const source = path(root, "DefaultSettings", "SourceLocation");
  if (source)
    urls.push({ where: "<DefaultSettings><SourceLocation>", url: source.attrs.DefaultValue ?? "" });
  for (const d of child(root, "AppDomains")?.children ?? [])
    urls.push({ where: "<AppDomain>", url: d.text.trim() });
  for (const r of resourceList(root)) {
    if (r.kind !== "bt:Images" && r.kind !== "bt:Urls") continue;
    urls.push({ where: `${r.kind} "${r.id}"`, url: r.value });
    for (const o of r.node.children)
      urls.push({
        where: `${r.kind} "${r.id}" override ${o.attrs.Locale ?? ""}`,
        url: o.attrs.Value ?? "",
      });
  }
  return urls;
}

export function httpsProblems(root: XmlNode): string[] {
  const problems: string[] = [];
  for (const { where, url } of urlList(root)) {
    let protocol = "";
    try {
      protocol = new URL(url).protocol;
    } catch {
      problems.push(`${where} "${url}" is not an absolute URL; Office needs a full https:// URL.`);
      continue;
    }
    if (protocol !== "https:")
      problems.push(`${where} "${url}" is not https; Office only loads add-in URLs over https.`);
    if (url.length > 2048)
      problems.push(`${where} is ${url.length} characters long; the limit is 2048.`);
  }
  return problems;
}

/** Pages and icons the add-in serves itself must sit on DEV_ORIGIN, so the build can rewrite them all. */
export function selfHostedOriginProblems(root: XmlNode): string[] {
  const own = urlList(root).filter(
    (u) =>
      u.where.startsWith("bt:Images") ||
      u.where === "<DefaultSettings><SourceLocation>" ||
      u.where === "<IconUrl>" ||
      u.where === "<HighResolutionIconUrl>" ||
      u.where === 'bt:Urls "Taskpane.Url"'
  );
  return own
    .filter((u) => !u.url.startsWith(`${DEV_ORIGIN}/`))
    .map(
      (u) =>
        `${u.where} "${u.url}" is not on ${DEV_ORIGIN}; the production build only rewrites that exact origin.`
    );
}

// ---- product: ribbon, runtime, permissions, domains ----

function shortString(root: XmlNode, id: string | undefined): string | undefined {
  return resourceList(root).find((r) => r.kind === "bt:ShortStrings" && r.id === id)?.value;
}

function claretGroup(root: XmlNode): XmlNode | undefined {
  const home = all(root, "OfficeTab").find((t) => t.attrs.id === "TabHome");
  return home?.children.find(
    (g) => g.name === "Group" && shortString(root, child(g, "Label")?.attrs.resid) === "Claret"
  );
}

export function ribbonProblems(root: XmlNode): string[] {
  const group = claretGroup(root);
  if (!group)
    return ['There is no group labelled "Claret" on the Home tab (<OfficeTab id="TabHome">).'];
  const problems: string[] = [];
  const controls = group.children.filter((c) => c.name === "Control");
  const wanted: Array<[string, string]> = [
    ["refreshSheet", "Refresh sheet"],
    ["refreshAll", "Refresh all"],
    ["pushSelection", "Push selection"],
    ["pushChanges", "Push changes"],
  ];
  for (const [fn, label] of wanted) {
    const matches = controls.filter((c) => {
      const action = child(c, "Action");
      return (
        action?.attrs["xsi:type"] === "ExecuteFunction" &&
        child(action, "FunctionName")?.text.trim() === fn
      );
    });
    if (matches.length !== 1) {
      problems.push(
        `The Claret group needs exactly one button running ExecuteFunction "${fn}"; found ${matches.length}.`
      );
      continue;
    }
    const shown = shortString(root, child(matches[0], "Label")?.attrs.resid);
    if (shown !== label)
      problems.push(
        `The "${fn}" button is labelled "${shown ?? "(nothing)"}"; it must read "${label}".`
      );
  }
  const panes = controls.filter((c) => child(c, "Action")?.attrs["xsi:type"] === "ShowTaskpane");
  if (panes.length !== 1)
    problems.push(`The Claret group needs exactly one ShowTaskpane button; found ${panes.length}.`);
  for (const c of controls) {
    const sizes = (child(c, "Icon")?.children ?? []).map((i) => i.attrs.size).sort();
    if (sizes.join() !== ["16", "32", "80"].join()) {
      problems.push(
        `Button "${c.attrs.id}" has icons of sizes ${sizes.join(", ") || "none"}; it needs 16, 32 and 80.`
      );
    }
  }
  return problems;
}

function hasSet(
  setsParent: XmlNode | undefined,
  setTag: string,
  name: string,
  min: string
): boolean {
  return (setsParent?.children ?? []).some(
    (s) => s.name === setTag && s.attrs.Name === name && s.attrs.MinVersion === min
  );
}

export function sharedRuntimeProblems(root: XmlNode): string[] {
  const problems: string[] = [];
  const runtimes =
    child(workbookHost(root), "Runtimes")?.children.filter((r) => r.name === "Runtime") ?? [];
  const runtime = runtimes[0];
  if (runtimes.length !== 1)
    problems.push(
      `The Workbook host declares ${runtimes.length} <Runtime> elements; a shared runtime needs exactly one.`
    );
  if (runtime && runtime.attrs.lifetime !== "long") {
    problems.push(
      `<Runtime> has lifetime="${runtime.attrs.lifetime ?? ""}"; it must be "long" so a refresh is not cut off when the task pane closes.`
    );
  }
  const voSets = path(root, "VersionOverrides", "Requirements", "bt:Sets");
  if (!hasSet(voSets, "bt:Set", "SharedRuntime", "1.1")) {
    problems.push("<VersionOverrides><Requirements> does not require SharedRuntime 1.1.");
  }
  // Microsoft: the shared runtime does not load unless Runtime, FunctionFile and the task pane use one resid.
  const ids = new Map<string, string | undefined>([
    ["<Runtime>", runtime?.attrs.resid],
    ["<FunctionFile>", all(root, "FunctionFile")[0]?.attrs.resid],
    ...all(root, "Action")
      .filter((a) => a.attrs["xsi:type"] === "ShowTaskpane")
      .map((a): [string, string | undefined] => [
        "<ShowTaskpane SourceLocation>",
        child(a, "SourceLocation")?.attrs.resid,
      ]),
  ]);
  const distinct = new Set(ids.values());
  if (distinct.size !== 1 || distinct.has(undefined)) {
    problems.push(
      `Runtime, FunctionFile and ShowTaskpane must share one resid, found ${[...ids].map(([k, v]) => `${k}=${v ?? "(none)"}`).join(", ")}.`
    );
  }
  const pageUrl = resourceList(root).find(
    (r) => r.kind === "bt:Urls" && r.id === runtime?.attrs.resid
  )?.value;
  const defaultPage = path(root, "DefaultSettings", "SourceLocation")?.attrs.DefaultValue;
  if (pageUrl !== defaultPage) {
    problems.push(
      `The runtime page "${pageUrl ?? "(none)"}" differs from <DefaultSettings><SourceLocation> "${defaultPage ?? "(none)"}".`
    );
  }
  return problems;
}

export function requirementProblems(root: XmlNode): string[] {
  const problems: string[] = [];
  const sets = path(root, "Requirements", "Sets");
  const excel = sets?.children.find((s) => s.name === "Set" && s.attrs.Name === "ExcelApi");
  const [major, minor] = (excel?.attrs.MinVersion ?? "0.0").split(".").map(Number);
  if (!excel || major! < 1 || (major === 1 && minor! < 13)) {
    problems.push(
      `<Requirements> must ask for ExcelApi 1.13 or later (table resize); found ${excel?.attrs.MinVersion ?? "none"}.`
    );
  }
  const hosts = child(root, "Hosts")?.children.map((h) => h.attrs.Name) ?? [];
  if (hosts.join() !== "Workbook")
    problems.push(`<Hosts> must list only Workbook; found ${hosts.join(", ") || "none"}.`);
  return problems;
}

export function identityProblems(root: XmlNode): string[] {
  const problems: string[] = [];
  const id = child(root, "Id")?.text.trim() ?? "";
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
    problems.push(`<Id> "${id}" is not a GUID.`);
  // Ids of Microsoft's templates and samples: reusing one collides with other sideloaded add-ins.
  const samples = ["05c2e1c9-3e1d-406e-9a91-e9ac64854143", "565764a6-0f6e-4d98-a1ef-39b86f13d169"];
  if (samples.includes(id.toLowerCase()))
    problems.push(`<Id> "${id}" is copied from a Microsoft sample; generate a new GUID.`);
  const name = child(root, "DisplayName")?.attrs.DefaultValue;
  if (name !== "Claret for Excel")
    problems.push(`<DisplayName> is "${name ?? ""}"; it must be "Claret for Excel".`);
  if (!child(root, "ProviderName")?.text.trim()) problems.push("<ProviderName> is empty.");
  return problems;
}

export function permissionProblems(root: XmlNode): string[] {
  const permission = child(root, "Permissions")?.text.trim();
  return permission === "ReadWriteDocument"
    ? []
    : [`<Permissions> is "${permission ?? ""}"; writing tables needs ReadWriteDocument.`];
}

export function appDomainProblems(root: XmlNode): string[] {
  const domains = child(root, "AppDomains")?.children.map((d) => d.text.trim()) ?? [];
  const problems = domains.includes("https://plan.claret.app")
    ? []
    : [
        `<AppDomains> lists ${domains.join(", ") || "nothing"}; it must include https://plan.claret.app.`,
      ];
  // the add-in's own origin (where npm run serve's /claret proxy lives) is trusted through SourceLocation already
  const source = path(root, "DefaultSettings", "SourceLocation")?.attrs.DefaultValue ?? "";
  const own = /^https?:\/\/[^/]+/.exec(source)?.[0];
  if (own && domains.includes(own))
    problems.push(
      `<AppDomains> lists the add-in's own origin ${own} (SourceLocation's); it is trusted already and must not be listed.`
    );
  return problems;
}

// ---- icons ----

/** Width and height from a PNG's IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (
    bytes.length < 24 ||
    !bytes.subarray(0, 8).equals(signature) ||
    bytes.toString("ascii", 12, 16) !== "IHDR"
  ) {
    throw new Error("not a PNG file");
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/**
 * Every icon URL maps to a file under repoRoot (DEV_ORIGIN/assets/x.png → assets/x.png) that exists
 * and has the pixel size claimed for it: the size attribute of each <bt:Image> reference, an "NxN" in
 * its resid, 32 for IconUrl and 64 for HighResolutionIconUrl (Microsoft's recommended sizes).
 */
export function iconProblems(root: XmlNode, repoRoot: string): string[] {
  const problems: string[] = [];
  const claims: Array<{ where: string; url: string; sizes: Set<number> }> = [];
  const icon = child(root, "IconUrl")?.attrs.DefaultValue;
  if (icon) claims.push({ where: "<IconUrl>", url: icon, sizes: new Set([32]) });
  const high = child(root, "HighResolutionIconUrl")?.attrs.DefaultValue;
  if (high) claims.push({ where: "<HighResolutionIconUrl>", url: high, sizes: new Set([64]) });
  const refs = all(versionOverrides(root) ?? root, "bt:Image").filter(
    (n) => n.attrs.resid !== undefined
  );
  for (const r of resourceList(root).filter((x) => x.kind === "bt:Images")) {
    const sizes = new Set(
      refs.filter((n) => n.attrs.resid === r.id).map((n) => Number(n.attrs.size))
    );
    const named = /(\d+)x\1/.exec(r.id);
    if (named) sizes.add(Number(named[1]));
    claims.push({ where: `bt:Image "${r.id}"`, url: r.value, sizes });
  }
  for (const { where, url, sizes } of claims) {
    if (!url.startsWith(`${DEV_ORIGIN}/`)) {
      problems.push(
        `${where} "${url}" is not served by the add-in itself, so its size cannot be checked.`
      );
      continue;
    }
    const file = join(repoRoot, url.slice(DEV_ORIGIN.length + 1));
    if (!existsSync(file)) {
      problems.push(`${where} points at ${url}, but ${file} does not exist.`);
      continue;
    }
    let size: { width: number; height: number };
    try {
      size = pngSize(readFileSync(file));
    } catch {
      problems.push(`${where}: ${file} is not a PNG.`);
      continue;
    }
    for (const s of sizes) {
      if (size.width !== s || size.height !== s) {
        problems.push(
          `${where} is used as ${s}×${s} px but ${file} is ${size.width}×${size.height} px.`
        );
      }
    }
  }
  return problems;
}
