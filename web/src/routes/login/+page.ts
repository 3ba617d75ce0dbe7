// Someone already signed in has nothing to do here: on to where they were going.
import { redirect } from "@sveltejs/kit";
import { session } from "$lib/state/session.svelte.ts";
import { nextPage } from "$lib/utils/next-page.ts";

export function load({ url }) {
  if (session.user) redirect(307, nextPage(url.searchParams.get("next")));
}
