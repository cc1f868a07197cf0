// One HTTP request to Claret: headers, per-request timeout combined with the caller's signal,
// redirects never followed, and every answer that is not a JSON 2xx turned into a typed error.

import {
  ClaretAbortedError,
  ClaretAuthError,
  ClaretBadCredentialsError,
  ClaretBlockedError,
  ClaretError,
  ClaretNetworkError,
  ClaretProtocolError,
  ClaretRateLimitedError,
  ClaretRequestError,
  ClaretServerError,
  ClaretTimeoutError,
  ClaretUnknownTenantError,
  ClaretValidationError,
  type FieldErrors,
} from "./errors";
import { linkedController } from "./abort";
import { parseRetryAfter } from "./retry";
import type { ClaretEndpoint } from "./types";

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface RequestOptions {
  signal?: AbortSignal;
  /** Per request, body included. Default 30 s. */
  timeoutMs?: number;
}

/** What the request does: decides how errors are worded and whether a failure may have written data. */
export type RequestAction = "sign-in" | "read" | "write";

export interface ClaretRequest {
  method: "GET" | "POST";
  url: string;
  endpoint: ClaretEndpoint;
  action: RequestAction;
  token?: string;
  body?: unknown;
}

const UNKNOWN_OUTCOME =
  " It is not known whether Claret saved these rows: pull the data to check before pushing them again.";

/** Sends one request and returns the parsed JSON of a 2xx answer; throws a ClaretError otherwise. */
export async function claretFetch(req: ClaretRequest, opts: RequestOptions = {}): Promise<unknown> {
  const { text, status } = await claretFetchText(req, opts);
  return parseClaretJson(text, status, req.action === "write");
}

/**
 * claretFetch without the JSON parse: the text of a 2xx answer, so a caller may look at it before
 * parsing (the page drain finds the next cursor in it). Parse it with parseClaretJson.
 */
export async function claretFetchText(
  req: ClaretRequest,
  opts: RequestOptions = {}
): Promise<{ text: string; status: number }> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const callerSignal = opts.signal;
  if (callerSignal?.aborted) throw new ClaretAbortedError();

  // One signal for the caller's abort and the timeout.
  const controller = linkedController(callerSignal);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);

  const writing = req.action === "write";
  const failure = (e: unknown): ClaretError => {
    if (e instanceof ClaretError) return e;
    if (callerSignal?.aborted)
      return new ClaretAbortedError("Cancelled.", { cause: e, mayHaveWritten: writing });
    if (timedOut) {
      const s = Math.round(timeoutMs / 100) / 10;
      return new ClaretTimeoutError(
        `Claret did not answer within ${s} seconds.` +
          (writing ? UNKNOWN_OUTCOME : " Check your connection and try again."),
        timeoutMs,
        { cause: e, mayHaveWritten: writing }
      );
    }
    return new ClaretNetworkError(
      writing
        ? "The connection to Claret broke while saving." + UNKNOWN_OUTCOME
        : `Could not get an answer from Claret at ${req.endpoint.baseUrl}: the connection failed or broke off. Check your internet connection and the API base URL, then try again.`,
      { cause: e, mayHaveWritten: writing }
    );
  };

  const headers: Record<string, string> = {
    Accept: "application/json",
    "Content-Type": "application/json",
    "X-Requested-With": "XMLHttpRequest",
  };
  if (req.token !== undefined) headers.Authorization = `Bearer ${req.token}`;

  try {
    let res: Response;
    try {
      res = await fetch(req.url, {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        redirect: "manual",
        signal: controller.signal,
        cache: "no-store",
        credentials: "omit",
      });
    } catch (e) {
      // No answer at all. A browser says the same (TypeError) whether Claret is unreachable or CORS
      // withheld its answer; one probe tells them apart.
      const unreached = failure(e);
      if (!(unreached instanceof ClaretNetworkError)) throw unreached;
      const blocked = await answerWasBlocked(req.endpoint.baseUrl, controller.signal);
      if (callerSignal?.aborted) throw new ClaretAbortedError("Cancelled.", { cause: e });
      throw blocked ? blockedError(req, e) : unreached;
    }
    // Read the whole body inside the timeout: a hang or reset mid-body is caught here too.
    const text = await res.text();
    classify(req, res, text);
    return { text, status: res.status };
  } catch (e) {
    throw failure(e);
  } finally {
    clearTimeout(timer);
    controller.release();
  }
}

/**
 * Whether Claret's server answers this page at all: a no-cors GET needs no CORS permission (no
 * preflight, and the answer comes back opaque, unread). An opaque answer after a failed call means
 * the server is there and the browser withheld the answer: CORS. Outside a browser (or on the
 * page's own origin) the answer is not opaque, and a failed call stays a network failure.
 */
async function answerWasBlocked(baseUrl: string, signal: AbortSignal): Promise<boolean> {
  try {
    const probe = await fetch(`${baseUrl}/`, {
      mode: "no-cors",
      method: "GET",
      credentials: "omit",
      cache: "no-store",
      // (redirect "manual" cannot be combined with no-cors: Chromium rejects the answer)
      signal,
    });
    return probe.type === "opaque";
  } catch {
    return false;
  }
}

function pageOrigin(): string | undefined {
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin;
  return origin && origin !== "null" ? origin : undefined;
}

function blockedError(req: ClaretRequest, cause: unknown): ClaretBlockedError {
  const origin = pageOrigin();
  const claret = new URL(req.endpoint.baseUrl).origin;
  const address = origin ? `this add-in's address (${origin})` : "this add-in's address";
  const proxy = origin ? `${origin}/claret` : "the add-in's address followed by /claret";
  return new ClaretBlockedError(
    `Your browser blocked Claret's answer: Claret at ${claret} does not allow ${address} to call it (a CORS rule). ` +
      "Your connection and your account are fine, and trying again will not help. " +
      `Ask IT to serve the add-in with its own host, which passes Claret on through the add-in's address (npm run serve, with CLARET_UPSTREAM=${claret}), ` +
      `and to set the API base URL (sign-in form, Advanced) to ${proxy}.` +
      (req.action === "write" ? UNKNOWN_OUTCOME : ""),
    origin,
    { cause, mayHaveWritten: req.action === "write" }
  );
}

/** Throws the ClaretError for an answer that is not a usable 2xx. */
function classify(req: ClaretRequest, res: Response, text: string): void {
  const { status } = res;
  const contentType = res.headers.get("content-type") ?? "";
  const html = /text\/html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(text);
  const writing = req.action === "write";

  // Node (undici) gives the real 3xx; browsers give an opaque redirect with status 0.
  if (
    res.type === "opaqueredirect" ||
    status === 0 ||
    (status >= 300 && status < 400) ||
    status === 401 ||
    status === 419 ||
    (html && status < 400)
  ) {
    throw new ClaretAuthError(
      req.action === "sign-in"
        ? `Claret at ${req.endpoint.baseUrl} answered with a login page instead of a token. Check the API base URL and the tenant name.`
        : "Your Claret session has expired or was signed out. Sign in again to continue.",
      { status }
    );
  }
  if (status === 403) {
    throw new ClaretAuthError(
      "Claret refused access for this account. Sign in with an account that may use this tenant.",
      { status }
    );
  }
  if (status >= 200 && status < 300) return;

  const body = tryParseJson(text);
  const serverMessage = typeof body?.message === "string" ? body.message : "";

  if (status === 404) {
    throw new ClaretUnknownTenantError(
      req.endpoint.tenant,
      `Claret has no tenant "${req.endpoint.tenant}" at ${req.endpoint.baseUrl}. Check the tenant name and the API base URL.`
    );
  }
  if (status === 422) {
    const fieldErrors = readFieldErrors(body?.errors);
    if (req.action === "sign-in") {
      throw new ClaretBadCredentialsError(
        `${serverMessage || "These credentials do not match our records."} Check your email and password.`,
        fieldErrors
      );
    }
    // a push maps fieldErrors to cells itself; a pull's planner needs to know where to fix it
    const todo = req.action === "read" ? " Correct it in the pull settings and pull again." : "";
    throw new ClaretValidationError(
      validationSentence(serverMessage, fieldErrors) + todo,
      serverMessage,
      fieldErrors
    );
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), Date.now());
    const minutes = Math.round((retryAfterMs ?? 0) / 60_000);
    throw new ClaretRateLimitedError(
      minutes >= 2
        ? `Claret is receiving too many requests right now and asks to wait about ${minutes} minutes. Try again then.`
        : "Claret is receiving too many requests right now. Wait a minute and try again.",
      retryAfterMs
    );
  }
  if (status === 408) {
    throw new ClaretTimeoutError(
      "Claret gave up waiting for the request (HTTP 408)." +
        (writing ? UNKNOWN_OUTCOME : " Try again."),
      undefined,
      { status, mayHaveWritten: writing }
    );
  }
  if (status >= 500) {
    const retryable = [500, 502, 503, 504].includes(status);
    // a 503 for maintenance says when to come back (RFC 9110 §10.2.3)
    const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), Date.now());
    throw new ClaretServerError(
      `Claret had a server problem (HTTP ${status}).` +
        (writing ? UNKNOWN_OUTCOME : " Try again in a few minutes."),
      { status, retryable, mayHaveWritten: writing, retryAfterMs }
    );
  }
  throw new ClaretRequestError(
    `Claret refused the request (HTTP ${status}${serverMessage ? `: ${serverMessage}` : ""}). If this keeps happening, contact Claret support.`,
    { status }
  );
}

/** The JSON of a 2xx answer's text; a ClaretProtocolError (retryable for a read) if it is not JSON. */
export function parseClaretJson(text: string, status: number, writing: boolean): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    // Usually a truncated transfer, so a GET may repeat it; a POST must not (it may have been applied).
    throw new ClaretProtocolError(
      "Claret sent an answer that could not be read (not valid JSON)." +
        (writing ? UNKNOWN_OUTCOME : " Try again; if it keeps happening, contact Claret support."),
      { status, retryable: !writing, mayHaveWritten: writing, cause: e }
    );
  }
}

function tryParseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === "object" && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function readFieldErrors(errors: unknown): FieldErrors {
  const out: FieldErrors = {};
  if (errors === null || typeof errors !== "object" || Array.isArray(errors)) return out;
  for (const [key, v] of Object.entries(errors)) {
    const list = Array.isArray(v) ? v : [v];
    out[key] = list.map((m) => (typeof m === "string" ? m : JSON.stringify(m)));
  }
  return out;
}

// Query parameters as the planner knows them from the pull form.
const FIELD_LABELS: Record<string, string> = {
  sale_type_name: "Sale type",
  "arguments.sale_type_name": "Sale type",
  start_date: "Start date",
  duration: "Duration (days)",
  include_flattened_hierarchy: "Include hierarchy columns",
  current_index: "Page cursor",
};

function fieldLabel(key: string): string {
  const content = /^content\.(\d+)\.(.+)$/.exec(key);
  if (content) return `Row ${Number(content[1]) + 1} of the batch, ${content[2]}`;
  return FIELD_LABELS[key] ?? key;
}

/** "Claret refused the request: Sale type: The selected sale type name is invalid." (first 3 fields). */
function validationSentence(serverMessage: string, fieldErrors: FieldErrors): string {
  const keys = Object.keys(fieldErrors);
  if (keys.length === 0) return `Claret refused the request: ${serverMessage || "invalid data"}.`;
  const parts = keys.slice(0, 3).map((k) => `${fieldLabel(k)}: ${fieldErrors[k].join(" ")}`);
  const more = keys.length > 3 ? ` (and ${keys.length - 3} more)` : "";
  return `Claret refused the request. ${parts.join("; ")}${more}`.replace(/([^.])$/, "$1.");
}
