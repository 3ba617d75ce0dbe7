// The start page only sends people on: to their customers, or to sign in.
import { redirect } from "@sveltejs/kit";
import { session } from "$lib/state/session.svelte.ts";

export function load() {
  redirect(307, session.user ? "/customers" : "/login");
}
