// The gateway serves the functions, the dashboard with an SPA fallback, and
// refuses unknown functions.
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
});
