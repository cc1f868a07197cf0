// One JSON line per request (pino, fastify's logger), with nothing in it a planner would not want
// in a log file: the Authorization header is never logged and tokens/create's `password` query
// parameter is replaced in the logged URL.

import type { FastifyServerOptions } from "fastify";

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
