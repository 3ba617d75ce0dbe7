// API keys let in without a round trip of their own. The database's gate
// (private.check_api_key: live key, hit counter, last_used_at) ran as a
// separate statement and write transaction on every request, which cost more
// than the request's own query under load (bench/api/README.md). Now the
// first request of a key in each minute passes the gate; the rest of that
// minute the instance counts the key's hits itself and adds them to the
// database's counter every second, reading back the total of all instances.
//
// What stays true: a key over its limit is refused (across instances the
// limit can be exceeded by at most what the others admitted in their last
// second); a revoked key or an archived client is refused at once, because a
// key admitted here is checked again inside the request's own transaction
// (asCaller); a new limit applies from the next minute.
import { db } from "./db.ts";

/** counted: the database's total at the last exchange; sending: hits on their way there; pending: hits not sent yet. */
export type KnownKey = {
  id: string; clientId: string; limit: number; window: number; counted: number; sending: number; pending: number;
};

const known = new Map<string, KnownKey>();
const FLUSH_MS = 1000;
let flushing: ReturnType<typeof setInterval> | undefined;

const windowOf = (now: number) => now - (now % 60_000);

/** After the gate let a key in: its count for this minute (this request included) is known. */
export function rememberKey(hash: string, key: Omit<KnownKey, "window" | "sending" | "pending">, now = Date.now()) {
  known.set(hash, { ...key, window: windowOf(now), sending: 0, pending: 0 });
}

/**
 * The key's admission from this instance's count: null when the gate must
 * decide (a key not seen this minute), else allowed or not with the seconds
 * until the window ends.
 */
export function admitKey(hash: string, now = Date.now()): { key: KnownKey; allowed: boolean; retryAfter: number } | null {
  const key = known.get(hash);
  if (!key) return null;
  if (key.window !== windowOf(now)) {
    known.delete(hash);
    if (key.pending > 0) void addHits(key);
    return null;
  }
  const retryAfter = Math.max(1, Math.ceil((key.window + 60_000 - now) / 1000));
  if (key.counted + key.sending + key.pending >= key.limit) return { key, allowed: false, retryAfter };
  key.pending++;
  flushing ??= setInterval(flushAll, FLUSH_MS);
  return { key, allowed: true, retryAfter };
}

let busy = false;
async function flushAll() {
  if (busy) return; // a slow database: the previous second's exchange is still running
  busy = true;
  try {
    // Keys of a past minute with nothing left to send are forgotten.
    const current = windowOf(Date.now());
    for (const [hash, key] of known) {
      if (key.window !== current && key.pending === 0 && key.sending === 0) known.delete(hash);
    }
    const due = [...known.values()].filter((key) => key.pending > 0);
    // Nothing to send: stop until the next admission, so an idle instance holds no timer.
    if (due.length === 0) {
      clearInterval(flushing);
      flushing = undefined;
    }
    for (const key of due) await addHits(key);
  } finally {
    busy = false;
  }
}

/** Adds the key's pending hits to the database's counter and takes back the total of every instance. */
async function addHits(key: KnownKey) {
  const n = key.pending;
  key.pending = 0;
  key.sending += n;
  try {
    const [row] = await db()`
      insert into private.rate_limit_hits as h (api_key_id, window_start, hits)
      values (${key.id}, to_timestamp(${key.window / 1000}), ${n})
      on conflict (api_key_id, window_start) do update set hits = h.hits + excluded.hits
      returning hits`;
    key.counted = row.hits;
    key.sending -= n;
  } catch (error) {
    key.sending -= n;
    key.pending += n;
    console.error("rate-limit hits not saved; retrying next second:", error);
  }
}
