// Every page in this group needs a signed-in user.
import { redirect } from "@sveltejs/kit";
import { session } from "$lib/state/session.svelte.ts";

export async function load({ parent }) {
  // Loads run in parallel: wait for the root layout to read the stored
  // session, or a deep link or reload (/customers/<id>) finds no user yet,
  // goes to /login and from there lands on /customers.
  await parent();
  if (!session.user) redirect(307, "/login");
}
