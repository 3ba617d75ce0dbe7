// checkTarget and safeFetch with real HTTP servers on 127.0.0.1. DNS is the
// one part we cannot run here, so a resolver stands in for it: a table of
// names, and one that changes its answer after the first question (DNS
// rebinding).
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseAllowList } from "./ip-ranges.ts";
import { checkTarget, OutboundRefused, type Resolver, safeFetch } from "./outbound.ts";

const none = parseAllowList("");
const loopback = parseAllowList("127.0.0.0/8,::1");

/** A resolver answering from a table: name → addresses (A and AAAA by their form). */
function dns(table: Record<string, string[]>): Resolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (host: string, type: "A" | "AAAA") => {
    asked.push(`${host} ${type}`);
    return (table[host] ?? []).filter((a) => (type === "A") === !a.includes(":"));
  };
  return Object.assign(resolve, { asked });
}

const publicDns = dns({
  "hooks.zapier.com": ["54.86.12.1", "2600:1f18::1"],
  "localhost": ["127.0.0.1", "::1"],
  "metadata.google.internal": ["169.254.169.254"],
  "half.example": ["93.184.216.34", "fd00::1"],
  "hooks.internal": ["10.20.30.40"],
});

describe("checking a target before it is saved", () => {
  test.each([
    ["http://127.0.0.1:54322/", "127.0.0.1, a loopback address"],
    ["http://[::1]/", "[::1], a loopback address"],
    ["http://2130706433/", "127.0.0.1, a loopback address"],
    ["http://0x7f000001/", "127.0.0.1, a loopback address"],
    ["http://127.1/", "127.0.0.1, a loopback address"],
    ["http://017700000001/", "127.0.0.1, a loopback address"],
    ["http://127.0.0.1./", "127.0.0.1, a loopback address"],
    ["http://[::ffff:127.0.0.1]/", "which is 127.0.0.1, a loopback address"],
    ["http://0.0.0.0/", "unspecified"],
    ["http://[::]/", "[::], an unspecified address"],
    ["http://169.254.169.254/latest/meta-data/", "link-local address"],
    ["http://10.0.0.1/", "a private address (10.0.0.0/8)"],
    ["http://192.168.0.1/", "a private address (192.168.0.0/16)"],
    ["http://localhost:8080/", "host localhost resolves to a loopback address (127.0.0.0/8)"],
    ["http://metadata.google.internal/", "host metadata.google.internal resolves to a link-local address"],
    ["http://half.example/", "host half.example resolves to a private (unique local) address (fc00::/7)"],
  ])("with no private targets allowed, %s is refused: %s", async (url, reason) => {
    const checked = await checkTarget(url, { allow: none, resolve: publicDns });
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.reason).toContain(reason);
  });

  test.each([
    ["ftp://example.com/", "must be an http(s) URL"],
    ["javascript:alert(1)", "must be an http(s) URL"],
    ["file:///etc/passwd", "must be an http(s) URL"],
    ["not a url", "must be an http(s) URL"],
    ["https://user:secret@hooks.zapier.com/", "must not carry credentials"],
    ["https://token@hooks.zapier.com/", "must not carry credentials"],
  ])("%s is refused: %s", async (url, reason) => {
    const checked = await checkTarget(url, { allow: none, resolve: publicDns });
    expect(!checked.ok && checked.reason).toContain(reason);
  });

  test("a public host passes with every address it resolves to, the ones a connection may use", async () => {
    const checked = await checkTarget("https://hooks.zapier.com/hooks/catch/1/abc/", { allow: none, resolve: publicDns });
    expect(checked).toMatchObject({ ok: true, target: { addresses: [{ address: "54.86.12.1", family: 4 }, { address: "2600:1f18::1", family: 6 }] } });
  });

  test("a name that resolves to nothing is refused as possibly transient", async () => {
    expect(await checkTarget("https://nowhere.example/", { allow: none, resolve: publicDns }))
      .toEqual({ ok: false, reason: "host nowhere.example does not resolve to any address", transient: true });
  });

  test("a resolver failure is refused as possibly transient, saying so", async () => {
    const failing: Resolver = () => Promise.reject(new Error("SERVFAIL"));
    expect(await checkTarget("https://hooks.zapier.com/", { allow: none, resolve: failing }))
      .toEqual({ ok: false, reason: "host hooks.zapier.com could not be resolved (SERVFAIL)", transient: true });
  });

  test("where loopback is allowed, loopback passes in every spelling and other private ranges stay refused", async () => {
    for (const url of ["http://127.0.0.1:8000/", "http://2130706433/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://localhost/"]) {
      expect((await checkTarget(url, { allow: loopback, resolve: publicDns })).ok, url).toBe(true);
    }
    for (const url of ["http://10.0.0.1/", "http://192.168.1.1/", "http://169.254.169.254/", "http://0.0.0.0/", "http://[fe80::1]/"]) {
      expect((await checkTarget(url, { allow: loopback, resolve: publicDns })).ok, url).toBe(false);
    }
  });

  test("a listed host name may resolve to a private address; a listed range admits only its addresses", async () => {
    const allow = parseAllowList("hooks.internal,10.1.2.0/24");
    expect((await checkTarget("http://hooks.internal/", { allow, resolve: publicDns })).ok).toBe(true);
    expect((await checkTarget("http://10.1.2.9/", { allow, resolve: publicDns })).ok).toBe(true);
    expect((await checkTarget("http://10.1.3.9/", { allow, resolve: publicDns })).ok).toBe(false);
  });
});

type Hit = { url?: string; method?: string; headers: IncomingHttpHeaders; body: string };

async function serve(answer: (hit: Hit) => { status: number; headers?: Record<string, string>; hang?: boolean }) {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      const hit = { url: req.url, method: req.method, headers: req.headers, body };
      hits.push(hit);
      const a = answer(hit);
      if (!a.hang) res.writeHead(a.status, a.headers).end("answer");
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as { port: number }).port;
  return { port, hits, close: () => new Promise<void>((ok) => (server.close(() => ok()), server.closeAllConnections())) };
}

describe("sending to a target", () => {
  let ok: Awaited<ReturnType<typeof serve>>;
  let elsewhere: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    elsewhere = await serve(() => ({ status: 200 }));
    ok = await serve((hit) => hit.url === "/redirect"
      ? { status: 307, headers: { location: `http://127.0.0.1:${elsewhere.port}/stolen` } }
      : hit.url === "/hang" ? { status: 200, hang: true } : { status: 201, headers: { "retry-after": "5" } });
  });
  afterAll(async () => {
    await ok.close();
    await elsewhere.close();
  });

  test("it connects to the address it checked, naming the host it was given", async () => {
    const resolve = dns({ "hooks.example.test": ["127.0.0.1"] });
    const res = await safeFetch(`http://hooks.example.test:${ok.port}/hook?x=1`, { body: '{"a":1}', headers: { "content-type": "application/json" } }, { allow: loopback, resolve });
    expect(res).toMatchObject({ status: 201, body: "answer" });
    expect(res.headers.get("retry-after")).toBe("5");
    expect(ok.hits.at(-1)).toMatchObject({ url: "/hook?x=1", method: "POST", body: '{"a":1}' });
    expect(ok.hits.at(-1)!.headers.host).toBe(`hooks.example.test:${ok.port}`);
  });

  test("a name that rebinds to a private address after the check still reaches only the address checked", async () => {
    let answers = 0;
    const rebinding: Resolver = async (_host, type) => {
      if (type === "AAAA") return [];
      return answers++ === 0 ? ["127.0.0.1"] : ["10.0.0.1"];
    };
    const before = ok.hits.length;
    const res = await safeFetch(`http://rebind.example.test:${ok.port}/hook`, { body: "{}" }, { allow: loopback, resolve: rebinding });
    expect(res.status).toBe(201);
    expect(ok.hits.length, "the checked address got the request").toBe(before + 1);
    expect(answers, "the name was resolved once, for the check; the connection asked nobody else").toBe(1);
  });

  test("a redirect is answered, not followed", async () => {
    const res = await safeFetch(`http://127.0.0.1:${ok.port}/redirect`, { body: "{}" }, { allow: loopback });
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toContain("/stolen");
    expect(elsewhere.hits, "the Location got nothing").toEqual([]);
  });

  test("a refused target is never connected to", async () => {
    const before = ok.hits.length;
    const resolve = dns({ "inside.example.test": ["127.0.0.1"] });
    await expect(safeFetch(`http://inside.example.test:${ok.port}/hook`, {}, { allow: none, resolve }))
      .rejects.toThrow(OutboundRefused);
    expect(ok.hits.length).toBe(before);
  });

  test("a target that does not answer fails after the timeout", async () => {
    const started = Date.now();
    await expect(safeFetch(`http://127.0.0.1:${ok.port}/hang`, { timeoutMs: 300 }, { allow: loopback })).rejects.toThrow("no answer within 300 ms");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test("a long answer is kept only up to the limit", async () => {
    const big = await serve(() => ({ status: 200, headers: { "content-type": "text/plain" } }));
    try {
      const res = await safeFetch(`http://127.0.0.1:${big.port}/`, { maxBodyBytes: 3 }, { allow: loopback });
      expect(res.body).toBe("ans");
    } finally {
      await big.close();
    }
  });
});
