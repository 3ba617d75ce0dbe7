// Polls `probe` until it returns a value or `ms` pass: for effects that land
// asynchronously (a pg_net request performed, a hook delivered).
export async function waitFor<T>(probe: () => Promise<T | undefined>, ms: number): Promise<T | undefined> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  return undefined;
}
