// The start page only sends people on: to Home Base, or to sign in.
import { redirect } from "@sveltejs/kit";
import { session } from "$lib/state/session.svelte.ts";
import { HOME } from "$lib/utils/next-page.ts";

export function load() {
  redirect(307, session.user ? HOME : "/login");
}
