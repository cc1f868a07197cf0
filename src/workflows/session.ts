// Sign-in state. The token is kept per tenant + base URL in the add-in's own storage (src/excel/addinStorage.ts:
// OfficeRuntime.storage in the shared runtime, else the page's localStorage, keyed with Office.context.partitionKey
// when the host partitions storage), never in the workbook and never with the password, which is not kept at all.
import { createToken, hostProxyBaseUrl, validateEndpoint } from "../claret";
import { addinStorage } from "../excel";
import type { ClaretEndpoint, ClaretSession } from "./api";

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
const LAST_ENDPOINT_KEY = "claret.lastEndpoint.v1";

const storage = addinStorage;

function tokenKey(endpoint: ClaretEndpoint): string {
  return `${TOKEN_KEY_PREFIX}${endpoint.baseUrl}|${endpoint.tenant.toLowerCase()}`;
}

function emailKey(endpoint: ClaretEndpoint): string {
  return `${EMAIL_KEY_PREFIX}${endpoint.baseUrl}|${endpoint.tenant.toLowerCase()}`;
}

function normalized(endpoint: ClaretEndpoint): ClaretEndpoint | null {
  try {
    return validateEndpoint(endpoint);
  } catch {
    return null;
  }
}

/** Signs in (tokens/create) and remembers the token for this tenant and base URL. */
export async function signIn(
  endpoint: ClaretEndpoint,
  email: string,
  password: string,
  signal?: AbortSignal
): Promise<ClaretSession> {
  const session = await createToken(endpoint, email, password, { signal });
  const ep: ClaretEndpoint = { baseUrl: session.baseUrl, tenant: session.tenant };
  const store = storage();
  await store.setItem(tokenKey(ep), session.token);
  if (session.email) await store.setItem(emailKey(ep), session.email);
  await store.setItem(LAST_ENDPOINT_KEY, JSON.stringify(ep));
  return session;
}

/** Forgets the token of this tenant and base URL. */
export async function signOut(endpoint: ClaretEndpoint): Promise<void> {
  const ep = normalized(endpoint);
  if (!ep) return;
  const store = storage();
  await store.removeItem(tokenKey(ep));
  await store.removeItem(emailKey(ep));
  const last = await readLastEndpoint();
  if (last && tokenKey(last) === tokenKey(ep)) await store.removeItem(LAST_ENDPOINT_KEY);
}

async function readLastEndpoint(): Promise<ClaretEndpoint | null> {
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

/** Forgets a token Claret no longer accepts (401), so the UI asks for a fresh sign-in. */
export async function forgetRejectedToken(session: ClaretSession): Promise<void> {
  const stored = await sessionFor(session);
  if (stored && stored.token === session.token) await storage().removeItem(tokenKey(stored));
}
