// Serves the built dashboard. It is a single-page app: unknown paths get
// index.html so that deep links and reloads work. Every answer carries the
// build's security headers (build/_headers, written by web/write-headers.js
// for static hosts), so the gateway and a static host send the same.
import { basename, extname, join, normalize } from "node:path";
import { frameAncestors, otherHeaders } from "../../web/security-headers.js";

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml",
  ".png": "image/png", ".ico": "image/x-icon", ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json", ".woff2": "font/woff2",
};

async function file(path: string, cache: string): Promise<Response | null> {
  try {
    const body = await Deno.readFile(path);
    return new Response(body, {
      headers: { "content-type": types[extname(path)] ?? "application/octet-stream", "cache-control": cache },
    });
  } catch {
    return null;
  }
}

/** `  Name: value` lines of a Netlify/Cloudflare Pages headers file (ours has one `/*` block). */
function parseHeadersFile(text: string): Record<string, string> {
  return Object.fromEntries(
    text.split("\n").map((line) => line.match(/^\s+([\w-]+):\s*(.+)$/)).filter((m) => m !== null).map((m) => [m[1], m[2]]),
  );
}

export function staticSite(root: string) {
  /** Read with each answer, so a rebuild takes effect at once; a build without the file still forbids framing. */
  async function securityHeaders(): Promise<Record<string, string>> {
    const text = await Deno.readTextFile(join(root, "_headers")).catch(() => null);
    return text ? parseHeadersFile(text) : { "Content-Security-Policy": frameAncestors, ...otherHeaders };
  }

  async function serve(pathname: string): Promise<Response> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      // `/%` or a cut-off UTF-8 sequence: no file has that name.
      return new Response("Bad Request: malformed percent-encoding in the path", { status: 400 });
    }
    const safe = normalize(decoded).replace(/^(\.\.[/\\])+/, "");
    const immutable = safe.includes("/_app/immutable/");
    // _headers configures a static host; it is not a page.
    const servable = !safe.endsWith("/") && basename(safe) !== "_headers";
    const found = servable ? await file(join(root, safe), immutable ? "public, max-age=31536000, immutable" : "no-cache") : null;
    return found ?? (await file(join(root, "index.html"), "no-cache")) ??
      new Response("Dashboard not built: run `npm run build`.", { status: 503 });
  }

  /** `response` with the security headers set, for the dashboard's other answers (config.json). */
  async function secure(response: Response): Promise<Response> {
    for (const [name, value] of Object.entries(await securityHeaders())) response.headers.set(name, value);
    return response;
  }

  return { serve: async (pathname: string) => secure(await serve(pathname)), secure };
}
