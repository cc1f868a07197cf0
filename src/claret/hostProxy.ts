// Where the pane's own host forwards Claret, if it does: the production host (`npm run serve`)
// serves config.json beside taskpane.html naming its same-origin proxy. Found, not guessed: any
// other host (a static web server, the dev server) has no such file, and the pane keeps its default.

import { validateBaseUrl } from "./endpoint";

/** How long the pane waits for config.json before it shows the sign-in form with the default. */
export const HOST_CONFIG_TIMEOUT_MS = 3_000;

/**
 * The API base URL of the host's Claret proxy, e.g. https://addins.example.com/claret, or null when
 * the page's host offers none. `apiBaseUrl` in config.json is resolved against config.json's own URL,
 * so a host behind a path prefix (https://example.com/excel/config.json → …/excel/claret) still works.
 */
export async function hostProxyBaseUrl(pageUrl: string | undefined): Promise<string | null> {
  if (!pageUrl || !/^https?:/i.test(pageUrl)) return null;
  const configUrl = new URL("config.json", pageUrl);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), HOST_CONFIG_TIMEOUT_MS);
  try {
    const res = await fetch(configUrl, {
      cache: "no-cache",
      credentials: "same-origin",
      signal: controller.signal,
    });
    if (!res.ok || !/json/i.test(res.headers.get("content-type") ?? "")) return null;
    const body: unknown = await res.json();
    const api = (body as { apiBaseUrl?: unknown } | null)?.apiBaseUrl;
    if (typeof api !== "string" || api.trim() === "") return null;
    const resolved = new URL(api, res.url || configUrl);
    // only a proxy on the page's own origin: config.json cannot send the password elsewhere
    if (resolved.origin !== new URL(pageUrl).origin) return null;
    return validateBaseUrl(resolved.href);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
