// Recovery cases (SPEC §5): a drop of at least the client's scoreDrop points
// within scoreDropDays opens one (migration 20261202020100); listed with the
// timeline of what moved and the client's recovery figures; a user closes
// one with an outcome and a note. API keys may read; users act.
import { closeRecoveryCaseAnswer, listRecoveryCasesAnswer } from "@shared/alerts/answers.ts";
import { closeRecoveryCaseInput, listRecoveryCasesInput } from "@shared/alerts/inputs.ts";
import { timelineOf, type HistoryEntry } from "@shared/alerts/timeline.ts";
import type { Tx } from "../../_shared/db.ts";
import { HttpError } from "../../_shared/http.ts";
import { clientAction } from "../../_shared/registry.ts";
import { act, read } from "./alerts.ts";

type CaseRow = Record<string, unknown> & { id: string; customer_id: string; window_days: number; opened_at: string; closed_at: string | null };

const caseColumns = (tx: Tx) => tx`
  r.id, r.customer_id, c.name as customer_name, r.manager, r.state, r.peak_score::float8 as peak_score, r.peak_status,
  r.opened_score::float8 as opened_score, r.lowest_score::float8 as lowest_score, c.score::float8 as score, c.status,
  r.window_days, private.iso_instant(r.opened_at) as opened_at, r.outcome, r.note, private.iso_instant(r.closed_at) as closed_at,
  r.closed_by_email`;

/** Each case with what moved: the customer's history from its window's start until it closed (at most 50 steps). */
async function withTimelines(tx: Tx, cases: CaseRow[]) {
  if (cases.length === 0) return [];
  const history = await tx<(HistoryEntry & { case_id: string })[]>`
    select r.id as case_id, private.iso_instant(h.created_at) as at, h.score::float8 as score, h.status, h.reason, h.signals
    from public.recovery_cases r
    cross join lateral (
      select * from public.score_history h
      where h.customer_id = r.customer_id and h.created_at >= r.opened_at - make_interval(days => r.window_days)
        and h.created_at <= coalesce(r.closed_at, now())
      order by h.created_at, h.id limit 50
    ) h
    where r.id = any (${cases.map((c) => c.id)}::uuid[])
    order by h.created_at, h.id`;
  return cases.map((c) => ({ ...c, timeline: timelineOf(history.filter((h) => h.case_id === c.id)) }));
}

async function recoveryStats(tx: Tx, clientId: string) {
  const [stats] = await tx`
    select count(*) filter (where state = 'open')::int as open, count(*) filter (where state = 'closed')::int as closed,
           count(*) filter (where outcome = 'recovered')::int as recovered,
           (count(*) filter (where outcome = 'recovered'))::float8 / nullif(count(*) filter (where state = 'closed'), 0) as recovered_share,
           (percentile_cont(0.5) within group (order by extract(epoch from closed_at - opened_at) / 86400)
             filter (where outcome = 'recovered'))::float8 as median_days_to_recover
    from public.recovery_cases where client_id = ${clientId}`;
  return stats;
}

export const recoveryCaseActions = {
  list_recovery_cases: clientAction({
    summary: "A client's recovery cases (open by default), newest first, each with its timeline, and the client's recovery figures",
    ...read,
    input: listRecoveryCasesInput, answer: listRecoveryCasesAnswer,
    async run({ tx, clientId, input }) {
      const where = tx`
        where r.client_id = ${clientId} ${input.state === "all" ? tx`` : tx`and r.state = ${input.state}`}
          ${input.customer_id ? tx`and r.customer_id = ${input.customer_id}` : tx``}`;
      const cases = await tx<CaseRow[]>`
        select ${caseColumns(tx)} from public.recovery_cases r join public.customers c on c.id = r.customer_id
        ${where} order by r.opened_at desc, r.id limit ${input.limit} offset ${input.offset}`;
      const [{ total }] = await tx`select count(*)::int as total from public.recovery_cases r ${where}`;
      return { cases: await withTimelines(tx, cases), total, stats: await recoveryStats(tx, clientId) };
    },
  }),
  close_recovery_case: clientAction({
    summary: "Close an open recovery case with an outcome (recovered, churned, false_alarm) and a note",
    ...act,
    input: closeRecoveryCaseInput, answer: closeRecoveryCaseAnswer,
    async run({ tx, clientId, input }) {
      const [open] = await tx`select state from public.recovery_cases where id = ${input.id} and client_id = ${clientId}`;
      if (!open) throw new HttpError(404, "not_found", "no recovery case with this id", "id");
      if (open.state !== "open") throw new HttpError(409, "conflict", "this recovery case is already closed", "id");
      const rows = await tx`
        update public.recovery_cases set state = 'closed', outcome = ${input.outcome}, note = ${input.note}, closed_at = now(),
          closed_by = auth.uid(), closed_by_email = auth.jwt() ->> 'email'
        where id = ${input.id} and client_id = ${clientId} returning id`;
      if (rows.length === 0) throw new HttpError(403, "forbidden", "you may not close this client's recovery cases", "id");
      const [closed] = await tx<CaseRow[]>`
        select ${caseColumns(tx)} from public.recovery_cases r join public.customers c on c.id = r.customer_id where r.id = ${input.id}`;
      return { case: (await withTimelines(tx, [closed]))[0] };
    },
  }),
};
