// Draining the outbox: REST hooks and alert deliveries (channels.ts says
// how each is sent).
//
// REST hooks are leased fairly by the database (private.lease_deliveries):
// at most PER_LANE in flight per client and target host, PER_CLIENT per
// client. Alert deliveries (private.lease_alert_deliveries) go one at a
// time per receiver (a Slack, Teams or webhook URL, the e-mail API), paced
// to what it allows, a burst folded into one message; rows are taken with
// skip locked, so two drains never send one twice. Either way one slow or
// hanging target holds only its own lane. The drain keeps up to
// MAX_IN_FLIGHT deliveries going and leases more as each finishes.
//
// Each is sent through safeFetch (public addresses only, checked again now;
// no redirects) and recorded. A 410 from a REST hook target ends that
// subscription, as Zapier expects; an alert target that refuses for good
// marks its rule failing. Alert retries honour Retry-After and back off
// with jitter for about a day (shared/notifications/retry.ts).
import { drainAnswer, drainInput } from "@shared/notifications/drain.ts";
import { backoffSeconds as alertBackoff, RETRY_FOR_MS } from "@shared/notifications/retry.ts";
import { webhookHeaders } from "@shared/notifications/signing.ts";
import { asSystem } from "../_shared/db.ts";
import { isRedirect, OutboundRefused, safeFetch } from "../_shared/outbound.ts";
import { systemAction } from "../_shared/registry.ts";
import { type AlertDelivery, type AlertOutcome, sendAlert, signingSecrets } from "./channels.ts";

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
/** A paced lane with more to send is waited for when its turn comes this soon. */
const LINGER_MS = 3_000;
/** While sends are in flight, how often paced lanes are looked at again. */
const POLL_MS = 200;

/** 30 s, 1 min, 2 min … capped at one hour (REST hooks). */
export function backoffSeconds(attempt: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempt - 1));
}

type HookDelivery = {
  id: number; client_id: string; kind: "rest_hook"; notification_id: string; target_url: string; event: string; payload: unknown;
  attempts: number; subscription_id: string | null;
};
type Delivery = HookDelivery | AlertDelivery;
type Outcome =
  | { kind: "sent"; status: number }
  | { kind: "retry"; status: number | null; error: string }
  | { kind: "refused"; error: string }
  | { kind: "gone" };

async function lease(room: number): Promise<Delivery[]> {
  return await asSystem(async (tx) => {
    const hooks = await tx<HookDelivery[]>`
      select id, client_id, kind, notification_id, target_url, event, payload, attempts, subscription_id
      from private.lease_deliveries(${room}, ${PER_LANE}, ${PER_CLIENT}, ${LEASE_SECONDS})`;
    if (hooks.length >= room) return hooks;
    const alerts = await tx<AlertDelivery[]>`
      select id, client_id, kind, notification_id, rule_id, channel, target_url, lane, payload, attempts, created_at
      from private.lease_alert_deliveries(${room - hooks.length}, ${LEASE_SECONDS})`;
    return [...hooks, ...alerts];
  });
}

/**
 * Milliseconds until a paced lane may send its next pending delivery, when that is within LINGER_MS; else null.
 * Lanes with a send in flight elsewhere are that drain's to go on with, so they keep this one awake no longer.
 */
async function nextTurnMs(): Promise<number | null> {
  const [row] = await asSystem((tx) => tx<{ ms: number | null }[]>`
    select extract(epoch from min(t.turn) - clock_timestamp()) * 1000 as ms
    from (select greatest(o.next_attempt_at, coalesce(l.next_at, o.next_attempt_at)) as turn
          from public.notification_outbox o left join private.notification_lanes l on l.lane = o.lane
          where o.status = 'pending' and o.lane is not null and o.next_attempt_at < now() + make_interval(secs => ${LINGER_MS / 1000})
            and (o.leased_until is null or o.leased_until <= now())
            and not exists (select 1 from public.notification_outbox b
                            where b.lane = o.lane and b.status = 'pending' and b.leased_until > now())) t
    where t.turn < now() + make_interval(secs => ${LINGER_MS / 1000})`);
  if (row?.ms === null || row?.ms === undefined) return null;
  return Math.max(20, Math.min(LINGER_MS, Number(row.ms)));
}

async function sendHook(d: HookDelivery, secrets: (clientId: string) => Promise<string[]>): Promise<Outcome> {
  try {
    const body = JSON.stringify(d.payload);
    const signed = await webhookHeaders(await secrets(d.client_id), d.notification_id, body);
    const res = await safeFetch(d.target_url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-pulseboard-event": d.event, "x-pulseboard-delivery": String(d.id), ...signed },
      body,
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

async function recordHook(d: HookDelivery, r: Outcome) {
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

/** The event log's row for an attempt, and the outbox row's new state. */
async function recordAlert(d: AlertDelivery, r: AlertOutcome) {
  const giveUp = r.kind === "retry" && Date.now() - new Date(d.created_at).getTime() >= RETRY_FOR_MS;
  const outcome = r.kind === "sent" ? "sent" : r.kind === "retry" && !giveUp ? "retry" : "failed";
  const error = r.kind === "sent" ? null : giveUp ? `${r.error}; given up after a day of retries` : r.error;
  const wait = r.kind === "retry" ? r.retryAfter ?? alertBackoff(d.attempts) : 0;
  await asSystem(async (tx) => {
    await tx`
      insert into public.notification_attempts (client_id, outbox_id, notification_id, rule_id, rule_name, channel, kind, customer_ids,
                                                attempt, outcome, http_status, error)
      values (${d.client_id}, ${d.id}, ${d.notification_id}, ${d.rule_id}, ${r.ruleName}, ${d.channel}, ${d.kind}, ${r.customerIds}::uuid[],
              ${d.attempts}, ${outcome}, ${r.status}, ${error})`;
    await tx`
      update public.notification_outbox
      set status = ${outcome === "retry" ? "pending" : outcome}, last_status = ${r.status}, last_error = ${error}, leased_until = null,
          sent_at = case when ${outcome} = 'sent' then now() end,
          next_attempt_at = now() + make_interval(secs => ${wait})
      where id = ${d.id}`;
    if (r.kind === "stop" && d.rule_id) await tx`select private.mark_rule_failing(${d.rule_id}, ${r.error})`;
    if (r.kind === "retry" && r.retryAfter) await tx`select private.hold_lane(${d.lane}, now() + make_interval(secs => ${r.retryAfter}))`;
  });
}

type Counts = { sent: number; failed: number };
type Awake = { more: boolean; nudge: () => void };

/**
 * The drain awake in this process, if one is. Every write that queues a
 * delivery rings a drain (pg_net after commit); while one is awake, a ring
 * only tells it there is more (it leases again before it ends) and answers
 * at once, so under load the rings do not pile up into drains that compete
 * for the same rows. A call that is not a ring (pg_cron, a test) beside an
 * awake drain sends what is due now and ends, as drains in two processes
 * do: rows are leased with skip locked, so no two drains send one twice.
 */
let awake: Awake | null = null;

async function drainAsSystem(input: { wake?: boolean }): Promise<Counts> {
  if (awake && input.wake) {
    awake.more = true;
    awake.nudge();
    return { sent: 0, failed: 0 };
  }
  if (awake) return (await drainWhileDue(null)).counts;
  const state: Awake = { more: false, nudge: () => {} };
  awake = state;
  let result: { counts: Counts; outOfTime: boolean };
  try {
    result = await drainWhileDue(state);
  } finally {
    // Synchronously after its last look at state.more: a ring from now on wakes a drain of its own.
    awake = null;
  }
  if (result.outOfTime) await ringSuccessor();
  return result.counts;
}

/**
 * Sends everything due, keeping up to MAX_IN_FLIGHT going. The awake drain
 * goes on until nothing is due, no ring came since its last lease, and no
 * paced lane's turn comes within LINGER_MS — or time runs short (pg_net
 * waits a minute for the answer): then drainAsSystem rings a successor when
 * anything is still due, so a stream of writes keeps one drain awake rather
 * than waiting for the minute's job. Another (awake null) ends once nothing
 * is due now.
 */
async function drainWhileDue(state: Awake | null): Promise<{ counts: Counts; outOfTime: boolean }> {
  const started = Date.now();
  const counts = { sent: 0, failed: 0 };
  const inFlight = new Set<Promise<void>>();
  const secrets = signingSecrets();
  const nudged = () => new Promise<void>((ok) => state && (state.nudge = ok));
  const deliver = async (d: Delivery) => {
    try {
      if (d.kind === "rest_hook") {
        const outcome = await sendHook(d, secrets);
        await recordHook(d, outcome);
        if (outcome.kind === "sent") counts.sent++;
        else counts.failed++;
      } else {
        const outcome = await sendAlert(d, secrets);
        await recordAlert(d, outcome);
        if (outcome.kind === "sent") counts.sent++;
        else counts.failed++;
      }
    } catch (error) {
      // Its lease expires and a later drain tries again.
      console.error(`outbox delivery ${d.id}:`, error);
      counts.failed++;
    }
  };
  let inTime = true;
  for (;;) {
    const room = MAX_IN_FLIGHT - inFlight.size;
    inTime = Date.now() - started < BUDGET_MS;
    // A ring before this lease is answered by it (its row committed before the ring was sent).
    if (state && room > 0 && inTime) state.more = false;
    const batch = room > 0 && inTime ? await lease(room) : [];
    for (const d of batch) {
      const running: Promise<void> = deliver(d).finally(() => inFlight.delete(running));
      inFlight.add(running);
    }
    if (batch.length > 0 && inFlight.size < MAX_IN_FLIGHT) continue;
    // A ring that came while leasing or looking: lease again at once.
    const rung = () => !!state?.more && inTime && inFlight.size < MAX_IN_FLIGHT;
    if (inFlight.size === 0) {
      const wait = state && inTime && !rung() ? await nextTurnMs() : null;
      if (rung()) continue;
      if (wait === null) break;
      await Promise.race([sleep(wait), nudged()]);
      continue;
    }
    // Lease again when a send finishes, a ring comes, or a paced lane's turn may have come.
    if (!rung()) await Promise.race([...inFlight, sleep(POLL_MS), nudged()]);
  }
  return { counts, outOfTime: !inTime };
}

/** Out of time with work left: a fresh drain (a ring, sent after this commits) carries on. */
async function ringSuccessor() {
  await asSystem((tx) => tx`
    select private.call_function('notifications', '{"action": "drain", "wake": true}', 60000)
    where exists (select 1 from public.notification_outbox
                  where status = 'pending' and next_attempt_at < now() + make_interval(secs => ${LINGER_MS / 1000}))`);
}

const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

export const drainActions = {
  drain: systemAction({
    summary: "Send every due outbox delivery (pg_cron, with the cron secret)",
    write: true,
    input: drainInput, answer: drainAnswer,
    run: drainAsSystem,
  }),
};
