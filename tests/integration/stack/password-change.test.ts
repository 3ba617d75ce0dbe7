// PUT /auth/v1/user (supabase-js auth.updateUser): an invited user replaces
// the temporary password. As in GoTrue, a new password signs out the user's
// other sessions — whoever knew the old password loses their refresh token —
// while the session that changed it keeps working.
import { describe, expect, test } from "vitest";
import { gateway, refresh, signedInUser, signInWithPassword } from "./gotrue.ts";

const updateUser = (token: string, body: unknown) => gateway("/auth/v1/user", { method: "PUT", token, body });

describe("changing the password", () => {
  test("someone holding the old password loses their session: the new password signs in, the old one does not, other sessions' refresh tokens are revoked and the changing session goes on", async () => {
    const user = await signedInUser("password-change");
    const other = await signInWithPassword(user.email, user.password);
    const newPassword = `new-${crypto.randomUUID()}`;

    const changed = await updateUser(user.accessToken, { password: newPassword });
    expect(changed.status).toBe(200);
    expect(changed.body.email, "the answer is the user").toBe(user.email);

    expect((await signInWithPassword(user.email, user.password)).status, "the old password is refused").toBe(400);
    expect((await signInWithPassword(user.email, newPassword)).status, "the new password signs in").toBe(200);
    expect((await refresh(other.body.refresh_token)).status, "the other session's refresh token is revoked").toBe(400);
    expect((await refresh(user.refreshToken)).status, "the session that changed it keeps refreshing").toBe(200);
    expect((await gateway("/auth/v1/user", { token: user.accessToken })).status, "and its access token still reads the user").toBe(200);
  });

  test("a password under 6 characters is a 422 weak_password and the old one stays", async () => {
    const user = await signedInUser("password-weak");
    const res = await updateUser(user.accessToken, { password: "12345" });
    expect({ status: res.status, code: res.body.error_code }).toEqual({ status: 422, code: "weak_password" });
    expect((await signInWithPassword(user.email, user.password)).status, "the old password still signs in").toBe(200);
  });

  test("the same password again is a 422 same_password", async () => {
    const user = await signedInUser("password-same");
    const res = await updateUser(user.accessToken, { password: user.password });
    expect({ status: res.status, code: res.body.error_code }).toEqual({ status: 422, code: "same_password" });
  });

  test("data updates user_metadata, a null removing its key, and leaves the password alone", async () => {
    const user = await signedInUser("password-data");
    await updateUser(user.accessToken, { data: { full_name: "Ada", team: "CS" } });
    const res = await updateUser(user.accessToken, { data: { team: null } });
    expect(res.body.user_metadata).toEqual({ full_name: "Ada" });
    expect((await signInWithPassword(user.email, user.password)).status).toBe(200);
  });

  test("without a valid token the update is a 401; a password that is not a string is a 400 naming it", async () => {
    expect((await updateUser("not-a-token", { password: "something-new" })).status).toBe(401);
    const user = await signedInUser("password-type");
    const res = await updateUser(user.accessToken, { password: ["a"] });
    expect(res.status).toBe(400);
    expect(res.body.msg).toMatch(/^password\b/);
  });
});
