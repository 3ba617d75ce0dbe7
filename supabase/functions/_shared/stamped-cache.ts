// Answers that are costly to compute and the same for every reader of one
// client, reused while the client's data is unchanged. The caller passes a
// stamp that moves with every change (read in its own transaction, so under
// its row-level security); an answer is reused only for the same key and
// stamp, and for at most `ttlMs`, which bounds what a commit racing the stamp
// could leave stale. Requests that miss together wait for one computation.
type Entry<T> = { stamp: string | null; value: T; at: number };

export function stampedCache<T>(ttlMs: number, maxEntries = 1_000) {
  const entries = new Map<string, Entry<T>>();
  const running = new Map<string, Promise<T>>();

  return async function cached(key: string, stamp: string | null, compute: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && hit.stamp === stamp && now - hit.at < ttlMs) return hit.value;
    const flight = `${key} ${stamp}`;
    const other = running.get(flight);
    // Should the other request's computation fail, this one computes for itself.
    if (other) return await other.catch(compute);
    const computing = compute().finally(() => running.delete(flight));
    running.set(flight, computing);
    const value = await computing;
    entries.delete(key);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    entries.set(key, { stamp, value, at: now });
    return value;
  };
}
