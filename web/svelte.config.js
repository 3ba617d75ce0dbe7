// The dashboard is a static single-page app: every route renders in the
// browser, and the host (the local gateway or any static host) answers unknown
// paths with index.html so deep links and reloads work.
import adapter from "@sveltejs/adapter-static";
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";
import { cspDirectives } from "./security-headers.js";

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ pages: "build", assets: "build", fallback: "index.html", strict: true }),
    // shared/ is the project's pure domain code (schemas, bands); the web
    // reaches it through this alias, the edge functions through deno.json.
    alias: { "@shared": "../shared" },
    // The fallback page is prerendered, so SvelteKit writes this policy, with
    // the hash of its inline bootstrap script, as a <meta> tag; the API's
    // origin comes from PULSEBOARD_API_URL at build time (README, deploy).
    csp: { mode: "hash", directives: cspDirectives(process.env.PULSEBOARD_API_URL) },
  },
};
