// The Host header check: a request names this host once, as a host name or address with an optional port
// (RFC 9110 §7.2, RFC 3986 §3.2.2), or it is refused with 400 before anything else looks at it.
import { isIPv4, isIPv6 } from "node:net";
import type { IncomingMessage } from "node:http";

/** A DNS label: letters, digits, "-" inside (and "_", which some internal names carry), at most 63. */
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i;

function validName(host: string): boolean {
  if (host.length > 253) return false;
  const labels = host.split(".");
  if (!labels.every((l) => LABEL.test(l))) return false;
  // a name whose last label is a number is read as an IPv4 address (WHATWG URL): it must be one
  return !/^\d+$/.test(labels[labels.length - 1]) || isIPv4(host);
}

/** Whether `value` is `host[:port]` with a valid name, IPv4 address or [IPv6] literal and a port 1–65535. */
export function isValidHost(value: string): boolean {
  const m = /^(\[[^\]]*\]|[^:[\]]*)(?::(\d{1,5}))?$/.exec(value);
  if (!m) return false;
  const [, host, port] = m;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return false;
  if (host.startsWith("[")) return isIPv6(host.slice(1, -1));
  return host !== "" && validName(host);
}

/** How many Host headers the request carried (Node keeps only the first in `headers`). */
export function hostHeaderCount(raw: IncomingMessage): number {
  let n = 0;
  for (let i = 0; i < raw.rawHeaders.length; i += 2)
    if (raw.rawHeaders[i].length === 4 && raw.rawHeaders[i].toLowerCase() === "host") n++;
  return n;
}
