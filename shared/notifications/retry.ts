// When an alert delivery is tried again (SPEC §6): what an answer means,
// how long to wait, and when to give up. Pure, so the drain and its tests
// read the same rules.

/** A delivery is retried for about a day after it was queued, then given up. */
export const RETRY_FOR_MS = 24 * 60 * 60 * 1000;

/**
 * What a receiver's status means for the delivery: sent (2xx); try again
 * later (a timeout or 5xx, 408, 425, 429); or stop at once (any other 4xx —
 * 400, 401, 403, 404, 410 say the target is wrong or gone and will stay so
 * — and a redirect, which is never followed).
 */
export function verdict(status: number): "sent" | "retry" | "stop" {
  if (status >= 200 && status < 300) return "sent";
  if (status >= 500 || status === 408 || status === 425 || status === 429) return "retry";
  return "stop";
}

/** Seconds a Retry-After header asks for (delta-seconds or an HTTP date), capped at an hour; null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const text = header.trim();
  const seconds = /^\d+$/.test(text) ? Number(text) : (Date.parse(text) - now) / 1000;
  if (!Number.isFinite(seconds)) return null;
  return Math.min(3600, Math.max(1, Math.ceil(seconds)));
}

/**
 * Seconds until the next try after `attempt` failed: exponential from 10 s,
 * capped at 30 minutes, with jitter (between half and all of it, so many
 * deliveries that failed together do not return together). Over a day that
 * is some 50 tries. `random` is for tests.
 */
export function backoffSeconds(attempt: number, random = Math.random): number {
  const full = Math.min(1800, 10 * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(full * (0.5 + random() / 2)));
}
