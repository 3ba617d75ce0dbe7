// Serves the built dashboard. It is a single-page app: unknown paths get
// index.html so that deep links and reloads work.
import { extname, join, normalize } from "node:path";

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

export function staticSite(root: string) {
  return async (pathname: string): Promise<Response> => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      // `/%` or a cut-off UTF-8 sequence: no file has that name.
      return new Response("Bad Request: malformed percent-encoding in the path", { status: 400 });
    }
    const safe = normalize(decoded).replace(/^(\.\.[/\\])+/, "");
    const immutable = safe.includes("/_app/immutable/");
    const found = safe.endsWith("/") ? null : await file(join(root, safe), immutable ? "public, max-age=31536000, immutable" : "no-cache");
    return found ?? (await file(join(root, "index.html"), "no-cache")) ??
      new Response("Dashboard not built: run `npm run build`.", { status: 503 });
  };
}
