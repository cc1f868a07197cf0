// Reading the sign-in state the add-in kept: the last tenant signed in to and its token, and the API base URL the
// sign-in form starts with. Apart from session.ts (signing in and out) because the pane needs it before its first
// form: it reaches only the tenant/URL rules, the host's config.json and the add-in's storage — not the Claret
// client, its response validation (zod) or the Excel adapters, so the sign-in form never waits for them.
import { validateEndpoint } from "../../claret/endpoint";
import { hostProxyBaseUrl } from "../../claret/hostProxy";
import { addinStorage } from "../../excel/addinStorage";
import type { ClaretEndpoint, ClaretSession } from "../api";

export const DEFAULT_BASE_URL = "https://plan.claret.app";

/**
 * The API base URL the sign-in form starts with: the proxy of the host that served the pane, when it
 * has one (npm run serve: same origin, so no CORS), else Claret itself.
 */
export async function defaultBaseUrl(): Promise<string> {
  const page = (globalThis as { location?: { href?: string } }).location?.href;
  return (await hostProxyBaseUrl(page)) ?? DEFAULT_BASE_URL;
}

const TOKEN_KEY_PREFIX = "claret.token.v1:";
/** the email signed in with, kept beside the token (the push log names who pushed; it is not a secret) */
const EMAIL_KEY_PREFIX = "claret.email.v1:";
export const LAST_ENDPOINT_KEY = "claret.lastEndpoint.v1";

export const storage = addinStorage;

export function tokenKey(endpoint: ClaretEndpoint): string {
  return `${TOKEN_KEY_PREFIX}${endpoint.baseUrl}|${endpoint.tenant.toLowerCase()}`;
}

export function emailKey(endpoint: ClaretEndpoint): string {
  return `${EMAIL_KEY_PREFIX}${endpoint.baseUrl}|${endpoint.tenant.toLowerCase()}`;
}

/** The endpoint as the client uses it (trimmed, no trailing slash), or null when it is not valid. */
export function normalized(endpoint: ClaretEndpoint): ClaretEndpoint | null {
  try {
    return validateEndpoint(endpoint);
  } catch {
    return null;
  }
}

export async function readLastEndpoint(): Promise<ClaretEndpoint | null> {
  const raw = await storage().getItem(LAST_ENDPOINT_KEY);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<ClaretEndpoint>;
    return typeof parsed.baseUrl === "string" && typeof parsed.tenant === "string"
      ? normalized({ baseUrl: parsed.baseUrl, tenant: parsed.tenant })
      : null;
  } catch {
    return null;
  }
}

/** The stored session for this tenant and base URL, or null when not signed in there. */
export async function sessionFor(endpoint: ClaretEndpoint): Promise<ClaretSession | null> {
  const ep = normalized(endpoint);
  if (!ep) return null;
  const token = await storage().getItem(tokenKey(ep));
  if (!token) return null;
  const email = await storage().getItem(emailKey(ep));
  return email ? { ...ep, token, email } : { ...ep, token };
}

/** The last signed-in session whose token is still stored. */
export async function currentSession(): Promise<ClaretSession | null> {
  const last = await readLastEndpoint();
  return last ? sessionFor(last) : null;
}
