// TLS_CERT and TLS_KEY: the host speaks https itself with the certificate it is given.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
// selfsigned comes with webpack-dev-server (the dev server's certificates); here it makes a test certificate
import { generate } from "selfsigned";
import { buildHost } from "../../server/app";
import { readConfig } from "../../server/config";
import { fakeDist } from "./helpers";

it("serves https with TLS_CERT and TLS_KEY, the certificate the one given, with HSTS", async () => {
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keySize: 2048,
    algorithm: "sha256",
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  const dir = mkdtempSync(join(tmpdir(), "claret-tls-"));
  const dist = fakeDist();
  writeFileSync(join(dir, "cert.pem"), pems.cert);
  writeFileSync(join(dir, "key.pem"), pems.private);
  const config = readConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    TLS_CERT: join(dir, "cert.pem"),
    TLS_KEY: join(dir, "key.pem"),
  });
  const app = await buildHost(config, { distDir: dist });
  try {
    await app.listen({ port: 0, host: "127.0.0.1" });
    const port = (app.server.address() as { port: number }).port;
    const answer = await new Promise<{ status: number; body: string; hsts?: string }>(
      (resolve, reject) => {
        const req = request(
          { hostname: "127.0.0.1", port, path: "/healthz", ca: pems.cert },
          (res) => {
            let body = "";
            res.on("data", (d) => (body += d));
            res.on("end", () =>
              resolve({
                status: res.statusCode ?? 0,
                body,
                hsts: res.headers["strict-transport-security"],
              })
            );
          }
        );
        req.on("error", reject);
        req.end();
      }
    );
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: "ok" });
    expect(answer.hsts).toBe("max-age=31536000");
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(dist, { recursive: true, force: true });
  }
});
