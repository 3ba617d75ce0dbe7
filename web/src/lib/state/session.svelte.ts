// Who is signed in. Mirrors supabase-js's persisted session so components can
// read `session.user` reactively; sign-in and sign-out go through here.
import type { User } from "@supabase/supabase-js";
import { getSupabase } from "../supabase.ts";

const unreachable = "Could not reach Pulseboard. Check your connection and try again.";

/** Why a password change was refused, and the field it concerns when there is one. */
export type Refusal = { field?: "password"; message: string };

class Session {
  #user = $state<User | null>(null);
  #started: Promise<void> | undefined;

  get user(): User | null {
    return this.#user;
  }

  get email(): string {
    return this.#user?.email ?? "";
  }

  /** What to call the user: the name they were invited with, else their e-mail's local part. */
  get name(): string {
    const meta = this.#user?.user_metadata ?? {};
    const named = [meta.full_name, meta.name].find((n): n is string => typeof n === "string" && n.trim() !== "");
    return named?.trim() ?? this.email.split("@")[0];
  }

  /** Reads the stored session once and follows later changes (refresh, sign-out in another tab). */
  start(): Promise<void> {
    this.#started ??= (async () => {
      const supabase = await getSupabase();
      const { data } = await supabase.auth.getSession();
      this.#user = data.session?.user ?? null;
      supabase.auth.onAuthStateChange((_event, current) => {
        this.#user = current?.user ?? null;
      });
    })();
    this.#started.catch(() => (this.#started = undefined));
    return this.#started;
  }

  /** Returns a message to show when the sign-in is refused, or null on success. */
  async signIn(email: string, password: string): Promise<string | null> {
    const supabase = await getSupabase();
    const { data, error } = await supabase.auth.signInWithPassword({ email: email.trim(), password });
    if (error) {
      // GoTrue says "Invalid login credentials"; say it the way a person would.
      if (error.code === "invalid_credentials" || /invalid login/i.test(error.message)) {
        return "Wrong email or password.";
      }
      // Too many failed attempts for this account or from this network (429).
      if (error.code === "over_request_rate_limit") return "Too many sign-in attempts. Wait a few minutes, then try again.";
      return error.status === 0 || !error.status ? unreachable : error.message;
    }
    this.#user = data.user;
    return null;
  }

  /**
   * Replaces the signed-in user's password (an invited user's temporary one,
   * say). The server signs out the user's other sessions; this one goes on.
   * Returns why it was refused, or null.
   */
  async changePassword(password: string): Promise<Refusal | null> {
    const supabase = await getSupabase();
    const { data, error } = await supabase.auth.updateUser({ password });
    if (!error) {
      this.#user = data.user;
      return null;
    }
    if (error.code === "weak_password") return { field: "password", message: "Use at least 6 characters." };
    if (error.code === "same_password") return { field: "password", message: "That is your current password. Choose a different one." };
    return { message: error.status === 0 || !error.status ? unreachable : error.message };
  }

  async signOut(): Promise<void> {
    const supabase = await getSupabase();
    // A failed server call (e.g. offline) must still end the local session.
    const { error } = await supabase.auth.signOut();
    if (error) await supabase.auth.signOut({ scope: "local" });
    this.#user = null;
  }
}

export const session = new Session();
