// Report schedules (SPEC §10): a report e-mailed daily, weekly or monthly to
// up to 20 addresses, as PDF, CSV or both. Inputs and answers of
// list_report_schedules, save_report_schedule, delete_report_schedule and
// run_report_schedule.
import { z } from "zod";
import { uuid } from "../common/ids.ts";
import { closedObject } from "../common/objects.ts";
import { emailAddresses, targetProblem } from "../notifications/rules.ts";
import { reportNames } from "./inputs.ts";

export const frequencies = ["daily", "weekly", "monthly"] as const;
export type Frequency = (typeof frequencies)[number];
export const scheduleFormats = ["pdf", "csv", "both"] as const;
export type ScheduleFormat = (typeof scheduleFormats)[number];

export const frequencyLabels: Record<Frequency, string> = { daily: "Every day", weekly: "Every Monday", monthly: "On the 1st of each month" };
export const formatLabels: Record<ScheduleFormat, string> = { pdf: "PDF", csv: "CSV", both: "PDF and CSV" };

const lower = (v: unknown) => (typeof v === "string" ? v.trim().toLowerCase() : v);
/** Addresses as a list, or as one text separated by commas, semicolons or spaces. */
const addressList = (v: unknown) => (Array.isArray(v) ? v.join(", ") : v);

export const saveReportScheduleInput = closedObject({
  /** Present: the schedule to change; absent: a new schedule. */
  id: uuid("id").optional(),
  report: z.preprocess(lower, z.enum(reportNames, { error: `report must be one of: ${reportNames.join(", ")}` })),
  /** The account of customer_health (required) and score_history (optional). */
  customer_id: uuid("customer_id").nullable().optional(),
  frequency: z.preprocess(lower, z.enum(frequencies, { error: `frequency must be one of: ${frequencies.join(", ")}` })),
  to: z.preprocess(addressList, z.string({ error: "to must be one or more e-mail addresses" })),
  format: z.preprocess(lower, z.enum(scheduleFormats, { error: `format must be one of: ${scheduleFormats.join(", ")}` })).default("pdf"),
  enabled: z.boolean({ error: "enabled must be true or false" }).default(true),
}).transform((s, ctx) => {
  const problem = targetProblem("email", s.to);
  if (problem) ctx.addIssue({ code: "custom", path: ["to"], message: `to ${problem}` });
  if (s.report === "customer_health" && !s.customer_id) {
    ctx.addIssue({ code: "custom", path: ["customer_id"], message: "customer_id is required for the customer_health report" });
  }
  return { ...s, to: emailAddresses(s.to), customer_id: s.customer_id ?? null };
});
export type SaveReportScheduleInput = z.input<typeof saveReportScheduleInput>;

export const scheduleIdInput = closedObject({ id: uuid("id") });
export const listReportSchedulesInput = closedObject({});

export const reportScheduleSchema = z.strictObject({
  id: z.uuid(),
  report: z.enum(reportNames),
  customer_id: z.uuid().nullable(),
  customer_name: z.string().nullable(),
  frequency: z.enum(frequencies),
  to: z.array(z.string()),
  format: z.enum(scheduleFormats),
  enabled: z.boolean(),
  /** The latest period whose e-mail was queued (2026-12-02, 2026-W49, 2026-12), or null before the first. */
  last_period: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ReportSchedule = z.infer<typeof reportScheduleSchema>;

export const listReportSchedulesAnswer = z.strictObject({ schedules: z.array(reportScheduleSchema) });
export const saveReportScheduleAnswer = z.strictObject({ created: z.boolean(), schedule: reportScheduleSchema });
export const deleteReportScheduleAnswer = z.strictObject({ deleted: z.boolean(), id: z.uuid() });
export const runReportScheduleAnswer = z.strictObject({ queued: z.boolean(), notification_id: z.uuid().nullable() });
export const sendReportSchedulesAnswer = z.strictObject({ queued: z.int(), skipped: z.int(), failed: z.int() });
