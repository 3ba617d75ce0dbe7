// The local /auth/v1 subset works through supabase-js itself, unchanged.
import { createClient } from "@supabase/supabase-js";
import { describe, expect, test } from "vitest";
import { stack } from "../../stack/context.ts";

const options = { auth: { persistSession: false, autoRefreshToken: false } };

describe("GoTrue-compatible auth through supabase-js", () => {
  const { url, anonKey, serviceRoleKey } = stack();
  const admin = createClient(url, serviceRoleKey, options);
  const email = `auth-test-${Date.now()}@example.test`;
  const password = "correct horse battery";

  test("an admin creates a user, who signs in, reads themself, refreshes and signs out", async () => {
    const created = await admin.auth.admin.createUser({ email, password, email_confirm: true });
    expect(created.error, "admin.createUser succeeds with the service-role key").toBeNull();
    const userId = created.data.user!.id;

    const client = createClient(url, anonKey, options);
    const signIn = await client.auth.signInWithPassword({ email, password });
    expect(signIn.error).toBeNull();
    expect(signIn.data.user?.id, "the session belongs to the new user").toBe(userId);

    const me = await client.auth.getUser();
    expect(me.data.user?.email, "getUser returns the signed-in user's email").toBe(email);

    const before = signIn.data.session!;
    const refreshed = await client.auth.refreshSession();
    expect(refreshed.error).toBeNull();
    expect(refreshed.data.session?.refresh_token, "refresh rotates the refresh token").not.toBe(before.refresh_token);

    // Within GoTrue's reuse interval (a second tab refreshing at the same
    // moment) the rotated-out token gets the session's current one back;
    // refresh-reuse.test.ts shows what a later reuse does.
    const reuse = await createClient(url, anonKey, options).auth.refreshSession({ refresh_token: before.refresh_token });
    expect(reuse.data.session?.refresh_token, "a token rotated a moment ago gets the current one, not a new branch")
      .toBe(refreshed.data.session?.refresh_token);

    const out = await client.auth.signOut();
    expect(out.error).toBeNull();
    const afterOut = await createClient(url, anonKey, options).auth.refreshSession({
      refresh_token: refreshed.data.session!.refresh_token,
    });
    expect(afterOut.error, "signing out revokes the session's refresh tokens").not.toBeNull();

    // Other tests make users too: ask for a page big enough to hold them all.
    const listed = await admin.auth.admin.listUsers({ page: 1, perPage: 1000 });
    expect(listed.data.users.map((u) => u.email), "listUsers includes the user").toContain(email);

    const deleted = await admin.auth.admin.deleteUser(userId);
    expect(deleted.error).toBeNull();
    const again = await createClient(url, anonKey, options).auth.signInWithPassword({ email, password });
    expect(again.error?.message, "a deleted user cannot sign in").toMatch(/invalid login credentials/i);
  });

  test("a wrong password is refused with GoTrue's message", async () => {
    const { error } = await createClient(url, anonKey, options).auth.signInWithPassword({
      email: stack().demo.users[0].email, password: "not the password",
    });
    expect(error?.message).toMatch(/invalid login credentials/i);
  });

  test("the admin API refuses the anon key", async () => {
    const { error } = await createClient(url, anonKey, options).auth.admin.listUsers();
    expect(error, "only the service-role key may list users").not.toBeNull();
  });
});
