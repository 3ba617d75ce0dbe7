// Creating and deleting sign-in accounts through the platform's auth admin
// API (GoTrue), with the service-role key: never by writing auth.users.
import { env } from "./env.ts";
import { HttpError } from "./http.ts";

function adminEndpoint(path: string) {
  const { SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY } = env();
  if (!SUPABASE_URL || !SUPABASE_SERVICE_ROLE_KEY) {
    throw new Error("SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY are required to manage users");
  }
  const headers = {
    apikey: SUPABASE_SERVICE_ROLE_KEY,
    authorization: `Bearer ${SUPABASE_SERVICE_ROLE_KEY}`,
    "content-type": "application/json",
  };
  return { url: `${SUPABASE_URL}/auth/v1/admin${path}`, headers };
}

export async function createAuthUser(email: string, password: string): Promise<string> {
  const { url, headers } = adminEndpoint("/users");
  const res = await fetch(url, { method: "POST", headers, body: JSON.stringify({ email, password, email_confirm: true }) });
  const body = await res.json().catch(() => ({}));
  if (res.status === 422 && /already/i.test(body.msg ?? body.message ?? "")) {
    throw new HttpError(409, "conflict", "a user with this e-mail already exists", "email");
  }
  if (!res.ok || typeof body.id !== "string") throw new Error(`auth admin createUser answered ${res.status}`);
  return body.id;
}

export async function deleteAuthUser(id: string): Promise<void> {
  const { url, headers } = adminEndpoint(`/users/${id}`);
  const res = await fetch(url, { method: "DELETE", headers });
  await res.body?.cancel();
}
