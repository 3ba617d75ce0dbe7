// A single-page app: nothing renders on a server and nothing is prerendered;
// the host serves index.html for every path. Before any page loads, the
// runtime configuration and the stored session are read once.
import { session } from "$lib/state/session.svelte.ts";

export const ssr = false;
export const prerender = false;

export async function load() {
  await session.start();
}
