// How the pane finds its host's Claret proxy: config.json beside the page, read over real HTTP.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hostProxyBaseUrl } from "../../src/claret";
import { startHost, type Host } from "../server/helpers";

let host: Host;
beforeAll(async () => {
  host = await startHost("https://plan.claret.app");
});
afterAll(() => host.close());

async function serveJson(body: string, contentType = "application/json"): Promise<Server> {
  const s = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": contentType });
    res.end(body);
  });
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return s;
}
const urlOf = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

it("is the production host's /claret when the page came from it", async () => {
  expect(await hostProxyBaseUrl(`${host.url}/taskpane.html?_host_Info=Excel`)).toBe(
    `${host.url}/claret`
  );
});

it("is resolved against config.json's own place, so a path prefix in front still works", async () => {
  const s = await serveJson('{"apiBaseUrl":"claret"}');
  try {
    expect(await hostProxyBaseUrl(`${urlOf(s)}/excel/taskpane.html`)).toBe(
      `${urlOf(s)}/excel/claret`
    );
  } finally {
    s.close();
  }
});

it("is null where the host has no config.json (a static web server, the dev server)", async () => {
  const s = createServer((_req, res) => res.writeHead(404).end("not found"));
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  try {
    expect(await hostProxyBaseUrl(`${urlOf(s)}/taskpane.html`)).toBeNull();
  } finally {
    s.close();
  }
});

it.each([
  ["another origin", '{"apiBaseUrl":"https://evil.example/claret"}'],
  ["no apiBaseUrl", '{"something":"else"}'],
  ["not JSON", "<html>config</html>"],
])("is null when config.json names %s", async (_name, body) => {
  const s = await serveJson(body);
  try {
    expect(await hostProxyBaseUrl(`${urlOf(s)}/taskpane.html`)).toBeNull();
  } finally {
    s.close();
  }
});

it("is null for a page that is not on http(s)", async () => {
  expect(await hostProxyBaseUrl(undefined)).toBeNull();
  expect(await hostProxyBaseUrl("file:///C:/addin/taskpane.html")).toBeNull();
});
