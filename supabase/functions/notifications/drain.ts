// Draining the outbox. Each due delivery is leased (its next
// attempt pushed forward) under `for update skip locked`, so concurrent
// drains never send the same row twice; then POSTed, and recorded as sent, or
// retried with exponential backoff, or given up after MAX_ATTEMPTS. A 410
// from a REST hook target ends that subscription, as Zapier expects.
import { drainAnswer, drainInput } from "@shared/notifications/drain.ts";
import { asSystem } from "../_shared/db.ts";
import { systemAction } from "../_shared/registry.ts";

export const MAX_ATTEMPTS = 8;
const BATCH = 50;
const TIMEOUT_MS = 10_000;

/** 30 s, 1 min, 2 min … capped at one hour. */
export function backoffSeconds(attempt: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempt - 1));
}

type Delivery = { id: number; target_url: string; event: string; payload: unknown; attempts: number; subscription_id: string | null };

async function lease(): Promise<Delivery[]> {
  return await asSystem((tx) => tx<Delivery[]>`
    update public.notification_outbox o
    set attempts = o.attempts + 1, next_attempt_at = now() + make_interval(secs => ${TIMEOUT_MS / 1000 * 6})
    where o.id in (
      select id from public.notification_outbox
      where status = 'pending' and next_attempt_at <= now()
      order by id
      for update skip locked
      limit ${BATCH})
    returning o.id, o.target_url, o.event, o.payload, o.attempts, o.subscription_id`);
}

async function send(d: Delivery): Promise<{ status: number | null; error: string | null }> {
  try {
    const res = await fetch(d.target_url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-pulseboard-event": d.event, "x-pulseboard-delivery": String(d.id) },
      body: JSON.stringify(d.payload),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body?.cancel();
    return { status: res.status, error: res.ok ? null : `HTTP ${res.status}` };
  } catch (e) {
    return { status: null, error: e instanceof Error ? e.message.slice(0, 500) : "delivery failed" };
  }
}

async function record(d: Delivery, r: { status: number | null; error: string | null }) {
  await asSystem(async (tx) => {
    if (r.error === null) {
      await tx`update public.notification_outbox set status = 'sent', sent_at = now(), last_status = ${r.status}, last_error = null where id = ${d.id}`;
    } else if (r.status === 410 && d.subscription_id) {
      await tx`update public.notification_outbox set status = 'failed', last_status = 410, last_error = 'target gone; unsubscribed' where id = ${d.id}`;
      await tx`delete from public.webhook_subscriptions where id = ${d.subscription_id}`;
    } else {
      const giveUp = d.attempts >= MAX_ATTEMPTS;
      await tx`
        update public.notification_outbox
        set status = ${giveUp ? "failed" : "pending"}, last_status = ${r.status}, last_error = ${r.error},
            next_attempt_at = now() + make_interval(secs => ${backoffSeconds(d.attempts)})
        where id = ${d.id}`;
    }
  });
}

/** Sends everything due, batch by batch, until nothing is left or time runs short. */
async function drainAsSystem() {
  const started = Date.now();
  let sent = 0, failed = 0;
  for (;;) {
    const batch = await lease();
    if (batch.length === 0) break;
    await Promise.all(batch.map(async (d) => {
      const r = await send(d);
      await record(d, r);
      if (r.error === null) sent++;
      else failed++;
    }));
    if (Date.now() - started > 45_000) break;
  }
  return { sent, failed };
}

export const drainActions = {
  drain: systemAction({
    summary: "Send every due outbox delivery (pg_cron, with the cron secret)",
    write: true,
    input: drainInput, answer: drainAnswer,
    run: drainAsSystem,
  }),
};
