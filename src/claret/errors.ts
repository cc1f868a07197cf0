// Typed errors of the Claret client. Every error carries `userMessage`: one sentence a planner can
// act on, never a URL with credentials in it and never a stack trace. Tell them apart by class
// (`instanceof ClaretAuthError`), the one way used everywhere; the class also narrows to its fields.

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

/** Any error of the Claret client; each case below is its own subclass. */
export abstract class ClaretError extends Error {
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

  constructor(userMessage: string, details: ClaretErrorDetails = {}) {
    super(userMessage, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "ClaretError";
    this.userMessage = userMessage;
    this.status = details.status;
    this.retryable = details.retryable ?? false;
    this.resume = details.resume;
    this.mayHaveWritten = details.mayHaveWritten ?? false;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Bad arguments detected before anything was sent (tenant, base URL, query, batch size). */
export class ClaretInputError extends ClaretError {
  /** The argument that is wrong, e.g. "tenant", "baseUrl", "startDate", "content". */
  readonly field: string;
  constructor(field: string, userMessage: string) {
    super(userMessage);
    this.name = "ClaretInputError";
    this.field = field;
  }
}

/** 401, any 3xx, an HTML answer: the session is gone or never existed. */
export class ClaretAuthError extends ClaretError {
  constructor(userMessage: string, details: ClaretErrorDetails = {}) {
    super(userMessage, details);
    this.name = "ClaretAuthError";
  }
}

/** Laravel's `errors` object: field → messages; POST content errors use keys like `content.3.quantity`. */
export type FieldErrors = Record<string, string[]>;

/** 422 outside tokens/create: Claret refused the request, with field errors. */
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
    super(userMessage, { status: 422, ...details });
    this.name = "ClaretValidationError";
    this.serverMessage = serverMessage;
    this.fieldErrors = fieldErrors;
  }
}

/** 422 on tokens/create: wrong email or password. */
export class ClaretBadCredentialsError extends ClaretError {
  readonly fieldErrors: FieldErrors;
  constructor(userMessage: string, fieldErrors: FieldErrors) {
    super(userMessage, { status: 422 });
    this.name = "ClaretBadCredentialsError";
    this.fieldErrors = fieldErrors;
  }
}

/** 404: no such tenant. */
export class ClaretUnknownTenantError extends ClaretError {
  readonly tenant: string;
  constructor(tenant: string, userMessage: string, details: ClaretErrorDetails = {}) {
    super(userMessage, { status: 404, ...details });
    this.name = "ClaretUnknownTenantError";
    this.tenant = tenant;
  }
}

/** 429: too many requests. */
export class ClaretRateLimitedError extends ClaretError {
  constructor(
    userMessage: string,
    retryAfterMs: number | undefined,
    details: ClaretErrorDetails = {}
  ) {
    super(userMessage, { status: 429, retryable: true, retryAfterMs, ...details });
    this.name = "ClaretRateLimitedError";
  }
}

/** 5xx. */
export class ClaretServerError extends ClaretError {
  constructor(userMessage: string, details: ClaretErrorDetails = {}) {
    super(userMessage, details);
    this.name = "ClaretServerError";
  }
}

/** Any other 4xx, which Claret should not answer to a well-formed request. */
export class ClaretRequestError extends ClaretError {
  constructor(userMessage: string, details: ClaretErrorDetails = {}) {
    super(userMessage, details);
    this.name = "ClaretRequestError";
  }
}

/** Connection refused or reset, DNS, offline: Claret could not be reached at all. */
export class ClaretNetworkError extends ClaretError {
  constructor(userMessage: string, details: ClaretErrorDetails = {}) {
    super(userMessage, { retryable: true, ...details });
    this.name = "ClaretNetworkError";
  }
}

/**
 * The browser refused to hand over Claret's answer (CORS): Claret did not allow the add-in's origin.
 * Repeating the request cannot help, so it is never retried.
 */
export class ClaretBlockedError extends ClaretError {
  /** the add-in page's origin the browser named in its request, when known */
  readonly pageOrigin?: string;
  constructor(
    userMessage: string,
    pageOrigin: string | undefined,
    details: ClaretErrorDetails = {}
  ) {
    super(userMessage, { ...details, retryable: false });
    this.name = "ClaretBlockedError";
    this.pageOrigin = pageOrigin;
  }
}

/** No complete answer within the per-request timeout, or 408. */
export class ClaretTimeoutError extends ClaretError {
  /** The per-request timeout that ran out (undefined for a 408 from the server). */
  readonly timeoutMs?: number;
  constructor(
    userMessage: string,
    timeoutMs: number | undefined,
    details: ClaretErrorDetails = {}
  ) {
    super(userMessage, { retryable: true, ...details });
    this.name = "ClaretTimeoutError";
    this.timeoutMs = timeoutMs;
  }
}

/** The answer breaks the API contract (malformed JSON, bad shape, bad cursor, counts). */
export class ClaretProtocolError extends ClaretError {
  constructor(userMessage: string, details: ClaretErrorDetails = {}) {
    super(userMessage, details);
    this.name = "ClaretProtocolError";
  }
}

/** The caller cancelled. `name` is 'AbortError' so generic abort checks recognise it too. */
export class ClaretAbortedError extends ClaretError {
  constructor(userMessage = "Cancelled.", details: ClaretErrorDetails = {}) {
    super(userMessage, details);
    this.name = "AbortError";
  }
}
