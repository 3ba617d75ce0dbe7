// Where sign-in sends a user: back to the page that asked them to sign in
// (a deep link opened while signed out), else Home Base. Only a path of this
// site is followed, so a crafted link cannot send a fresh sign-in elsewhere.
export const HOME = "/home";

/** The `next` a sign-in redirect carries, when it is a path of ours; Home Base otherwise. */
export function nextPage(next: string | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.startsWith("/login")) return HOME;
  return next;
}

/** The sign-in page's address for someone who wanted `path`. */
export const loginFor = (path: string) => (path === "/" || path === HOME ? "/login" : `/login?next=${encodeURIComponent(path)}`);
