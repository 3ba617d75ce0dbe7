// Draining the outbox. Deliveries are leased fairly by the database
// (private.lease_deliveries): at most PER_LANE in flight per client and
// target host, PER_CLIENT per client, counting every drain's, so one slow or
// hanging target holds only its own lane and never a batch. The drain keeps
// up to MAX_IN_FLIGHT deliveries going and leases more as each finishes,
// rather than waiting for a whole batch. Each is sent through safeFetch
// (public addresses only, checked again now; no redirects), then recorded as
// sent, retried with exponential backoff, refused, or given up after
// MAX_ATTEMPTS. A 410 from a REST hook target ends that subscription, as
// Zapier expects.
import { drainAnswer, drainInput } from "@shared/notifications/drain.ts";
import { asSystem } from "../_shared/db.ts";
import { isRedirect, OutboundRefused, safeFetch } from "../_shared/outbound.ts";
import { systemAction } from "../_shared/registry.ts";

export const MAX_ATTEMPTS = 8;
/** A target gets this long to answer; a hook receiver should answer at once and work later. */
const TIMEOUT_MS = 5_000;
const PER_LANE = 4;
const PER_CLIENT = 16;
const MAX_IN_FLIGHT = 64;
/** A lease outlives any send (so no delivery goes out twice) and frees a dead drain's deliveries soon after. */
const LEASE_SECONDS = 60;
/** pg_net waits 60 s for the drain's answer: stop leasing in time to finish what is in flight. */
const BUDGET_MS = 45_000;

/** 30 s, 1 min, 2 min … capped at one hour. */
export function backoffSeconds(attempt: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempt - 1));
}

type Delivery = { id: number; target_url: string; event: string; payload: unknown; attempts: number; subscription_id: string | null };
type Outcome =
  | { kind: "sent"; status: number }
  | { kind: "retry"; status: number | null; error: string }
  | { kind: "refused"; error: string }
  | { kind: "gone" };

async function lease(room: number): Promise<Delivery[]> {
  return await asSystem((tx) => tx<Delivery[]>`
    select id, target_url, event, payload, attempts, subscription_id
    from private.lease_deliveries(${room}, ${PER_LANE}, ${PER_CLIENT}, ${LEASE_SECONDS})`);
}

async function send(d: Delivery): Promise<Outcome> {
  try {
    const res = await safeFetch(d.target_url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-pulseboard-event": d.event, "x-pulseboard-delivery": String(d.id) },
      body: JSON.stringify(d.payload),
      timeoutMs: TIMEOUT_MS,
      maxBodyBytes: 1024,
    });
    if (res.status >= 200 && res.status < 300) return { kind: "sent", status: res.status };
    if (res.status === 410 && d.subscription_id) return { kind: "gone" };
    const error = isRedirect(res.status) ? `HTTP ${res.status}: redirects are not followed` : `HTTP ${res.status}`;
    return { kind: "retry", status: res.status, error };
  } catch (e) {
    // A name that did not resolve may resolve later; an address that is not public will not become one.
    if (e instanceof OutboundRefused && !e.transient) return { kind: "refused", error: e.message.slice(0, 500) };
    return { kind: "retry", status: null, error: e instanceof Error ? e.message.slice(0, 500) : "delivery failed" };
  }
}

async function record(d: Delivery, r: Outcome) {
  await asSystem(async (tx) => {
    if (r.kind === "sent") {
      await tx`update public.notification_outbox set status = 'sent', sent_at = now(), last_status = ${r.status}, last_error = null, leased_until = null where id = ${d.id}`;
    } else if (r.kind === "refused") {
      await tx`update public.notification_outbox set status = 'failed', last_status = null, last_error = ${r.error}, leased_until = null where id = ${d.id}`;
    } else if (r.kind === "gone") {
      await tx`update public.notification_outbox set status = 'failed', last_status = 410, last_error = 'target gone; unsubscribed', leased_until = null where id = ${d.id}`;
      await tx`update public.webhook_subscriptions set ended_at = now(), ended_reason = 'the target answered 410 Gone'
               where id = ${d.subscription_id} and ended_at is null`;
      await tx`update public.notification_outbox set status = 'failed', last_error = 'not sent: the target answered 410 Gone'
               where subscription_id = ${d.subscription_id} and status = 'pending' and id <> ${d.id}`;
    } else {
      const giveUp = d.attempts >= MAX_ATTEMPTS;
      await tx`
        update public.notification_outbox
        set status = ${giveUp ? "failed" : "pending"}, last_status = ${r.status}, last_error = ${r.error}, leased_until = null,
            next_attempt_at = now() + make_interval(secs => ${backoffSeconds(d.attempts)})
        where id = ${d.id}`;
    }
  });
}

/** Sends everything due, keeping up to MAX_IN_FLIGHT going, until nothing is left or time runs short. */
async function drainAsSystem() {
  const started = Date.now();
  const counts = { sent: 0, failed: 0 };
  const inFlight = new Set<Promise<void>>();
  const deliver = async (d: Delivery) => {
    try {
      const outcome = await send(d);
      await record(d, outcome);
      if (outcome.kind === "sent") counts.sent++;
      else counts.failed++;
    } catch (error) {
      // Its lease expires and a later drain tries again.
      console.error(`outbox delivery ${d.id}:`, error);
      counts.failed++;
    }
  };
  for (;;) {
    const room = MAX_IN_FLIGHT - inFlight.size;
    const batch = room > 0 && Date.now() - started < BUDGET_MS ? await lease(room) : [];
    for (const d of batch) {
      const running: Promise<void> = deliver(d).finally(() => inFlight.delete(running));
      inFlight.add(running);
    }
    if (inFlight.size === 0) break;
    // Lease again as soon as a lane may have room: when one finishes.
    if (batch.length === 0 || inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
  }
  return counts;
}

export const drainActions = {
  drain: systemAction({
    summary: "Send every due outbox delivery (pg_cron, with the cron secret)",
    write: true,
    input: drainInput, answer: drainAnswer,
    run: drainAsSystem,
  }),
};
