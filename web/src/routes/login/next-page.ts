// Where to go after signing in: the page a link asked for (/login?next=…),
// if it is a path of this site — never another site (//evil.example, /\evil).
export function nextPage(asked: string | null, fallback = "/customers"): string {
  return asked && /^\/(?![/\\])/.test(asked) ? asked : fallback;
}
