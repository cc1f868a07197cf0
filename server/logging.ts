// One JSON line per request (pino, fastify's logger), whatever its end — its status, or that the answer was cut
// and after how many bytes — with nothing in it a planner would not want in a log file: the Authorization header
// is never logged and tokens/create's `password` query parameter is replaced in the logged URL.

import { Readable, Transform, pipeline } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from "fastify";

export const REDACTED = "[REDACTED]";

/** Query parameters whose values never reach the log. */
const SECRET_PARAMS = new Set(["password", "token", "api_token", "access_token"]);

/** The URL as logged: every secret query parameter's value replaced, however it is spelled. */
export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const parts = url
    .slice(q + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, " "));
      } catch {
        /* an undecodable name is logged as sent */
      }
      return SECRET_PARAMS.has(name.trim().toLowerCase()) ? `${rawName}=${REDACTED}` : pair;
    });
  return `${url.slice(0, q)}?${parts.join("&")}`;
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

  // counts the body bytes as they go out, and keeps the error that may break a streamed answer off
  app.addHook("onSend", async (request, _reply, payload) => {
    const note = notes.get(request);
    if (!note) return payload;
    if (payload instanceof Readable) {
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          note.bytes += chunk.length;
          done(null, chunk);
        },
      });
      pipeline(payload, counted, (err) => {
        if (err) note.streamError = err;
      });
      return counted;
    }
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
