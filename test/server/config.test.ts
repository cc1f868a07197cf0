// The host's configuration: defaults, and a clear refusal of every bad setting at start.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, readConfig } from "../../server/config";

const refusal = (env: NodeJS.ProcessEnv): string => {
  try {
    readConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error("readConfig accepted it");
};

it("defaults to port 3000 on loopback, forwarding to plan.claret.app", () => {
  expect(readConfig({})).toEqual({
    port: 3000,
    host: "127.0.0.1",
    upstream: "https://plan.claret.app",
    tls: undefined,
    trustProxy: false,
    addinBaseUrl: "https://localhost:3000",
    upstreamTimeoutMs: 25_000,
    bodyTimeoutMs: 30_000,
    maxConnections: 1000,
    drainQuietMs: 1000,
  });
});

it("reads PORT, CLARET_UPSTREAM, TRUST_PROXY, ADDIN_BASE_URL and the limits", () => {
  const c = readConfig({
    BODY_TIMEOUT_MS: "1500",
    MAX_CONNECTIONS: "64",
    PORT: "4510",
    CLARET_UPSTREAM: "http://127.0.0.1:4511/",
    TRUST_PROXY: "127.0.0.1, 10.0.0.0/8",
    ADDIN_BASE_URL: "https://addins.example.com/claret-excel/",
  });
  expect(c).toMatchObject({
    port: 4510,
    upstream: "http://127.0.0.1:4511",
    trustProxy: ["127.0.0.1", "10.0.0.0/8"],
    addinBaseUrl: "https://addins.example.com/claret-excel",
    bodyTimeoutMs: 1500,
    maxConnections: 64,
  });
  expect(readConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(true);
  expect(readConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
});

it.each([
  [{ PORT: "80a" }, /PORT must be a port number/],
  [{ PORT: "70000" }, /PORT must be a port number/],
  [{ CLARET_UPSTREAM: "plan.claret.app" }, /CLARET_UPSTREAM must be the web address/],
  [{ CLARET_UPSTREAM: "http://plan.claret.app" }, /CLARET_UPSTREAM must use https:\/\//],
  [{ CLARET_UPSTREAM: "https://plan.claret.app/demo" }, /CLARET_UPSTREAM must be an origin only/],
  [{ CLARET_UPSTREAM: "ftp://plan.claret.app" }, /CLARET_UPSTREAM must start with https:\/\//],
  [{ TRUST_PROXY: "sometimes" }, /TRUST_PROXY must be/],
  [{ TLS_CERT: "/etc/cert.pem" }, /TLS_CERT and TLS_KEY go together/],
  [
    { TLS_CERT: "/nonexistent/cert.pem", TLS_KEY: "/nonexistent/key.pem" },
    /TLS_CERT names a file that cannot be read/,
  ],
  [{ ADDIN_BASE_URL: "http://addins.example.com" }, /ADDIN_BASE_URL must start with https:\/\//],
  [{ CLARET_TIMEOUT_MS: "soon" }, /CLARET_TIMEOUT_MS must be/],
  [{ BODY_TIMEOUT_MS: "0" }, /BODY_TIMEOUT_MS must be a whole number of milliseconds/],
  [{ MAX_CONNECTIONS: "-5" }, /MAX_CONNECTIONS must be a whole number of connections/],
])("refuses %p", (env, message) => {
  expect(refusal(env)).toMatch(message);
});

it("serves https when TLS_CERT and TLS_KEY are set, on all interfaces unless HOST says otherwise", () => {
  const dir = mkdtempSync(join(tmpdir(), "claret-tls-"));
  writeFileSync(join(dir, "cert.pem"), "CERT");
  writeFileSync(join(dir, "key.pem"), "KEY");
  const c = readConfig({ TLS_CERT: join(dir, "cert.pem"), TLS_KEY: join(dir, "key.pem") });
  expect(c.tls?.cert.toString()).toBe("CERT");
  expect(c.host).toBe("0.0.0.0");
  expect(
    readConfig({
      TLS_CERT: join(dir, "cert.pem"),
      TLS_KEY: join(dir, "key.pem"),
      HOST: "127.0.0.1",
    }).host
  ).toBe("127.0.0.1");
});
