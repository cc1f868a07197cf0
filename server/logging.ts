// One JSON line per request (pino, fastify's logger), whatever its end — its status, or that the answer was cut
// and after how many bytes — with nothing in it a planner would not want in a log file: no header is logged (so
// never Authorization), and the logged URL keeps no secret or personal parameter (redactUrl).

import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from "fastify";

export const REDACTED = "[REDACTED]";

/**
 * A query parameter whose name (percent-decoded, brackets removed, any case) contains one of these words has its
 * value replaced in the log: by rule, so `password[]`, `api_token`, `x-auth`, `apiKey` and `user[email]` are all
 * caught, and a planner's email address (tokens/create's `email`) is personal data.
 */
const SECRET_NAME = /password|token|secret|auth|key|bearer|email/;

function decoded(name: string): string {
  let out = name.replace(/\+/g, " ");
  // twice-encoded names too (password%255B%255D)
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(out);
    } catch {
      break; // an undecodable name is judged as far as it decodes
    }
    if (next === out) break;
    out = next;
  }
  return out;
}

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(decoded(name).replace(/[[\]]/g, "").toLowerCase());
}

/** `=`, also percent-encoded (a name=value pair hidden in a path or in a value is caught too). */
const EQUALS = /=|%3d/i;
/** what separates parameters: `&` and `;`, also percent-encoded */
const SEPARATOR = /(&|;|%26|%3b)/i;

/** `name=value` with the value replaced when `always` or when the name says it is secret or personal. */
function redactParam(pair: string, always: boolean): string {
  const m = EQUALS.exec(pair);
  if (!m) return pair;
  const name = pair.slice(0, m.index);
  return always || isSecretName(name) ? `${name}${m[0]}${REDACTED}` : pair;
}

function redactQuery(query: string): string {
  return query
    .split(SEPARATOR)
    .map((part, i) => (i % 2 === 1 ? part : redactParam(part, false)))
    .join("");
}

/**
 * The URL as logged: matrix parameters in the path (`/sales;token=…`) lose their values whatever their names
 * (Claret's routes have none), and so do the query parameters that isSecretName names, whether they are
 * separated by `&` or by `;`. Percent-encoded `?`, `;`, `&` and `=` count as the characters themselves (the host
 * refuses such paths, but logs them as they came).
 */
export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  const rawPath = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? undefined : url.slice(q + 1);
  const encodedQ = /%3f/i.exec(rawPath);
  const path = encodedQ ? rawPath.slice(0, encodedQ.index) : rawPath;
  const loggedPath = path
    .split("/")
    .map((segment) => {
      const parts = segment.split(/(;|%3b)/i);
      // parts: segment, separator, parameter, separator, parameter, …
      return parts.map((p, i) => (i === 0 || i % 2 === 1 ? p : redactParam(p, true))).join("");
    })
    .join("/");
  const hidden = encodedQ ? `${encodedQ[0]}${redactQuery(rawPath.slice(encodedQ.index + 3))}` : "";
  return `${loggedPath}${hidden}${query === undefined ? "" : `?${redactQuery(query)}`}`;
}

interface LoggedRequest {
  method: string;
  url: string;
  hostname?: string;
  ip?: string;
}

/** What the request's one line says besides its request and status. */
interface Note {
  /** body bytes of a streamed answer handed to the connection so far */
  bytes: number;
  /** why the host failed it (a 5xx of its own, or Claret unreachable / too slow) */
  failure?: string;
  /** the error that broke off a streamed answer (Claret's body stopped or failed) */
  streamError?: Error & { code?: string };
  logged: boolean;
}

const notes = new WeakMap<FastifyRequest, Note>();

/** Adds why the request failed to its log line (instead of a line of its own). */
export function noteFailure(request: FastifyRequest, failure: string): void {
  const note = notes.get(request);
  if (note) note.failure = failure;
}

function cutBy(note: Note): string {
  if (!note.streamError) return "the client closed the connection";
  return note.streamError.code === "UND_ERR_BODY_TIMEOUT"
    ? "Claret stopped sending"
    : `Claret's answer broke off (${note.streamError.code ?? note.streamError.message})`;
}

/**
 * Writes each request's one line: when its answer is sent whole (onResponse, which fastify runs for every
 * request it answers), or when its connection closes before that (the answer cut: by Claret stalling or failing
 * mid-body, or by the client going away), with the body bytes sent until then.
 */
export function logEveryRequest(app: FastifyInstance): void {
  const line = (request: FastifyRequest, reply: FastifyReply, note: Note | undefined) => {
    const fields = {
      req: request,
      res: reply,
      responseTimeMs: Math.round(reply.elapsedTime * 10) / 10,
      ...(note?.failure ? { failure: note.failure } : {}),
    };
    if (note) note.logged = true;
    if (reply.raw.writableFinished) request.log.info(fields, "request");
    else
      request.log.warn(
        { ...fields, cut: { afterBytes: note?.bytes ?? 0, by: note ? cutBy(note) : "" } },
        "request"
      );
  };

  app.addHook("onRequest", async (request, reply) => {
    const note: Note = { bytes: 0, logged: false };
    notes.set(request, note);
    reply.raw.once("close", () => {
      if (!note.logged) line(request, reply, note);
    });
  });

  app.addHook("onResponse", async (request, reply) => {
    const note = notes.get(request);
    // an answer not sent whole is logged when its connection closes
    if (note?.logged || !reply.raw.writableFinished) return;
    line(request, reply, note);
  });

  // counts the body bytes as they go out, and keeps the error that may break a streamed answer off: on the answer
  // and the stream themselves, with no stream in between (a Transform and its pipeline for every answer cost the
  // host a quarter of its CPU on small pages: bench proxyLoad)
  app.addHook("onSend", async (request, reply, payload) => {
    const note = notes.get(request);
    if (!note || !(payload instanceof Readable)) return payload;
    payload.on("error", (err: Error & { code?: string }) => {
      note.streamError ??= err;
    });
    const res = reply.raw;
    const write = res.write;
    res.write = function (this: typeof res, chunk: unknown, ...rest: unknown[]): boolean {
      note.bytes +=
        typeof chunk === "string" ? Buffer.byteLength(chunk) : (chunk as Uint8Array).byteLength;
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof res.write;
    return payload;
  });
}

export function loggerOptions(
  stream?: NodeJS.WritableStream
): NonNullable<FastifyServerOptions["logger"]> {
  return {
    level: "info",
    ...(stream ? { stream } : {}),
    // Defence in depth: the serializers below never emit headers, but a future log call that passes
    // a whole request or its headers still loses these.
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        "headers.authorization",
        "headers.cookie",
        'res.headers["set-cookie"]',
      ],
      censor: REDACTED,
    },
    hooks: {
      // @fastify/reply-from writes a warning of its own when Claret fails or times out, a second line for the
      // request: what it says is in the request's own line (`failure`)
      logMethod(args, method) {
        if (args[1] === "response errored") return;
        method.apply(this, args);
      },
    },
    serializers: {
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: redactUrl(req.url),
        host: req.hostname,
        remoteAddress: req.ip,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}
