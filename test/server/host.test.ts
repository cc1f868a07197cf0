// What the host serves besides the proxy: the pane's files with the headers Office needs, /healthz,
// and /config.json (where the pane finds its API base URL).
import { startHost, type Host } from "./helpers";

let host: Host;
beforeAll(async () => {
  host = await startHost("https://claret.example.com");
});
afterAll(() => host.close());

describe("the task pane page", () => {
  let res: Response;
  let csp: string;
  beforeAll(async () => {
    res = await fetch(`${host.url}/taskpane.html`);
    csp = res.headers.get("content-security-policy") ?? "";
  });

  it("is served", () => {
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
  });

  it("may load Office.js from Microsoft's CDN and nothing from elsewhere", () => {
    expect(csp).toMatch(/script-src 'self' https:\/\/appsforoffice\.microsoft\.com(;|$)/);
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/object-src 'none'/);
  });

  it("may call only itself and the configured Claret", () => {
    expect(csp).toMatch(/connect-src 'self' https:\/\/claret\.example\.com(;|$)/);
  });

  it("may be framed by the Office hosts, and is not refused framing", () => {
    const ancestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1].split(" ") ?? [];
    expect(ancestors).toEqual(
      expect.arrayContaining([
        "https://*.officeapps.live.com",
        "https://*.office.com",
        "https://*.cloud.microsoft",
        "https://*.sharepoint.com",
      ])
    );
    expect(ancestors).not.toContain("'none'");
    expect(res.headers.get("x-frame-options")).toBeNull();
  });

  it("is sent with nosniff and no referrer", () => {
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("names no server software", () => {
    expect(res.headers.get("server")).toBeNull();
    expect(res.headers.get("x-powered-by")).toBeNull();
  });

  it("carries no HSTS over plain http (the TLS-terminating proxy in front sends it)", () => {
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });
});

it("GET /healthz answers 200 with JSON", async () => {
  const res = await fetch(`${host.url}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: "ok", upstream: "https://claret.example.com" });
});

it("/config.json names the proxy, relative to itself", async () => {
  const res = await fetch(`${host.url}/config.json`);
  expect(res.status).toBe(200);
  const config = (await res.json()) as { apiBaseUrl: string };
  expect(new URL(config.apiBaseUrl, res.url).href).toBe(`${host.url}/claret`);
});

it("does not serve dot files such as the build fingerprint", async () => {
  const res = await fetch(`${host.url}/.fingerprint`);
  expect(res.status).toBe(403);
  expect(await res.text()).not.toContain("0123456789abcdef");
});

it("answers an unknown path with a JSON 404", async () => {
  const res = await fetch(`${host.url}/nope`);
  expect(res.status).toBe(404);
  expect(await res.json()).toMatchObject({ message: expect.stringMatching(/Not found/) });
});
