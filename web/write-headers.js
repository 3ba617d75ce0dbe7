// After `vite build`: build/_headers (Netlify and Cloudflare Pages format) with
// the CSP SvelteKit put in build/index.html's meta tag, frame-ancestors, and
// the other security headers. The local gateway serves this file's headers
// too, so the two never differ (tests/integration/stack/gateway.test.ts).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { frameAncestors, otherHeaders } from "./security-headers.js";

const build = join(import.meta.dirname, "build");
const html = readFileSync(join(build, "index.html"), "utf8");
const meta = html.match(/<meta http-equiv="content-security-policy" content="([^"]*)">/)?.[1];
if (!meta) throw new Error("build/index.html has no CSP meta tag: is kit.csp set in svelte.config.js?");
const csp = `${meta.replaceAll("&quot;", '"').replaceAll("&amp;", "&")}; ${frameAncestors}`;

const lines = Object.entries({ "Content-Security-Policy": csp, ...otherHeaders }).map(([name, value]) => `  ${name}: ${value}`);
writeFileSync(join(build, "_headers"), ["/*", ...lines, ""].join("\n"));
