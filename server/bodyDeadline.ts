// A request's body must have arrived `timeoutMs` after its head, or the request is answered 408 and its connection
// closed. Node's own requestTimeout is off in fastify (0), so a body trickling in a byte every 10 s held its socket
// (and the memory behind it) for as long as the client liked, also after a 404 had been answered (Node reads and
// drops an unread body to keep the connection).
import type { IncomingMessage } from "node:http";
import { PassThrough, type Readable } from "node:stream";
import type { FastifyInstance, FastifyRequest } from "fastify";

interface Deadline {
  timer: NodeJS.Timeout;
  /** while the body parser reads it: the request, and the stream the parser reads instead */
  source?: Readable;
  parsed?: PassThrough;
}

function hasBody(raw: IncomingMessage): boolean {
  return (
    raw.headers["transfer-encoding"] !== undefined || Number(raw.headers["content-length"] ?? 0) > 0
  );
}

export class BodyTimeoutError extends Error {
  readonly statusCode = 408;
  readonly code = "CLARET_HOST_BODY_TIMEOUT";
  constructor(timeoutMs: number) {
    super(
      `The request body did not arrive within ${Math.round(timeoutMs / 100) / 10} seconds; send it again.`
    );
  }
}

export function bodyDeadline(app: FastifyInstance, timeoutMs: number): void {
  const deadlines = new WeakMap<FastifyRequest, Deadline>();

  app.addHook("onRequest", async (request, reply) => {
    const raw = request.raw;
    if (!hasBody(raw) || raw.complete) return;
    const expire = () => {
      if (raw.complete) return;
      const d = deadlines.get(request);
      if (reply.sent) {
        // answered already (a 404, a 405), and Node would go on reading the body to keep the connection
        raw.socket.destroy();
      } else if (d?.parsed && d.source) {
        // the parser fails with the 408 (fastify then answers it with Connection: close)
        d.source.unpipe(d.parsed);
        d.parsed.destroy(new BodyTimeoutError(timeoutMs));
      } else {
        void reply
          .code(408)
          .header("Connection", "close")
          .send({ message: new BodyTimeoutError(timeoutMs).message });
      }
    };
    const deadline: Deadline = { timer: setTimeout(expire, timeoutMs) };
    deadlines.set(request, deadline);
    const done = () => clearTimeout(deadline.timer);
    raw.once("end", done);
    raw.once("close", done);
  });

  app.addHook("preParsing", async (request, _reply, payload) => {
    const d = deadlines.get(request);
    if (!d) return payload;
    d.source = payload;
    d.parsed = new PassThrough();
    // the parser listens for the 408 while it reads; a route that never reads the body does not
    d.parsed.on("error", () => undefined);
    payload.pipe(d.parsed);
    return d.parsed;
  });
}
