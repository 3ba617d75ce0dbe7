// Every page in this group needs a signed-in user; one who is not signs in
// and comes back to the page they opened.
import { redirect } from "@sveltejs/kit";
import { session } from "$lib/state/session.svelte.ts";
import { loginFor } from "$lib/utils/next-page.ts";

export async function load({ parent, url }) {
  // Loads run in parallel: wait for the root layout to read the stored
  // session, or a deep link or reload (/customers/<id>) finds no user yet
  // and is sent to sign in although the user is signed in.
  await parent();
  if (!session.user) redirect(307, loginFor(url.pathname + url.search));
}
