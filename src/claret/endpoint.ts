// Tenant and base URL: validated before anything is sent, and the only place API URLs are built.

import { ClaretInputError } from "./errors";
import type { ClaretEndpoint } from "./types";

const TENANT = /^[A-Za-z0-9_-]+$/;

function isLoopbackHost(hostname: string): boolean {
  // URL.hostname keeps the brackets of an IPv6 literal.
  return (
    hostname === "localhost" ||
    hostname === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

export function validateTenant(tenant: string): string {
  const t = tenant.trim();
  if (t === "")
    throw new ClaretInputError(
      "tenant",
      'Enter your Claret tenant name (the part after plan.claret.app/ in your Claret address, e.g. "demo").'
    );
  if (!TENANT.test(t)) {
    throw new ClaretInputError(
      "tenant",
      `The tenant "${t}" can only contain letters, digits, "-" and "_". Enter just the tenant name, e.g. "demo", not a web address.`
    );
  }
  return t;
}

/**
 * Checks the API base URL and returns it without a trailing slash. A path is allowed so a
 * same-origin proxy (e.g. https://addin.example.com/claret) works.
 */
export function validateBaseUrl(baseUrl: string): string {
  const raw = baseUrl.trim();
  if (raw === "")
    throw new ClaretInputError(
      "baseUrl",
      "Enter the API base URL, for example https://plan.claret.app (the default)."
    );
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ClaretInputError(
      "baseUrl",
      `The API base URL "${raw}" is not a web address. Enter something like https://plan.claret.app.`
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ClaretInputError(
      "baseUrl",
      `The API base URL must start with https:// (it starts with ${url.protocol}//). Enter something like https://plan.claret.app.`
    );
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new ClaretInputError(
      "baseUrl",
      `The API base URL must use https:// (plain http:// is only allowed for localhost or 127.0.0.1). Change it to https://${url.host}${url.pathname === "/" ? "" : url.pathname}.`
    );
  }
  if (url.username || url.password) {
    throw new ClaretInputError(
      "baseUrl",
      'The API base URL must not contain a user name or password. Remove the part before "@".'
    );
  }
  if (url.search || url.hash) {
    throw new ClaretInputError(
      "baseUrl",
      'The API base URL must not contain "?" or "#". Enter only the address, e.g. https://plan.claret.app.'
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** Validated and normalised copy of an endpoint (trimmed tenant, base URL without trailing slash). */
export function validateEndpoint(endpoint: ClaretEndpoint): ClaretEndpoint {
  return { baseUrl: validateBaseUrl(endpoint.baseUrl), tenant: validateTenant(endpoint.tenant) };
}

/**
 * The one rule for "the same Claret": the base URLs' origin and path (scheme and host without case, a default
 * port left out, trailing slashes ignored) and the tenant without case. Used wherever two endpoints are
 * compared: a table's stored query and the session, a paused work and a sign-in, the push log and an undo.
 */
export function sameClaret(a: ClaretEndpoint, b: ClaretEndpoint): boolean {
  return (
    claretBase(a.baseUrl) === claretBase(b.baseUrl) &&
    a.tenant.trim().toLowerCase() === b.tenant.trim().toLowerCase()
  );
}

/** The base URL as sameClaret compares it: origin + path without trailing slashes. */
function claretBase(baseUrl: string): string {
  const raw = baseUrl.trim();
  try {
    const url = new URL(raw);
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  } catch {
    // not a web address (an old or hand-edited value): compared as text, without case or trailing slashes
    return raw.replace(/\/+$/, "").toLowerCase();
  }
}

export type QueryValue = string | number | undefined;

/** `{base}/{tenant}/api/v1/{path}?query`; undefined query values are left out. */
export function apiUrl(
  endpoint: ClaretEndpoint,
  path: string,
  query: Record<string, QueryValue> = {}
): string {
  const { baseUrl, tenant } = validateEndpoint(endpoint);
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.append(k, String(v));
  const qs = params.toString();
  return `${baseUrl}/${encodeURIComponent(tenant)}/api/v1/${path}${qs ? `?${qs}` : ""}`;
}
