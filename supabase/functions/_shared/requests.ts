// Reading a request into its action and input, size-limited, in the two
// forms our functions take: api-inbound's (GET query, or POST {action, data}
// as the reference API) and the flat POST {action, ...input} of scoring and
// notifications.
import { HttpError } from "./http.ts";

export const MAX_BODY_BYTES = 1_000_000;

export type ApiRequest = { action: string; input: Record<string, unknown>; idempotencyKey: string | null };

/** Reads at most `limit` bytes (MAX_BODY_BYTES unless a route takes more), refusing (413) rather than buffering more. */
export async function readBody(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw tooLarge(limit);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) { all.set(c, at); at += c.byteLength; }
  return new TextDecoder().decode(all);
}

function tooLarge(limit: number) {
  return new HttpError(413, "payload_too_large", `request body is larger than ${limit} bytes`, "body");
}

/**
 * Where a NUL character hides in a value ("" for the value itself), or null.
 * Postgres text cannot hold NUL, so such input would fail deep inside a write
 * with an error the caller cannot act on; it is refused here, by field.
 */
function nulPath(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (typeof value !== "object" || value === null) return null;
  // No action reads deeper than a few levels; refusing depth keeps this walk
  // (and everything after it) off the end of the stack.
  if (depth > 32) throw new HttpError(400, "invalid_input", `${path} is nested too deeply`, path.split(".")[0]);
  for (const [k, v] of Object.entries(value)) {
    const at = path ? `${path}.${k}` : k;
    if (k.includes("\u0000")) return at;
    const found = nulPath(v, at, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

function refuseNul(request: ApiRequest): ApiRequest {
  const field = request.action.includes("\u0000") ? "action" : nulPath(request.input, "");
  if (field !== null) throw new HttpError(400, "invalid_input", `${field || "input"} must not contain NUL characters`, field || undefined);
  return request;
}

/**
 * GET: every query parameter is input. POST: `{action, data}` as in the
 * reference; the query string may carry the action too (Zapier's custom
 * requests sometimes do), and query parameters fill in what data lacks.
 */
export async function readApiRequest(req: Request): Promise<ApiRequest> {
  const url = new URL(req.url);
  const query = Object.fromEntries(url.searchParams);
  const idempotencyKey = req.headers.get("idempotency-key");
  if (req.method === "GET") {
    const { action, ...input } = query;
    return refuseNul({ action: action ?? "", input, idempotencyKey });
  }
  if (req.method !== "POST") throw new HttpError(405, "method_not_allowed", "use GET or POST", "method", { allow: "GET, POST, OPTIONS" });
  const body = await readJsonObject(req, "{action, data}");
  const { action: queryAction, ...queryRest } = query;
  const { action, data } = body as { action?: unknown; data?: unknown };
  if (data !== undefined && (typeof data !== "object" || data === null || Array.isArray(data))) {
    throw new HttpError(400, "invalid_input", "data must be a JSON object", "data");
  }
  if (action !== undefined && typeof action !== "string") throw new HttpError(400, "invalid_input", "action must be a string", "action");
  return refuseNul({ action: action ?? queryAction ?? "", input: { ...queryRest, ...(data as object ?? {}) }, idempotencyKey });
}

/** The body as a JSON object (an empty body is {}); `shape` names what it should look like. */
async function readJsonObject(req: Request, shape: string): Promise<Record<string, unknown>> {
  const text = await readBody(req);
  let body: unknown = {};
  if (text.trim() !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      throw new HttpError(400, "invalid_json", "the body is not valid JSON", "body");
    }
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new HttpError(400, "invalid_input", `the body must be a JSON object ${shape}`, "body");
  }
  return body as Record<string, unknown>;
}

/** POST {action, ...input}: how the dashboard and pg_cron call scoring and notifications. */
export async function readFlatRequest(req: Request): Promise<ApiRequest> {
  if (req.method !== "POST") throw new HttpError(405, "method_not_allowed", "use POST with a JSON body", "method", { allow: "POST, OPTIONS" });
  const { action, ...input } = await readJsonObject(req, "{action, …}");
  if (action !== undefined && typeof action !== "string") throw new HttpError(400, "invalid_input", "action must be a string", "action");
  return refuseNul({ action: action ?? "", input, idempotencyKey: req.headers.get("idempotency-key") });
}
