// Every page in this group needs a signed-in user.
import { redirect } from "@sveltejs/kit";
import { session } from "$lib/state/session.svelte.ts";

export function load() {
  if (!session.user) redirect(307, "/login");
}
