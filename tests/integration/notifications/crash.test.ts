// At least once, with one id: a drain killed after the receiver got a
// message but before the drain recorded it leaves the delivery leased; when
// the lease runs out (the simulated clock) the next drain sends it again
// with the same webhook-id, so the receiver can drop the repeat. The only
// duplicate the outbox allows is this one.
import { afterAll, beforeAll, expect, test } from "vitest";
import { startReceiver, type Receiver } from "../../stack/receivers/receiver.ts";
import { drain, drainProcess, healthy, makeWorld, outboxOf, saveRule, waitFor, type World } from "./world.ts";

let w: World;
let r: Receiver;
beforeAll(async () => {
  w = await makeWorld("crash");
  r = await startReceiver("webhook");
});
afterAll(async () => {
  await r.close();
  await w.end();
});

test("a drain killed between send and record: the repeat carries the same webhook-id", async () => {
  const rule = await saveRule(w, { name: "Crash", event: "score_drop", threshold: 15, channel: "webhook", target: r.url });
  const lane = `webhook ${r.url}`;
  // Held, so that the drain this write rings leaves it to the process below.
  await w.sql`insert into private.notification_lanes (lane, next_at) values (${lane}, now() + interval '1 hour')
              on conflict (lane) do update set next_at = excluded.next_at`;
  await w.api("upsert_account", { name: "Crashing", ...healthy });
  await w.api("upsert_account", { name: "Crashing", logins: 1, adoption: 5 });
  expect(await outboxOf(w, rule.id)).toHaveLength(1);

  // The receiver takes the message and answers late: the drain is killed while it waits.
  r.behave({ delayMs: 3000 });
  const { child, exited } = drainProcess(lane);
  expect(await waitFor(async () => (r.arrivals.length ? true : undefined), 20_000), "the killed drain's send arrived").toBe(true);
  child.kill("SIGKILL");
  await exited;

  const [row] = await outboxOf(w, rule.id);
  expect(row, "sent but never recorded: still pending, leased by the dead drain").toMatchObject({ status: "pending", attempts: 1 });
  const attempts = await w.sql`select count(*)::int as n from public.notification_attempts where rule_id = ${rule.id}`;
  expect(attempts[0].n, "no attempt was recorded").toBe(0);

  // The lease runs out (a minute later on the real clock); the next drain sends again.
  r.behave({});
  await w.sql`update public.notification_outbox set leased_until = now() - interval '1 second' where rule_id = ${rule.id}`;
  await w.sql`update private.notification_lanes set next_at = now() where lane = ${lane}`;
  await drain(w);
  await waitFor(async () => (r.arrivals.length >= 2 && r.arrivals[1].answered ? true : undefined), 10_000);
  expect(r.arrivals).toHaveLength(2);
  expect(r.arrivals[1].headers["webhook-id"]).toBe(r.arrivals[0].headers["webhook-id"]);
  expect(r.arrivals[1].headers["webhook-id"]).toBe(row.notification_id);
  expect(JSON.parse(r.arrivals[1].body)).toEqual(JSON.parse(r.arrivals[0].body));
  expect((await outboxOf(w, rule.id))[0]).toMatchObject({ status: "sent", attempts: 2 });
});
