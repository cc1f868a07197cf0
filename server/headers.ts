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
