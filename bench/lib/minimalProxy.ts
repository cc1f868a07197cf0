// The least a proxy can do, as a yardstick for the host's cost (proxyLoad): node:http's server and a keep-alive
// agent, the request's path and two headers passed on, the answer's status, type and length passed back and its
// body piped through. No framework, no checks, no log. Prints `listening <url>` on stderr; UPSTREAM is the origin.
import { Agent, createServer, request } from "node:http";

const upstream = new URL(process.env.UPSTREAM ?? "http://127.0.0.1");
const agent = new Agent({ keepAlive: true, maxSockets: 1000 });
const server = createServer((req, res) => {
  const up = request(
    {
      host: upstream.hostname,
      port: upstream.port,
      path: (req.url ?? "/").replace(/^\/claret/, ""),
      method: req.method,
      agent,
      headers: { authorization: req.headers.authorization, accept: req.headers.accept },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, {
        "content-type": answer.headers["content-type"],
        "content-length": answer.headers["content-length"],
      });
      answer.pipe(res);
    }
  );
  up.on("error", () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(up);
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.stderr.write(`listening http://127.0.0.1:${port}\n`);
});
