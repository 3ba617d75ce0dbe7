// What the auth tests share: calls to the gateway's /auth/v1 over plain HTTP
// (from a chosen loopback address when a test plays a client of its own),
// fresh users so that throttles and revocations never touch another test's,
// and tokens signed with the stack's own JWT secret.
import { createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { stack } from "../../stack/context.ts";

export type Reply = { status: number; body: any; headers: http.IncomingHttpHeaders; ms: number };

type Call = { method?: string; token?: string; body?: unknown; raw?: string; from?: string };

/** One request to the gateway; `from` is the loopback address it leaves from (127.0.0.0/8 all reach 127.0.0.1). */
export function gateway(path: string, { method = "GET", token, body, raw, from }: Call = {}): Promise<Reply> {
  const { url, anonKey } = stack();
  const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}`, {
      method, localAddress: from, agent: false,
      headers: { apikey: anonKey, authorization: `Bearer ${token ?? anonKey}`, ...(payload === undefined ? {} : { "content-type": "application/json" }) },
    }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => {
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch { /* a non-JSON answer stays text */ }
        resolve({ status: res.statusCode!, body: parsed, headers: res.headers, ms: performance.now() - started });
      });
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/** A sign-in with e-mail and password, as supabase-js sends it. */
export const signInWithPassword = (email: string, password: string, from?: string) =>
  gateway("/auth/v1/token?grant_type=password", { method: "POST", body: { email, password }, from });

export const refresh = (refreshToken: string) =>
  gateway("/auth/v1/token?grant_type=refresh_token", { method: "POST", body: { refresh_token: refreshToken } });

/** A loopback address of its own for a test that plays one client (127.0.0.2 – 127.0.254.254). */
export const loopbackAddress = () => `127.0.${1 + (randomBytes(1)[0] % 254)}.${2 + (randomBytes(1)[0] % 250)}`;

/** A fresh confirmed user with a password (admin API, service-role key). */
export async function makeUser(label: string) {
  const email = `${label}.${randomBytes(4).toString("hex")}@auth.test`;
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const created = await gateway("/auth/v1/admin/users", {
    method: "POST", token: stack().serviceRoleKey, body: { email, password, email_confirm: true },
  });
  if (created.status !== 200) throw new Error(`admin create user: ${created.status} ${JSON.stringify(created.body)}`);
  return { id: created.body.id as string, email, password };
}

/** A fresh user's session (access and refresh token). */
export async function signedInUser(label: string) {
  const user = await makeUser(label);
  const session = await signInWithPassword(user.email, user.password);
  if (session.status !== 200) throw new Error(`sign-in: ${session.status} ${JSON.stringify(session.body)}`);
  return { ...user, accessToken: session.body.access_token as string, refreshToken: session.body.refresh_token as string };
}

/** A token signed with the stack's JWT secret, with exactly the claims given (no exp unless set). */
export function signWithStackSecret(claims: Record<string, unknown>): string {
  const { jwtSecret } = JSON.parse(readFileSync(join(stack().dataDir, "secrets.json"), "utf8"));
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${part({ alg: "HS256", typ: "JWT" })}.${part({ iat: Math.floor(Date.now() / 1000), ...claims })}`;
  return `${unsigned}.${createHmac("sha256", jwtSecret).update(unsigned).digest("base64url")}`;
}
