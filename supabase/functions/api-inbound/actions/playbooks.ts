// Playbooks and QBR prep (SPEC §8): plays generated from the customer's
// current alerts (the rules of shared/alerts, which the stored alerts follow
// too), their items' progress saved per customer (play_items, audited), and
// the QBR document written from status, signals, history and notes.
import { evaluateAlerts, type AlertSubject } from "@shared/alerts/rules.ts";
import { daysSinceContact } from "@shared/index.ts";
import { playbookAnswer, qbrAnswer, setPlayItemAnswer } from "@shared/playbooks/answers.ts";
import { customerPlaybookInput, setPlayItemInput } from "@shared/playbooks/inputs.ts";
import { findPlayItem, playsFor, type Play } from "@shared/playbooks/plays.ts";
import { buildQbr, qbrText } from "@shared/qbr/build.ts";
import type { Tx } from "../../_shared/db.ts";
import { HttpError } from "../../_shared/http.ts";
import { clientAction, editors, readers } from "../../_shared/registry.ts";
import { loadScoringConfig } from "../../_shared/rescore.ts";

/** A live customer of this client with what the alert rules and the QBR read, else 404. */
async function loadCustomer(tx: Tx, clientId: string, customerId: string) {
  const [c] = await tx`
    select id, name, manager, tier, mrr::float8 as mrr, lifecycle, status, score::float8 as score,
           previous_score::float8 as previous_score, logins, adoption::float8 as adoption, tickets, nps::float8 as nps,
           nps_category, csat::float8 as csat, days_since_contact, contact_baseline_at, growth, sentiment,
           to_char(renewal_date, 'YYYY-MM-DD') as renewal_date, to_char(customer_since, 'YYYY-MM-DD') as customer_since
    from public.customers where id = ${customerId} and client_id = ${clientId} and deleted_at is null`;
  if (!c) throw new HttpError(404, "not_found", "no customer with this id", "customer_id");
  const now = new Date();
  const subject: AlertSubject = {
    lifecycle: c.lifecycle, deleted: false, status: c.status, score: c.score, previousScore: c.previous_score, tier: c.tier,
    mrr: c.mrr, logins: c.logins, adoption: c.adoption, tickets: c.tickets, nps: c.nps, npsCategory: c.nps_category, csat: c.csat,
    days: daysSinceContact(c.days_since_contact, c.contact_baseline_at, now), renewalDate: c.renewal_date, sentiment: c.sentiment,
  };
  const { settings } = await loadScoringConfig(tx, clientId);
  return { row: c, now, conditions: evaluateAlerts(subject, settings, now) };
}

type Ticked = { play: string; item: string; done: boolean; changed_by_email: string | null; changed_at: string };

/** The customer's plays with the saved state of their items. */
async function playbookOf(tx: Tx, clientId: string, customerId: string) {
  const { conditions } = await loadCustomer(tx, clientId, customerId);
  const ticked = await tx<Ticked[]>`
    select play, item, done, changed_by_email, private.iso_instant(updated_at) as changed_at
    from public.play_items where client_id = ${clientId} and customer_id = ${customerId}`;
  const plays = playsFor(conditions).map((play) => withProgress(play, ticked));
  const done = plays.reduce((n, p) => n + p.progress.done, 0);
  const total = plays.reduce((n, p) => n + p.progress.total, 0);
  return { customer_id: customerId, plays, progress: { done, total } };
}

function withProgress(play: Play, ticked: Ticked[]) {
  const items = play.items.map((i) => {
    const t = ticked.find((x) => x.play === play.key && x.item === i.key);
    return { ...i, done: t?.done ?? false, changed_by_email: t?.changed_by_email ?? null, changed_at: t?.changed_at ?? null };
  });
  return { ...play, items, progress: { done: items.filter((i) => i.done).length, total: items.length } };
}

export const playbookActions = {
  get_playbook: clientAction({
    summary: "A customer's plays, generated from its signals and alerts, most urgent first, with each item's saved progress",
    write: false, roles: readers,
    input: customerPlaybookInput, answer: playbookAnswer,
    run: ({ tx, clientId, input }) => playbookOf(tx, clientId, input.customer_id),
  }),
  set_play_item: clientAction({
    summary: "Tick or untick an action item of one of the customer's plays",
    write: true, roles: editors, access: "user",
    input: setPlayItemInput, answer: setPlayItemAnswer,
    async run({ tx, clientId, input }) {
      const before = await playbookOf(tx, clientId, input.customer_id);
      const play = before.plays.find((p) => p.key === input.play);
      if (!play) throw new HttpError(400, "invalid_input", `the customer has no play "${input.play}" now`, "play");
      if (!findPlayItem(input.play, input.item)) {
        throw new HttpError(400, "invalid_input", `play "${input.play}" has no item "${input.item}"`, "item");
      }
      const rows = await tx`
        insert into public.play_items (client_id, customer_id, play, item, done)
        values (${clientId}, ${input.customer_id}, ${input.play}, ${input.item}, ${input.done})
        on conflict (customer_id, play, item) do update set done = excluded.done
        returning id`;
      if (rows.length === 0) throw new HttpError(403, "forbidden", "you may not change this customer's playbook", "customer_id");
      const after = await playbookOf(tx, clientId, input.customer_id);
      return { play: after.plays.find((p) => p.key === input.play)! };
    },
  }),
  get_qbr: clientAction({
    summary: "The QBR prep document of a customer: executive summary, wins, risks by severity, agenda with times, questions, context; and as plain text",
    write: false, roles: readers,
    input: customerPlaybookInput, answer: qbrAnswer,
    async run({ tx, clientId, input }) {
      const { row, now, conditions } = await loadCustomer(tx, clientId, input.customer_id);
      const history = await tx`
        select score::float8 as score from public.score_history
        where customer_id = ${input.customer_id} and client_id = ${clientId} and score is not null
          and created_at >= now() - interval '90 days'
        order by created_at, id`;
      const notes = await tx<{ body: string; created_at: string }[]>`
        select body, private.iso_instant(created_at) as created_at from public.customer_notes
        where customer_id = ${input.customer_id} and client_id = ${clientId} order by created_at desc, id desc limit 5`;
      const qbr = buildQbr({
        customer: {
          name: row.name, manager: row.manager, tier: row.tier, mrr: row.mrr, lifecycle: row.lifecycle, score: row.score,
          status: row.status, renewalDate: row.renewal_date, customerSince: row.customer_since, logins: row.logins,
          adoption: row.adoption, tickets: row.tickets, nps: row.nps, csat: row.csat, growth: row.growth, sentiment: row.sentiment,
        },
        conditions, scores: history.map((h) => h.score as number), notes, now,
      });
      return { customer_id: input.customer_id, generated_at: now.toISOString(), ...qbr, text: qbrText(qbr) };
    },
  }),
};
