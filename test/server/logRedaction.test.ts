// The request log keeps no secret and no planner's email address: every case the issue listed, and others the
// same rule catches, sent through the host over HTTP; then the log is searched for each value.
import { raw, startHost, type Host } from "./helpers";
import { claretLikeAnswer, startUpstream, type StandIn } from "./upstream";

const SALES = "/claret/demo/api/v1/sales";
const TOKENS = "/claret/demo/api/v1/tokens/create";

/** [what, method, target, the value that must not be logged] */
const CASES: [string, string, string, string][] = [
  ["password[]", "GET", `${SALES}?sale_type_name=History&password[]=Secret-01`, "Secret-01"],
  [
    "password%5B%5D",
    "GET",
    `${SALES}?sale_type_name=History&password%5B%5D=Secret-02`,
    "Secret-02",
  ],
  [
    "a ;-separated password",
    "GET",
    `${SALES}?sale_type_name=History;password=Secret-03`,
    "Secret-03",
  ],
  ["api_token[]", "GET", `${SALES}?sale_type_name=History&api_token[]=Secret-04`, "Secret-04"],
  ["auth=", "GET", `${SALES}?sale_type_name=History&auth=Secret-05`, "Secret-05"],
  ["key=", "GET", `${SALES}?sale_type_name=History&key=Secret-06`, "Secret-06"],
  ["bearer=", "GET", `${SALES}?sale_type_name=History&bearer=Secret-07`, "Secret-07"],
  ["a matrix parameter ;token= in the path", "GET", `${SALES};token=Secret-08`, "Secret-08"],
  [
    "the email of a sign-in",
    "POST",
    `${TOKENS}?email=ana.planner%40example.com&password=Secret-09`,
    "ana.planner",
  ],
  ["the password of a sign-in", "POST", `${TOKENS}?email=a%40b.c&password=Secret-10`, "Secret-10"],
  // the same rule, spelt otherwise
  ["client_secret", "GET", `${SALES}?client_secret=Secret-11`, "Secret-11"],
  ["apiKey", "GET", `${SALES}?apiKey=Secret-12`, "Secret-12"],
  ["X-Auth-Token", "GET", `${SALES}?X-Auth-Token=Secret-13`, "Secret-13"],
  ["user[email]", "GET", `${SALES}?user[email]=bo%40example.com`, "bo%40example.com"],
  ["a twice-encoded name", "GET", `${SALES}?password%255B%255D=Secret-14`, "Secret-14"],
  ["an encoded letter in the name", "GET", `${SALES}?p%61ssword=Secret-15`, "Secret-15"],
  ["a matrix parameter with encoded ; and =", "GET", `${SALES}%3Btoken%3DSecret-16`, "Secret-16"],
  ["a query in an encoded ?", "GET", `/claret%3Fpassword=Secret-17`, "Secret-17"],
];

/** the target with a parameter naming its case, to find its log line by */
const marked = (target: string, i: number) =>
  `${target}${target.includes("?") ? "&" : "?"}case=${i}`;

let upstream: StandIn;
let host: Host;
beforeAll(async () => {
  upstream = await startUpstream((_req, res) => claretLikeAnswer(res));
  host = await startHost(upstream.url);
  for (const [i, [, method, target]] of CASES.entries())
    await raw(host.url, method, marked(target, i));
});
afterAll(async () => {
  await host.close();
  await upstream.close();
});

it("logs one line for every request", () => {
  expect(host.logLines.filter((l) => /"msg":"request"/.test(l))).toHaveLength(CASES.length);
});

it.each(CASES)("does not log %s", (_what, _method, target, secret) => {
  const line = host.logLines.find(
    (l) => l.includes(target.split(/[?;%]/)[0]) && l.includes("REDACTED")
  );
  expect(line).toBeDefined();
  expect(host.logLines.join("\n")).not.toContain(secret);
});

it("keeps the parameters that are neither secret nor personal, and Claret still gets the values", () => {
  const first = JSON.parse(host.logLines.find((l) => l.includes('case=0"'))!) as {
    req: { url: string };
  };
  expect(first.req.url).toBe(`${SALES}?sale_type_name=History&password[]=[REDACTED]&case=0`);
  expect(upstream.received[0].url).toBe(
    "/demo/api/v1/sales?sale_type_name=History&password[]=Secret-01&case=0"
  );
});
