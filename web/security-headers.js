// The dashboard's security headers, defined once. svelte.config.js gives the
// CSP directives to SvelteKit, which puts them in a <meta> tag of the built
// page with the hashes of its inline bootstrap script; write-headers.js then
// writes that page's policy, plus frame-ancestors (which a meta tag cannot
// carry) and the other headers, to build/_headers for static hosts; the local
// gateway serves the same file's headers on every dashboard response.

/**
 * Scripts only from our own origin (and the hashed bootstrap); connections
 * only to our own origin and the API (`apiUrl`, the Supabase project, when it
 * is another origin); no plugins, no <base> tricks, no framing.
 * @param {string | undefined} apiUrl
 */
export function cspDirectives(apiUrl) {
  const api = apiUrl ? [new URL(apiUrl).origin] : [];
  return {
    "default-src": ["self"],
    "script-src": ["self"],
    "connect-src": ["self", ...api],
    "img-src": ["self", "data:"],
    // SvelteKit's route announcer carries a style attribute; styles cannot run
    // code, so inline ones are let through and the policy's teeth stay in
    // script-src and connect-src.
    "style-src": ["self", "unsafe-inline"],
    "font-src": ["self"],
    "object-src": ["none"],
    "base-uri": ["self"],
    "form-action": ["self"],
    "frame-ancestors": ["none"],
  };
}

/** Only a header can forbid framing; SvelteKit leaves it out of the meta tag. */
export const frameAncestors = "frame-ancestors 'none'";

/** The headers besides the CSP, on every dashboard response. */
export const otherHeaders = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  // For browsers that predate frame-ancestors.
  "X-Frame-Options": "DENY",
};
