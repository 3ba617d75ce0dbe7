// JSON responses, the one error helper, CORS, and the request wrapper that
// turns every failure into a JSON error without leaking internals.
import { z } from "zod";

export const corsHeaders: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Headers":
    "authorization, x-client-info, apikey, content-type, x-api-key, idempotency-key",
  "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
  "Access-Control-Expose-Headers": "retry-after, x-request-id",
};

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...corsHeaders, ...headers },
  });
}

/** A client error: answered as `{ error: { code, message, field? } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Turns a zod failure into a 400 that names the first offending field. */
export function validationError(error: z.ZodError, prefix: string[] = []): HttpError {
  const issue = error.issues[0];
  const field = fieldPath(prefix, pathOf(issue)) || undefined;
  const message = field && !issue.message.includes(field) ? `${field}: ${issue.message}` : issue.message;
  const details = error.issues.map((i) => ({
    field: fieldPath(prefix, pathOf(i)),
    message: i.message,
  }));
  return new HttpError(400, "invalid_input", message, field, {}, details);
}

/** An unknown key is the field at fault (a strict object reports it at the object's own path). */
const pathOf = (issue: z.core.$ZodIssue): PropertyKey[] =>
  issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]] : issue.path;

/** "weights.weights" → "weights": a schema that names itself inside a field of the same name. */
function fieldPath(prefix: string[], path: PropertyKey[]): string {
  const parts = [...prefix, ...path.map(String)];
  return parts.filter((p, i) => p !== parts[i - 1]).join(".");
}

/** Parses `input` with `schema` or throws a 400 naming the field. */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown, prefix: string[] = []): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error, prefix);
  return result.data;
}

/** The field a unique index stands for, so a conflict names it instead of the index. */
const uniqueFields: Record<string, string> = { customers_name_per_client: "name" };

/** Postgres check/unique violations are the client's fault: say which rule. */
function fromPostgres(error: { code?: string; constraint_name?: string; column_name?: string; message?: string }): HttpError | null {
  // Our own triggers raise 23514/42501 without a constraint: their messages are written for users.
  // Postgres' own RLS refusal ("new row violates row-level security policy for table …") names internals.
  const ours = !error.constraint_name && !error.column_name && (error.code === "23514" || error.code === "42501") &&
    !/row-level security|permission denied/i.test(error.message ?? "");
  if (ours) return new HttpError(error.code === "42501" ? 403 : 400, error.code === "42501" ? "forbidden" : "invalid_input", error.message ?? "refused");
  switch (error.code) {
    case "23514": // check_violation
    case "23502": // not_null_violation
    case "22P02": // invalid_text_representation
    case "22007": // invalid_datetime_format
    case "22008": // datetime_field_overflow
    case "22003": // numeric_value_out_of_range
      return new HttpError(400, "invalid_input", `rejected by rule ${error.constraint_name ?? error.column_name ?? error.code}`, error.column_name ?? error.constraint_name);
    case "23505":
      return new HttpError(409, "conflict", "already exists", uniqueFields[error.constraint_name ?? ""]);
    case "42501": // insufficient_privilege, incl. RLS with check
      return new HttpError(403, "forbidden", "not allowed for this principal");
    default:
      return null;
  }
}

/** Wraps a handler: CORS preflight, request id, and errors as JSON. */
export function serveJson(handle: (req: Request) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    if (req.method === "OPTIONS") return new Response("ok", { headers: corsHeaders });
    const requestId = crypto.randomUUID();
    try {
      const res = await handle(req);
      res.headers.set("x-request-id", requestId);
      return res;
    } catch (error) {
      const known = error instanceof HttpError ? error : fromPostgres(error as never);
      if (known) {
        const body = { error: { code: known.code, message: known.message, field: known.field, details: known.details } };
        return json(body, known.status, { ...known.headers, "x-request-id": requestId });
      }
      console.error(`[${requestId}]`, error);
      return json({ error: { code: "internal", message: "internal error", request_id: requestId } }, 500, {
        "x-request-id": requestId,
      });
    }
  };
}

/** The path after the function's name, whatever prefix the platform keeps. */
export function subpath(req: Request, name: string): string {
  const path = new URL(req.url).pathname;
  const at = path.indexOf(`/${name}`);
  return at < 0 ? "/" : path.slice(at + name.length + 1) || "/";
}
