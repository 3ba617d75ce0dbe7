// Tokens signed with the project's secret but not issued as a user's session —
// no `exp` (it would never expire) or another `aud` — are refused by the
// functions and by the gateway's /auth/v1 alike, as GoTrue issues every
// access token with both.
import { describe, expect, test } from "vitest";
import { stack } from "../../stack/context.ts";
import { gateway, signInWithPassword, signWithStackSecret } from "./gotrue.ts";

const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());

describe("tokens without exp or with another audience", () => {
  const owner = stack().demo.users.find((u) => u.role === "owner")!;

  /** The owner's real claims, re-signed with one change; the unchanged copy must still work. */
  async function ownerClaims() {
    const session = await signInWithPassword(owner.email, owner.password);
    expect(session.status, "the owner signs in").toBe(200);
    return payloadOf(session.body.access_token);
  }
  const withoutExp = ({ exp: _exp, ...claims }: Record<string, unknown>) => claims;

  const listClients = (token: string) => gateway("/functions/v1/api-inbound?action=list_clients", { token });

  test("the functions refuse a user token without exp or with aud \"other\" (401), and take the same claims re-signed as issued", async () => {
    const claims = await ownerClaims();
    expect((await listClients(signWithStackSecret(claims))).status, "the claims as issued are accepted").toBe(200);
    expect((await listClients(signWithStackSecret(withoutExp(claims)))).status, "a token that never expires is refused").toBe(401);
    expect((await listClients(signWithStackSecret({ ...claims, aud: "other" }))).status, "a token for another audience is refused").toBe(401);
  });

  test("the gateway's /auth/v1/user, PUT /auth/v1/user and logout refuse them too (401)", async () => {
    const claims = await ownerClaims();
    expect((await gateway("/auth/v1/user", { token: signWithStackSecret(claims) })).status, "the claims as issued read the user").toBe(200);
    for (const [label, token] of [
      ["without exp", signWithStackSecret(withoutExp(claims))],
      ["with aud \"other\"", signWithStackSecret({ ...claims, aud: "other" })],
    ]) {
      expect((await gateway("/auth/v1/user", { token })).status, `GET /user ${label}`).toBe(401);
      expect((await gateway("/auth/v1/user", { method: "PUT", token, body: { data: { probe: 1 } } })).status, `PUT /user ${label}`).toBe(401);
      expect((await gateway("/auth/v1/logout?scope=local", { method: "POST", token })).status, `logout ${label}`).toBe(401);
    }
  });

  test("the stack's service-role key still runs the admin API, and the anon key is no user", async () => {
    const { serviceRoleKey, anonKey } = stack();
    expect((await gateway("/auth/v1/admin/users?page=1&per_page=1", { token: serviceRoleKey })).status, "service role lists users").toBe(200);
    expect((await gateway("/auth/v1/user", { token: anonKey })).status, "the anon key reads no user").toBe(401);
    expect((await gateway("/auth/v1/admin/users", { token: signWithStackSecret({ role: "service_role" }) })).status,
      "a service-role token without exp is refused").toBe(403);
  });
});
