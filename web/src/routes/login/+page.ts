// Someone already signed in has nothing to do here.
import { redirect } from "@sveltejs/kit";
import { session } from "$lib/state/session.svelte.ts";

export function load() {
  if (session.user) redirect(307, "/customers");
}
