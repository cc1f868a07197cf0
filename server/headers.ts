// Response headers for the task pane's pages and for everything else the host answers.

/**
 * Who may frame the pane. Microsoft lists the Microsoft 365 hosts' frame-ancestor domains in "Tab
 * requirements" (learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements: all hosts
 * *.cloud.microsoft; the Microsoft 365 app *.microsoft365.com, *.office.com; Outlook outlook.office.com,
 * outlook.office365.com). Excel on the web frames add-ins from its Office Online server
 * (*.officeapps.live.com) inside the workbook's page on SharePoint / OneDrive (*.sharepoint.com,
 * onedrive.live.com), and frame-ancestors checks every ancestor, so those are listed too. Desktop
 * Excel shows the pane as a top-level WebView, where frame-ancestors does not apply.
 */
export const OFFICE_FRAME_ANCESTORS = [
  "'self'",
  "https://*.cloud.microsoft",
  "https://*.office.com",
  "https://*.microsoft365.com",
  "https://outlook.office.com",
  "https://outlook.office365.com",
  "https://*.officeapps.live.com",
  "https://*.sharepoint.com",
  "https://onedrive.live.com",
];

/** Office.js must be loaded from Microsoft's CDN (it loads its host-specific parts from there too). */
export const OFFICE_JS_ORIGIN = "https://appsforoffice.microsoft.com";

/** The pane's policy: its own scripts and Office.js; calls to itself (the proxy) and to Claret. */
export function contentSecurityPolicy(claretOrigin: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${OFFICE_JS_ORIGIN}`,
    // Fluent UI (Griffel) inserts <style> elements at run time; taskpane.html has one inline style
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${claretOrigin}`,
    `frame-ancestors ${OFFICE_FRAME_ANCESTORS.join(" ")}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");
}

/** On every answer. No X-Frame-Options: Office frames the pane, and frame-ancestors says by whom. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
};

/** With TLS on the host itself: browsers keep to https for this name for a year. */
export const HSTS = "max-age=31536000";

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection, Claret's with the host, and are never
 * relayed; the host's own connection to the browser has its own (Node's keep-alive handling, and
 * `Connection: close` while it shuts down). Every `Proxy-*` header is dropped too.
 */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** What Claret's software is: nothing the pane needs, and the host names no software of its own. */
const FINGERPRINTS = new Set(["server", "x-powered-by"]);

type HeaderValue = string | string[] | number | undefined;

/** The header names a `Connection` header lists (its tokens, lower-cased), however many times it came. */
function connectionOptions(value: HeaderValue): Set<string> {
  const all = Array.isArray(value) ? value.join(",") : String(value ?? "");
  return new Set(
    all
      .split(",")
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean)
  );
}

/**
 * Claret's answer headers as the browser gets them: no hop-by-hop headers (nor any header `Connection`
 * names), no fingerprints, no cookies and no CORS grants (the proxy is for this origin's pane only).
 */
export function relayedHeaders<H extends Record<string, HeaderValue>>(headers: H): H {
  const named = connectionOptions(headers.connection ?? headers.Connection);
  const out: Record<string, HeaderValue> = {};
  for (const [name, value] of Object.entries(headers)) {
    const n = name.toLowerCase();
    if (HOP_BY_HOP.has(n) || n.startsWith("proxy-") || named.has(n)) continue;
    if (FINGERPRINTS.has(n) || n === "set-cookie" || n.startsWith("access-control-")) continue;
    out[name] = value;
  }
  return out as H;
}
