// Scheduled reports: saved through the API (editors only; refusals name the
// field), rendered and queued by the job pg_cron calls, delivered through the
// notifications outbox to the mail catcher with the PDF attached and its
// figures those of independent SQL; once per period (a rerun sends nothing,
// not even when the schedule's own bookkeeping is lost), run now sends at
// once, a viewer is refused, and another client sees nothing.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../../stack/context.ts";
import { cronSecret } from "../scoring/world.ts";
import { drain, mailTo, type Mail, makeWorld, uniqueAddress, waitFor, type World } from "../notifications/world.ts";

let w: World;
let other: World;
let viewerToken = "";
const work = mkdtempSync(join(tmpdir(), "schedules-test-"));
const usd = (n: number) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 }).format(n);

/** A dashboard call as the owner (or another user's token): schedules are the dashboard's. */
const as = (world: World, token: string) => (action: string, data: Record<string, unknown> = {}) =>
  world.post("api-inbound", { action, data: { client_id: world.clientId, ...data } }, { authorization: `Bearer ${token}` });
const owner = (action: string, data?: Record<string, unknown>) => as(w, w.ownerToken)(action, data);

/** The job as pg_cron calls it. */
async function sendDue(world: World) {
  const res = await world.post("api-inbound", { action: "send_report_schedules" }, { "x-cron-secret": await cronSecret(world.sql) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { queued: number; skipped: number; failed: number };
}

/** Sends what is queued, then the mail the address has received once `n` arrived. */
async function mailOnceDelivered(address: string, n: number): Promise<Mail[]> {
  await drain(w);
  const arrived = await waitFor(async () => {
    const mail = await mailTo(address);
    return mail.length >= n ? mail : undefined;
  }, 15_000);
  return arrived ?? await mailTo(address);
}

function pdfText(attachment: { content: string }): string {
  const file = join(work, `${randomBytes(4).toString("hex")}.pdf`);
  writeFileSync(file, Buffer.from(attachment.content, "base64"));
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

async function member(role: "viewer") {
  const { url, serviceRoleKey, anonKey } = stack();
  const email = `${role}.${w.suffix}@schedules.test`;
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const admin = { apikey: serviceRoleKey, authorization: `Bearer ${serviceRoleKey}`, "content-type": "application/json" };
  const user = await (await fetch(`${url}/auth/v1/admin/users`, { method: "POST", headers: admin, body: JSON.stringify({ email, password, email_confirm: true }) })).json();
  await w.sql`insert into public.agency_members (agency_id, user_id, role) values (${w.agencyId}, ${user.id}, 'member')`;
  await w.sql`insert into public.client_members (client_id, user_id, role) values (${w.clientId}, ${user.id}, ${role})`;
  const session = await (await fetch(`${url}/auth/v1/token?grant_type=password`, {
    method: "POST", headers: { apikey: anonKey, "content-type": "application/json" }, body: JSON.stringify({ email, password }),
  })).json();
  return session.access_token as string;
}

beforeAll(async () => {
  [w, other] = await Promise.all([makeWorld("schedules"), makeWorld("schedules-other")]);
  for (const [name, mrr, score, status] of [["Abbott Dental", 1234, 20, "critical"], ["Birch Legal", 4321, 35, "atrisk"], ["Cedar Freight", 9000, 80, "healthy"]] as const) {
    await w.sql`insert into public.customers (client_id, name, mrr, score, status, lifecycle, logins, adoption, tickets, days_since_contact, contact_baseline_at)
                values (${w.clientId}, ${name}, ${mrr}, ${score}, ${status}, 'active', 5, ${score}, 1, 3, now())`;
  }
  viewerToken = await member("viewer");
});
afterAll(async () => { await w.end(); await other.end(); });

describe("save_report_schedule", () => {
  const refusals: [string, Record<string, unknown>, string, RegExp][] = [
    ["an unknown report", { report: "everything", frequency: "daily", to: "a@example.com" }, "report", /report must be one of/],
    ["an unknown frequency", { report: "at_risk", frequency: "hourly", to: "a@example.com" }, "frequency", /frequency must be one of: daily, weekly, monthly/],
    ["a bad address", { report: "at_risk", frequency: "daily", to: ["a@example.com", "nobody"] }, "to", /"nobody"/],
    ["no address", { report: "at_risk", frequency: "daily", to: [] }, "to", /one or more e-mail addresses/],
    ["an unknown format", { report: "at_risk", frequency: "daily", to: "a@example.com", format: "docx" }, "format", /format must be one of: pdf, csv, both/],
    ["customer_health without its customer", { report: "customer_health", frequency: "daily", to: "a@example.com" }, "customer_id", /required/],
    ["another client's customer", { report: "customer_health", frequency: "daily", to: "a@example.com", customer_id: "00000000-0000-4000-8000-000000000000" }, "customer_id", /not a customer of this client/],
  ];
  for (const [what, data, field, message] of refusals) {
    test(`${what} is a 400 naming ${field}, and nothing is written`, async () => {
      const res = await owner("save_report_schedule", data);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.field).toBe(field);
      expect(res.body.error.message).toMatch(message);
      const [{ n }] = await w.sql`select count(*)::int as n from public.report_schedules where client_id = ${w.clientId}`;
      expect(n).toBe(0);
    });
  }
});

describe("a scheduled report", () => {
  let id = "";
  const address = () => uniqueAddress("weekly-at-risk", w);

  test("is saved, listed, and the job queues it once for the period with its PDF, figures as SQL gives them", async () => {
    const saved = await owner("save_report_schedule", { report: "at_risk", frequency: "weekly", to: `${address()}; boss.${w.suffix}@alerts.test`, format: "both" });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    id = saved.body.schedule.id;
    expect(saved.body.schedule).toMatchObject({ report: "at_risk", frequency: "weekly", format: "both", enabled: true, last_period: null,
      to: [address(), `boss.${w.suffix}@alerts.test`] });
    expect((await owner("list_report_schedules")).body.schedules.map((s: { id: string }) => s.id)).toEqual([id]);

    expect(await sendDue(w)).toMatchObject({ queued: 1, failed: 0 });
    const delivered = await mailOnceDelivered(address(), 1);
    expect(delivered).toHaveLength(1);
    const [mail] = delivered;
    const [{ period }] = await w.sql`select to_char(now() at time zone 'utc', 'IYYY-"W"IW') as period`;
    expect(mail.subject).toMatch(new RegExp(`^At-Risk Accounts · Client schedules ${w.suffix} · ${period}$`));
    expect(mail.attachments!.map((a) => (a as { filename: string }).filename)).toEqual([expect.stringMatching(/^at_risk-.*\.pdf$/), expect.stringMatching(/^at_risk-.*\.csv$/)]);

    const text = pdfText(mail.attachments![0] as { content: string });
    const [{ mrr, n }] = await w.sql`select sum(mrr)::float8 as mrr, count(*)::int as n from public.customers
                                     where client_id = ${w.clientId} and score < 50 and deleted_at is null and lifecycle <> 'churned'`;
    expect(n).toBe(2);
    expect(text, "the figures row under Accounts below 50 · Their MRR").toMatch(new RegExp(`Accounts below 50\\s+Their MRR.*\\n\\s*\\n\\s*${n}\\s+${usd(mrr).replace("$", "\\$")}\\s`));
    expect(text).toContain("Abbott Dental");
    expect(text).not.toContain("Cedar Freight");
    expect((await owner("list_report_schedules")).body.schedules[0].last_period).toBe(period);
  });

  test("a rerun of the period sends nothing, even when the schedule forgot it was sent (the dedupe key is the period)", async () => {
    expect(await sendDue(w)).toMatchObject({ queued: 0, skipped: 0 });
    await w.sql`update public.report_schedules set last_period = null where id = ${id}`;
    expect(await sendDue(w)).toMatchObject({ queued: 0, skipped: 1 });
    await drain(w);
    await new Promise((ok) => setTimeout(ok, 1500));
    expect(await mailTo(address())).toHaveLength(1);
    const [{ n }] = await w.sql`select count(*)::int as n from public.notification_outbox where client_id = ${w.clientId} and kind = 'email' and dedupe_key like ${`report:${id}:%`}`;
    expect(n).toBe(1);
  });

  test("run now sends at once, also between periods", async () => {
    const res = await owner("run_report_schedule", { id });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ queued: true });
    const mail = await mailOnceDelivered(address(), 2);
    expect(mail).toHaveLength(2);
  });

  test("paused, it is not sent for a new period; resumed, it is", async () => {
    const paused = await owner("save_report_schedule", { id, report: "at_risk", frequency: "daily", to: address(), enabled: false });
    expect(paused.status).toBe(200);
    expect(paused.body.schedule).toMatchObject({ enabled: false, frequency: "daily" });
    expect(await sendDue(w)).toMatchObject({ queued: 0 });
    await owner("save_report_schedule", { id, report: "at_risk", frequency: "daily", to: address(), enabled: true });
    expect(await sendDue(w)).toMatchObject({ queued: 1 });
    const mail = await mailOnceDelivered(address(), 3);
    expect(mail).toHaveLength(3);
    const newest = (mail as (Mail & { received_at: string })[]).reduce((a, b) => (a.received_at > b.received_at ? a : b));
    expect(newest.attachments!.map((a) => (a as { filename: string }).filename)).toEqual([expect.stringMatching(/\.pdf$/)]);
  });

  test("a viewer lists schedules but may not save, run or delete one", async () => {
    const viewer = as(w, viewerToken);
    expect((await viewer("list_report_schedules")).body.schedules).toHaveLength(1);
    for (const [action, data] of [["save_report_schedule", { report: "at_risk", frequency: "daily", to: "a@example.com" }], ["run_report_schedule", { id }], ["delete_report_schedule", { id }]] as const) {
      const res = await viewer(action, data);
      expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(403);
    }
    const [{ n }] = await w.sql`select count(*)::int as n from public.report_schedules where client_id = ${w.clientId}`;
    expect(n).toBe(1);
  });

  test("another client's owner cannot see, run or delete it", async () => {
    const stranger = (action: string, data: Record<string, unknown>) =>
      other.post("api-inbound", { action, data: { client_id: w.clientId, ...data } }, { authorization: `Bearer ${other.ownerToken}` });
    expect([403, 404], "the other client is not theirs").toContain((await stranger("list_report_schedules", {})).status);
    const own = await as(other, other.ownerToken)("list_report_schedules");
    expect(own.body.schedules).toEqual([]);
    for (const action of ["run_report_schedule", "delete_report_schedule"]) {
      const res = await as(other, other.ownerToken)(action, { id });
      expect(res.status === 404 || (res.status === 200 && res.body.deleted === false), `${action}: ${res.status}`).toBe(true);
    }
    const [{ n }] = await w.sql`select count(*)::int as n from public.report_schedules where id = ${id}`;
    expect(n).toBe(1);
  });

  test("delete removes it", async () => {
    expect((await owner("delete_report_schedule", { id })).body).toEqual({ deleted: true, id });
    expect((await owner("list_report_schedules")).body.schedules).toEqual([]);
  });
});

describe("the pg_cron job", () => {
  const jobCommand = async () => (await w.sql`select schedule, command from cron.job where jobname = 'pulseboard-report-schedules'`)[0];

  test("runs every quarter hour and calls send_report_schedules through private.call_function", async () => {
    const job = await jobCommand();
    expect(job.schedule).toBe("*/15 * * * *");
    expect(job.command).toContain("private.call_function('api-inbound'");
    expect(job.command).toMatch(/"action":\s*"send_report_schedules"/);
  });

  test("its own SQL, as pg_cron runs it, sends a due schedule; run again in the period it calls nothing", { timeout: 60_000 }, async () => {
    const address = uniqueAddress("monthly-portfolio", w);
    const saved = await owner("save_report_schedule", { report: "portfolio_summary", frequency: "monthly", to: [address], format: "csv" });
    expect(saved.status).toBe(201);
    const { command } = await jobCommand();
    const [row] = await w.sql.unsafe(command);
    const id = row && Object.values(row)[0];
    expect(id, "a request was queued (Vault holds project_url and cron_secret)").toMatch(/^\d+$/);
    const response = await waitFor(async () => (await w.sql`select status_code, content from net._http_response where id = ${id}`)[0], 45_000);
    expect(response?.status_code, response?.content).toBe(200);
    expect(JSON.parse(response!.content).queued).toBeGreaterThanOrEqual(1);
    const [mail] = await mailOnceDelivered(address, 1);
    expect(mail.subject).toMatch(/^Portfolio Summary · /);
    expect(mail.attachments!.map((a) => (a as { filename: string }).filename)).toEqual([expect.stringMatching(/^portfolio_summary-.*\.csv$/)]);
    const csv = Buffer.from((mail.attachments![0] as { content: string }).content, "base64").toString("utf8");
    const [{ n }] = await w.sql`select count(*)::int as n from public.customers where client_id = ${w.clientId} and deleted_at is null and lifecycle <> 'churned'`;
    expect(csv).toMatch(new RegExp(`Accounts,${n}\r\n`));
    const due = await w.sql`select 1 from public.report_schedules s where s.enabled and s.last_period is distinct from private.report_period(s.frequency)`;
    expect(due, "nothing is due until the next period").toHaveLength(0);
    expect(await w.sql.unsafe(command), "the job's SQL calls nothing").toHaveLength(0);
  });
});
