// A refresh token that has been rotated and is presented again was copied:
// as GoTrue does, the whole session (every refresh token of its family) is
// revoked, so whoever holds the copy — and the victim — must sign in again.
// A token rotated a moment ago (GoTrue's reuse interval, 10 s here) is a
// second tab refreshing at the same time and gets the session's current token.
import postgres from "postgres";
import { afterAll, describe, expect, test } from "vitest";
import { stack } from "../../stack/context.ts";
import { refresh, signedInUser } from "./gotrue.ts";

describe("reusing a rotated refresh token", () => {
  const sql = postgres(stack().dbUrl, { max: 1, onnotice: () => {} });
  afterAll(() => sql.end());

  /** As if the token had been rotated a minute ago, past the reuse interval. */
  const ageRotation = (token: string) =>
    sql`update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = ${token}`;

  test("a stolen refresh token presented after its rotation is a 400 and revokes the session: the legitimate child no longer refreshes", async () => {
    const user = await signedInUser("refresh-reuse");
    const child = await refresh(user.refreshToken);
    expect(child.status, "the first refresh rotates the token").toBe(200);

    await ageRotation(user.refreshToken);
    const replay = await refresh(user.refreshToken);
    expect({ status: replay.status, code: replay.body.error_code }, "the replayed token is refused as already used")
      .toEqual({ status: 400, code: "refresh_token_already_used" });

    const afterwards = await refresh(child.body.refresh_token);
    expect(afterwards.status, "the session's current token was revoked with its family").toBe(400);
    const [{ live }] = await sql`select count(*)::int as live from auth.refresh_tokens where user_id = ${user.id} and not revoked`;
    expect(live, "no refresh token of the session is left").toBe(0);
  });

  test("a grandparent token is refused even within the reuse interval, and revokes the session", async () => {
    const user = await signedInUser("refresh-grandparent");
    const child = await refresh(user.refreshToken);
    const grandchild = await refresh(child.body.refresh_token);
    expect(grandchild.status).toBe(200);

    expect((await refresh(user.refreshToken)).status, "the first token's child is no longer current").toBe(400);
    expect((await refresh(grandchild.body.refresh_token)).status, "the current token went with the family").toBe(400);
  });

  test("two refreshes with one token at the same moment (two tabs) both get the session's current token, and it keeps working", async () => {
    const user = await signedInUser("refresh-tabs");
    const [a, b] = await Promise.all([refresh(user.refreshToken), refresh(user.refreshToken)]);
    expect([a.status, b.status], "both tabs are answered").toEqual([200, 200]);
    expect(a.body.refresh_token, "one current token, not two branches").toBe(b.body.refresh_token);
    expect((await refresh(a.body.refresh_token)).status, "the session goes on").toBe(200);
  });

  test("an unknown refresh token is a 400 refresh_token_not_found", async () => {
    const res = await refresh("not-a-token-of-this-stack");
    expect({ status: res.status, code: res.body.error_code }).toEqual({ status: 400, code: "refresh_token_not_found" });
  });
});
