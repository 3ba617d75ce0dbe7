import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

// In `vite dev` the runtime configuration and the API come from a running
// local stack (`npm start`), so the dev server proxies /config.json to it.
const stackUrl = process.env.PULSEBOARD_URL ?? "http://127.0.0.1:54321";

export default defineConfig(({ command }) => {
  // The dev server is another origin than the stack it calls: the CSP's
  // connect-src must name it (svelte.config.js reads this).
  if (command === "serve") process.env.PULSEBOARD_API_URL ??= stackUrl;
  return {
    plugins: [sveltekit()],
    server: {
      fs: { allow: [".."] },
      proxy: { "/config.json": stackUrl },
    },
  };
});
