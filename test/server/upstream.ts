// Stand-in Claret upstreams for the host's tests: a real HTTP server on 127.0.0.1 that records every request it
// receives and answers as the test says (or holds the answer, or stalls mid-body).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
}

export interface StandIn {
  /** http://127.0.0.1:PORT, for CLARET_UPSTREAM */
  url: string;
  /** every request that reached it, in order of arrival */
  received: Received[];
  /** resolves once `n` requests in all have reached it */
  receivedCount(n: number): Promise<void>;
  close(): Promise<void>;
}

export async function startUpstream(
  answer: (req: IncomingMessage, res: ServerResponse) => void
): Promise<StandIn> {
  const received: Received[] = [];
  const waiting: { n: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    for (const w of waiting.filter((w) => received.length >= w.n)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve();
    }
    answer(req, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    receivedCount: (n) =>
      received.length >= n
        ? Promise.resolve()
        : new Promise((resolve) => waiting.push({ n, resolve })),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A small JSON answer, with the headers a Claret behind nginx + PHP sends about itself and its connection. */
export function claretLikeAnswer(res: ServerResponse, body = '{"ok":true}'): void {
  res.writeHead(200, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
    Connection: "keep-alive",
    "Keep-Alive": "timeout=5, max=1000",
    Server: "nginx/1.24.0",
    "X-Powered-By": "PHP/8.3.1",
  });
  res.end(body);
}
