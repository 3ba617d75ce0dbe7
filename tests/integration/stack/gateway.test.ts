// The gateway serves the functions, the dashboard with an SPA fallback and
// its security headers, and refuses unknown functions.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { stack } from "../../stack/context.ts";

describe("gateway", () => {
  const { url } = stack();

  test("the dashboard is served at / and deep links fall back to index.html", async () => {
    const home = await fetch(`${url}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get("content-type")).toMatch(/text\/html/);
    const html = await home.text();
    const deep = await fetch(`${url}/customers/some-id`);
    expect(deep.status).toBe(200);
    expect(await deep.text(), "an unknown path gets the app shell").toBe(html);
  });

  test("an unknown function is a 404 in Supabase's shape", async () => {
    const res = await fetch(`${url}/functions/v1/no-such-function`);
    expect(res.status).toBe(404);
  });

  test("functions answer CORS preflight for browser callers", async () => {
    const res = await fetch(`${url}/functions/v1/api-inbound`, { method: "OPTIONS" });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-headers")).toContain("x-api-key");
  });

  // What a static host is told to send (build/_headers, written with the build).
  const headersFile = () => Object.fromEntries(readFileSync(join(stack().root, "web/build/_headers"), "utf8")
    .split("\n").filter((l) => /^\s+\S/.test(l)).map((l) => l.trim().split(/:\s*(.*)/s).slice(0, 2)));

  test("every dashboard answer (page, deep link, asset, config.json) carries the security headers a static host is given in _headers", async () => {
    const expected = headersFile();
    expect(expected["Content-Security-Policy"], "the CSP forbids framing").toContain("frame-ancestors 'none'");
    expect(expected).toMatchObject({ "X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin" });
    const html = await (await fetch(`${url}/`)).text();
    const asset = html.match(/href="(\/_app\/immutable\/[^"]+\.js)"/)![1];
    for (const path of ["/", "/customers/some-id", asset, "/favicon.svg", "/config.json"]) {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).toBe(200);
      for (const [name, value] of Object.entries(expected)) expect(res.headers.get(name), `${name} on ${path}`).toBe(value);
    }
  });

  test("the CSP meta tag of the page (for hosts that cannot send headers) is the header's policy without frame-ancestors", async () => {
    const html = await (await fetch(`${url}/`)).text();
    const meta = html.match(/<meta http-equiv="content-security-policy" content="([^"]*)">/)?.[1];
    expect(meta, "the built page has a CSP meta tag").toBeDefined();
    expect(`${meta!.replaceAll("&quot;", '"')}; frame-ancestors 'none'`).toBe(headersFile()["Content-Security-Policy"]);
    expect(meta, "scripts: our origin and the hashed bootstrap only").toMatch(/script-src 'self' 'sha256-[^']+'(;|$)/);
  });

  test("the headers file itself is not served", async () => {
    const res = await fetch(`${url}/_headers`);
    expect(await res.text(), "the app shell, not the file").not.toContain("Content-Security-Policy:");
  });
});
