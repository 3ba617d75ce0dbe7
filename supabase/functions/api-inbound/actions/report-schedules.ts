// Scheduled reports (SPEC §10) of one client: list, save, delete, send one
// now; and the job pg_cron calls every quarter hour, which renders each
// schedule that has not been sent for its current period (daily, ISO week,
// month, UTC) and queues it in the notifications outbox with its PDF (and
// CSV when asked) attached. The e-mail's dedupe key is the schedule and the
// period, so a rerun of the period sends nothing. Editors of the client
// manage schedules; viewers list them. A schedule is rendered as the user
// who saved it, under RLS, so it carries what its author may read.
import { Buffer } from "node:buffer";
import { reportTitles } from "@shared/reports/inputs.ts";
import { toCsv } from "@shared/reports/document.ts";
import {
  deleteReportScheduleAnswer, formatLabels, frequencyLabels, listReportSchedulesAnswer, listReportSchedulesInput, type ReportSchedule,
  runReportScheduleAnswer, saveReportScheduleAnswer, saveReportScheduleInput, scheduleIdInput, sendReportSchedulesAnswer,
} from "@shared/reports/schedules.ts";
import { z } from "zod";
import type { Caller } from "../../_shared/caller.ts";
import { asPrincipal, asSystem, type Tx } from "../../_shared/db.ts";
import type { Email } from "../../_shared/email.ts";
import { HttpError } from "../../_shared/http.ts";
import { clientAction, editors, readers, systemAction } from "../../_shared/registry.ts";
import { buildReport } from "../../_shared/reports/build.ts";
import type { ReportContext } from "../../_shared/reports/parts.ts";
import { renderPdf } from "../../_shared/reports/pdf.ts";

const scheduleColumns = (tx: Tx) => tx`
  s.id, s.report, s.customer_id, (select c.name from public.customers c where c.id = s.customer_id) as customer_name,
  s.frequency, s.recipients as "to", s.format, s.enabled, s.last_period,
  private.iso_instant(s.created_at) as created_at, private.iso_instant(s.updated_at) as updated_at`;

async function scheduleById(tx: Tx, clientId: string, id: string): Promise<ReportSchedule> {
  const [schedule] = await tx<ReportSchedule[]>`select ${scheduleColumns(tx)} from public.report_schedules s where s.id = ${id} and s.client_id = ${clientId}`;
  if (!schedule) throw new HttpError(404, "not_found", "no such report schedule", "id");
  return schedule;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/** The schedule's report rendered now as an e-mail to its recipients, the files attached. */
async function reportEmail(ctx: ReportContext, s: Pick<ReportSchedule, "report" | "format" | "frequency" | "to">, period: string | null): Promise<Email> {
  const doc = await buildReport(ctx, s.report);
  const name = `${s.report}-${doc.day}`;
  const attachments = [];
  if (s.format !== "csv") attachments.push({ filename: `${name}.pdf`, content: base64(await renderPdf(doc)), content_type: "application/pdf" });
  if (s.format !== "pdf") attachments.push({ filename: `${name}.csv`, content: base64(new TextEncoder().encode(toCsv(doc))), content_type: "text/csv" });
  const when = period ? `${frequencyLabels[s.frequency].toLowerCase()} (this one for ${period})` : "on request (sent now)";
  return {
    to: s.to,
    subject: `${doc.title} · ${doc.client} · ${period ?? doc.day}`,
    text: `${doc.title} for ${doc.agency} · ${doc.client}, as of ${doc.day}, is attached (${formatLabels[s.format]}).\n\n` +
      `This report is sent ${when}. An editor of ${doc.client} can pause or delete it on the Reports page of Pulseboard.\n`,
    attachments,
  };
}

/** Queues a rendered schedule (period null: a run now, always queued); the notification id, or null when the period was sent already. */
async function enqueueAsSystem(id: string, period: string | null, email: Email): Promise<string | null> {
  const [row] = await asSystem((tx) => tx`select private.enqueue_report(${id}, ${period}, ${tx.json(email as never)}) as id`);
  return row.id;
}

/** The caller a schedule is rendered as: the user who saved it. */
const authorOf = (userId: string): Caller => {
  const claims = { role: "authenticated" as const, sub: userId };
  return { kind: "user", userId, email: null, claims, clientId: null, apiKeyId: null, recheck: false };
};

type Due = ReportSchedule & { client_id: string; created_by: string | null; period: string };

export const reportScheduleActions = {
  list_report_schedules: clientAction({
    summary: "The client's scheduled reports, oldest first",
    access: "user", write: false, roles: readers,
    input: listReportSchedulesInput, answer: listReportSchedulesAnswer,
    async run({ tx, clientId }) {
      const schedules = await tx`select ${scheduleColumns(tx)} from public.report_schedules s where s.client_id = ${clientId} order by s.created_at, s.id`;
      return { schedules };
    },
  }),

  save_report_schedule: clientAction({
    summary: "Create (no id) or change a scheduled report: report, frequency (daily, weekly, monthly), to (e-mail addresses), format (pdf, csv, both), enabled",
    access: "user", write: true, roles: editors,
    input: saveReportScheduleInput, answer: saveReportScheduleAnswer,
    async run({ tx, caller, clientId, input: s }) {
      if (s.customer_id) {
        const [found] = await tx`select 1 from public.customers where id = ${s.customer_id} and client_id = ${clientId} and deleted_at is null`;
        if (!found) throw new HttpError(400, "invalid_input", "customer_id is not a customer of this client", "customer_id");
      }
      if (s.id) {
        const rows = await tx`
          update public.report_schedules
          set report = ${s.report}, customer_id = ${s.customer_id}, frequency = ${s.frequency}, recipients = ${s.to},
              format = ${s.format}, enabled = ${s.enabled}
          where id = ${s.id} and client_id = ${clientId} returning id`;
        if (rows.length === 0) throw new HttpError(404, "not_found", "no such report schedule", "id");
        return { created: false, schedule: await scheduleById(tx, clientId, s.id) };
      }
      const [row] = await tx`
        insert into public.report_schedules (client_id, report, customer_id, frequency, recipients, format, enabled, created_by)
        values (${clientId}, ${s.report}, ${s.customer_id}, ${s.frequency}, ${s.to}, ${s.format}, ${s.enabled}, ${caller.kind === "user" ? caller.userId : null})
        returning id`;
      return { created: true, schedule: await scheduleById(tx, clientId, row.id) };
    },
  }),

  delete_report_schedule: clientAction({
    summary: "Delete a scheduled report (deleted: false when it was already gone)",
    access: "user", write: true, roles: editors,
    input: scheduleIdInput, answer: deleteReportScheduleAnswer,
    async run({ tx, clientId, input: { id } }) {
      const rows = await tx`delete from public.report_schedules where id = ${id} and client_id = ${clientId} returning id`;
      return { deleted: rows.length > 0, id };
    },
  }),

  run_report_schedule: clientAction({
    summary: "Render a scheduled report now and e-mail it to its recipients (paused or not; the period's own send is unchanged)",
    access: "user", write: true, roles: editors,
    input: scheduleIdInput, answer: runReportScheduleAnswer,
    async run({ tx, caller, clientId, input: { id } }) {
      const schedule = await scheduleById(tx, clientId, id);
      return { id, email: await reportEmail({ tx, caller, clientId, customerId: schedule.customer_id ?? undefined }, schedule, null) };
    },
    async afterCommit({ result }) {
      const { id, email } = result as { id: string; email: Email };
      const notificationId = await enqueueAsSystem(id, null, email);
      return { queued: notificationId !== null, notification_id: notificationId };
    },
  }),

  send_report_schedules: systemAction({
    summary: "Render and queue every live scheduled report not yet sent for its current period (pg_cron, every quarter hour)",
    write: true, input: z.strictObject({}), answer: sendReportSchedulesAnswer,
    async run() {
      return await sendDueReportsAsSystem();
    },
  }),
};

async function sendDueReportsAsSystem() {
  const due = await asSystem((tx) => tx<Due[]>`
    select ${scheduleColumns(tx)}, s.client_id, s.created_by, private.report_period(s.frequency) as period
    from public.report_schedules s
    where s.enabled and s.last_period is distinct from private.report_period(s.frequency)
    order by s.created_at, s.id`);
  const tally = { queued: 0, skipped: 0, failed: 0 };
  for (const s of due) {
    try {
      if (!s.created_by) throw new Error("its author's account is gone");
      const caller = authorOf(s.created_by);
      const email = await asPrincipal(caller.claims, async (tx) => {
        const [{ readable }] = await tx`select ${s.client_id}::uuid = any (private.readable_client_ids()) as readable`;
        if (!readable) throw new Error("its author may no longer read the client");
        return await reportEmail({ tx, caller, clientId: s.client_id, customerId: s.customer_id ?? undefined }, s, s.period);
      });
      tally[(await enqueueAsSystem(s.id, s.period, email)) ? "queued" : "skipped"]++;
    } catch (error) {
      tally.failed++;
      console.error(`scheduled report ${s.id} (${reportTitles[s.report]}) not sent for ${s.period}: ${(error as Error).message}`);
    }
  }
  return tally;
}
