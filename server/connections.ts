// How the host lets its connections go when it stops (SIGTERM, app.close()). Node's own server.close() stops
// accepting and at once destroys every connection that has no request in progress. On a busy keep-alive connection
// that is a race the client loses: its next request may already be on the wire, and it gets a reset for a request it
// sent correctly. So while the host drains:
// - an answer not yet begun says `Connection: close` (the ones in progress now, and every later one), and Node
//   closes the connection once it is sent;
// - a connection with nothing in progress is closed only once it has been quiet for `quietMs` (a client that loops
//   sends its next request well within that, and gets that request answered with `Connection: close`);
// - a connection that has never carried a request counts as quiet since it was opened.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { Server as TlsServer } from "node:tls";

interface Connection {
  socket: Socket;
  /** answers begun and not yet finished or abandoned */
  inProgress: Set<ServerResponse>;
  /** when the last answer ended (or the connection opened) */
  quietSince: number;
}

export interface ConnectionTracker {
  /** From now on, every answer not begun says Connection: close, and quiet connections are closed. */
  drain(): void;
  /** connections open now */
  readonly open: number;
}

export function trackConnections(server: Server, quietMs: number): ConnectionTracker {
  const connections = new Map<Socket, Connection>();
  let draining = false;
  let sweeper: NodeJS.Timeout | undefined;

  const closeOnAnswer = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader("Connection", "close");
  };

  const sweep = () => {
    const now = performance.now();
    for (const c of connections.values())
      if (c.inProgress.size === 0 && now - c.quietSince >= quietMs) c.socket.destroy();
  };

  const opened = (socket: Socket) => {
    connections.set(socket, { socket, inProgress: new Set(), quietSince: performance.now() });
    socket.once("close", () => connections.delete(socket));
  };
  // over TLS, requests come on the TLS socket (a connection still in its handshake is not counted)
  server.on(server instanceof TlsServer ? "secureConnection" : "connection", opened);

  // before fastify's own handler, so that an answer it sends at once already says Connection: close
  server.prependListener("request", (req: IncomingMessage, res: ServerResponse) => {
    const c = connections.get(req.socket);
    if (!c) return;
    c.inProgress.add(res);
    if (draining) closeOnAnswer(res);
    res.once("close", () => {
      c.inProgress.delete(res);
      c.quietSince = performance.now();
    });
  });

  // server.close() calls this first: only the connections quiet for long enough go (see above)
  server.closeIdleConnections = sweep;

  return {
    drain() {
      if (draining) return;
      draining = true;
      for (const c of connections.values()) c.inProgress.forEach(closeOnAnswer);
      sweeper = setInterval(sweep, Math.max(10, quietMs / 4));
      sweeper.unref();
      server.once("close", () => clearInterval(sweeper));
      sweep();
    },
    get open() {
      return connections.size;
    },
  };
}
