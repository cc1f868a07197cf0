// Sign-in state. The token is kept per tenant + base URL in the add-in's own storage (src/excel/addinStorage.ts:
// OfficeRuntime.storage in the shared runtime, else the page's localStorage, keyed with Office.context.partitionKey
// when the host partitions storage), never in the workbook and never with the password, which is not kept at all.
import { createToken } from "../../claret";
import type { ClaretEndpoint, ClaretSession } from "../api";
import {
  LAST_ENDPOINT_KEY,
  emailKey,
  normalized,
  readLastEndpoint,
  sessionFor,
  storage,
  tokenKey,
} from "./storedSession";

// Reading what is stored needs none of the client, so it lives apart (the pane's first form uses it).
export { DEFAULT_BASE_URL, currentSession, defaultBaseUrl, sessionFor } from "./storedSession";

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

/** Forgets a token Claret no longer accepts (401), so the UI asks for a fresh sign-in. */
export async function forgetRejectedToken(session: ClaretSession): Promise<void> {
  const stored = await sessionFor(session);
  if (stored && stored.token === session.token) await storage().removeItem(tokenKey(stored));
}
