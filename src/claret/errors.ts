// Typed errors of the Claret client. Every error carries `userMessage`: one sentence a planner can
// act on, never a URL with credentials in it and never a stack trace.

export type ClaretErrorKind =
  | "input" // bad arguments detected before anything was sent (tenant, base URL, query, batch size)
  | "auth" // 401, any 3xx, an HTML answer: the session is gone or never existed
  | "bad-credentials" // 422 on tokens/create
  | "validation" // 422 elsewhere: Claret refused the request, with field errors
  | "unknown-tenant" // 404
  | "rate-limited" // 429
  | "server" // 5xx
  | "request" // any other 4xx Claret should not answer to a well-formed request
  | "network" // connection refused/reset, DNS, CORS (the browser cannot tell them apart)
  | "timeout" // no complete answer within the per-request timeout, or 408
  | "protocol" // the answer breaks the API contract (malformed JSON, bad shape, bad cursor, counts)
  | "aborted"; // the caller cancelled

/** Where a drain can continue: the cursor of the page that failed, and records received before it. */
export interface ResumePoint {
  cursor: number;
  recordsSoFar: number;
  /** the total announced so far, so a resumed drain still notices a count that changed */
  total?: number;
}

export interface ClaretErrorDetails {
  status?: number;
  retryable?: boolean;
  resume?: ResumePoint;
  /** POST only: true when Claret may have written the batch although the client saw no success. */
  mayHaveWritten?: boolean;
  /** What a Retry-After header asked for, in ms (uncapped). */
  retryAfterMs?: number;
  cause?: unknown;
}

export class ClaretError extends Error {
  readonly kind: ClaretErrorKind;
  /** One sentence a planner can act on. */
  readonly userMessage: string;
  /** HTTP status when Claret answered; undefined for network, timeout, abort, input errors. */
  readonly status?: number;
  /** Whether repeating the same request may succeed (used by the retry loop for GETs). */
  readonly retryable: boolean;
  /** Set by salesPages: pass it back as `resume` to continue the drain without refetching. */
  resume?: ResumePoint;
  mayHaveWritten: boolean;
  /** What Retry-After asked for, in ms (uncapped); undefined when absent or unreadable (429 and 503 carry it). */
  readonly retryAfterMs?: number;

  constructor(kind: ClaretErrorKind, userMessage: string, details: ClaretErrorDetails = {}) {
    super(userMessage, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "ClaretError";
    this.kind = kind;
    this.userMessage = userMessage;
    this.status = details.status;
    this.retryable = details.retryable ?? false;
    this.resume = details.resume;
    this.mayHaveWritten = details.mayHaveWritten ?? false;
    this.retryAfterMs = details.retryAfterMs;
  }
}

export class ClaretInputError extends ClaretError {
  /** The argument that is wrong, e.g. "tenant", "baseUrl", "startDate", "content". */
  readonly field: string;
  constructor(field: string, userMessage: string) {
    super("input", userMessage);
    this.name = "ClaretInputError";
    this.field = field;
  }
}

export class ClaretAuthError extends ClaretError {
  constructor(userMessage: string, details: ClaretErrorDetails = {}) {
    super("auth", userMessage, details);
    this.name = "ClaretAuthError";
  }
}

/** Laravel's `errors` object: field → messages; POST content errors use keys like `content.3.quantity`. */
export type FieldErrors = Record<string, string[]>;

export class ClaretValidationError extends ClaretError {
  /** Claret's own `message`. */
  readonly serverMessage: string;
  /** Every field error Claret returned, keys exactly as sent (`sale_type_name`, `content.7.item_name`). */
  readonly fieldErrors: FieldErrors;
  constructor(
    userMessage: string,
    serverMessage: string,
    fieldErrors: FieldErrors,
    details: ClaretErrorDetails = {}
  ) {
    super("validation", userMessage, { status: 422, ...details });
    this.name = "ClaretValidationError";
    this.serverMessage = serverMessage;
    this.fieldErrors = fieldErrors;
  }
}

export class ClaretBadCredentialsError extends ClaretError {
  readonly fieldErrors: FieldErrors;
  constructor(userMessage: string, fieldErrors: FieldErrors) {
    super("bad-credentials", userMessage, { status: 422 });
    this.name = "ClaretBadCredentialsError";
    this.fieldErrors = fieldErrors;
  }
}

export class ClaretUnknownTenantError extends ClaretError {
  readonly tenant: string;
  constructor(tenant: string, userMessage: string, details: ClaretErrorDetails = {}) {
    super("unknown-tenant", userMessage, { status: 404, ...details });
    this.name = "ClaretUnknownTenantError";
    this.tenant = tenant;
  }
}

export class ClaretRateLimitedError extends ClaretError {
  constructor(
    userMessage: string,
    retryAfterMs: number | undefined,
    details: ClaretErrorDetails = {}
  ) {
    super("rate-limited", userMessage, { status: 429, retryable: true, retryAfterMs, ...details });
    this.name = "ClaretRateLimitedError";
  }
}

export class ClaretServerError extends ClaretError {
  constructor(userMessage: string, details: ClaretErrorDetails = {}) {
    super("server", userMessage, details);
    this.name = "ClaretServerError";
  }
}

export class ClaretRequestError extends ClaretError {
  constructor(userMessage: string, details: ClaretErrorDetails = {}) {
    super("request", userMessage, details);
    this.name = "ClaretRequestError";
  }
}

export class ClaretNetworkError extends ClaretError {
  constructor(userMessage: string, details: ClaretErrorDetails = {}) {
    super("network", userMessage, { retryable: true, ...details });
    this.name = "ClaretNetworkError";
  }
}

export class ClaretTimeoutError extends ClaretError {
  /** The per-request timeout that ran out (undefined for a 408 from the server). */
  readonly timeoutMs?: number;
  constructor(
    userMessage: string,
    timeoutMs: number | undefined,
    details: ClaretErrorDetails = {}
  ) {
    super("timeout", userMessage, { retryable: true, ...details });
    this.name = "ClaretTimeoutError";
    this.timeoutMs = timeoutMs;
  }
}

export class ClaretProtocolError extends ClaretError {
  constructor(userMessage: string, details: ClaretErrorDetails = {}) {
    super("protocol", userMessage, details);
    this.name = "ClaretProtocolError";
  }
}

/** The caller cancelled. `name` is 'AbortError' so generic abort checks recognise it too. */
export class ClaretAbortedError extends ClaretError {
  constructor(userMessage = "Cancelled.", details: ClaretErrorDetails = {}) {
    super("aborted", userMessage, details);
    this.name = "AbortError";
  }
}
