// Who is signed in. Mirrors supabase-js's persisted session so components can
// read `session.user` reactively; sign-in and sign-out go through here.
import type { User } from "@supabase/supabase-js";
import { getSupabase } from "../supabase.ts";

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
      return error.status === 0 || !error.status
        ? "Could not reach Pulseboard. Check your connection and try again."
        : error.message;
    }
    this.#user = data.user;
    return null;
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
