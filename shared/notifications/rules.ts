// Alert rules (SPEC §6): the seven events with their settings and defaults,
// the channels and schedules, and the input and answer schemas of the
// alert-rule actions — shared by the edge function, the dashboard's forms
// and the OpenAPI document.
import { z } from "zod";
import { instant } from "../common/answers.ts";
import { uuid } from "../common/ids.ts";
import { closedObject } from "../common/objects.ts";

export const alertEvents = [
  "health_below", "became_at_risk", "renewal_approaching", "no_contact", "nps_detractor", "lifecycle_change", "score_drop",
] as const;
export type AlertEvent = (typeof alertEvents)[number];

type Setting = { label: string; unit: string; default: number; min: number; max: number };

/** Each event's name as people read it, and its setting (threshold) when it has one. */
export const eventInfo: Record<AlertEvent, { label: string; when: string; setting?: Setting }> = {
  health_below: { label: "Health below threshold", when: "the score drops below the threshold",
    setting: { label: "Score threshold", unit: "points", default: 50, min: 1, max: 100 } },
  became_at_risk: { label: "Account at risk", when: "the status turns At Risk or Critical" },
  renewal_approaching: { label: "Renewal approaching", when: "the renewal date is within the days set",
    setting: { label: "Days before renewal", unit: "days", default: 30, min: 1, max: 365 } },
  no_contact: { label: "No contact", when: "the days since contact exceed the maximum",
    setting: { label: "Maximum days without contact", unit: "days", default: 14, min: 1, max: 365 } },
  nps_detractor: { label: "NPS detractor", when: "NPS turns detractor (0–6)" },
  lifecycle_change: { label: "Lifecycle change", when: "the lifecycle turns At Risk or Churned" },
  score_drop: { label: "Rapid score drop", when: "the score drops by at least the points set in one change",
    setting: { label: "Drop of at least", unit: "points", default: 15, min: 1, max: 100 } },
};

export const channels = ["slack", "teams", "email", "webhook"] as const;
export type Channel = (typeof channels)[number];
export const channelLabels: Record<Channel, string> = { slack: "Slack", teams: "Microsoft Teams", email: "Email", webhook: "Webhook" };

export const schedules = ["realtime", "daily", "weekly"] as const;
export type Schedule = (typeof schedules)[number];

/** The e-mail addresses of an email rule's target: separated by commas, semicolons or spaces. */
export function emailAddresses(target: string): string[] {
  return target.split(/[\s,;]+/).map((a) => a.trim()).filter(Boolean);
}
const emailPattern = /^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$/;
const MAX_RECIPIENTS = 20;

/** Why a target does not suit its channel (before the outbound check resolves a URL's host), or null. */
export function targetProblem(channel: Channel, target: string): string | null {
  if (channel === "email") {
    const addresses = emailAddresses(target);
    if (addresses.length === 0) return "must be one or more e-mail addresses";
    const bad = addresses.find((a) => !emailPattern.test(a));
    if (bad) return `has "${bad}", which is not an e-mail address`;
    if (addresses.length > MAX_RECIPIENTS) return `may name at most ${MAX_RECIPIENTS} addresses`;
    return null;
  }
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return "must be an http(s) URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an http(s) URL";
  return null;
}

const time = z.string({ error: "digest_time must be a time of day, HH:MM" })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "digest_time must be a time of day, HH:MM (00:00–23:59)" });

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const saveAlertRuleInput = closedObject({
  /** Present: the rule to change; absent: a new rule. */
  id: uuid("id").optional(),
  name: z.string({ error: "name is required" }).trim().min(1, { error: "name must not be empty" })
    .max(120, { error: "name is at most 120 characters" }),
  event: z.enum(alertEvents, { error: `event must be one of: ${alertEvents.join(", ")}` }),
  threshold: z.number({ error: "threshold must be a whole number" }).int({ error: "threshold must be a whole number" }).nullable().optional(),
  enabled: z.boolean({ error: "enabled must be true or false" }).default(true),
  channel: z.enum(channels, { error: `channel must be one of: ${channels.join(", ")}` }),
  target: z.string({ error: "target is required" }).trim().min(1, { error: "target is required" })
    .max(2000, { error: "target is at most 2000 characters" }),
  schedule: z.enum(schedules, { error: `schedule must be one of: ${schedules.join(", ")}` }).default("realtime"),
  digest_time: time.default("09:00"),
  digest_day: z.number({ error: "digest_day must be 1 (Monday) to 7 (Sunday)" }).int().min(1).max(7).default(1),
  time_zone: z.string({ error: "time_zone must be an IANA time zone" }).refine(isTimeZone, { error: "time_zone must be an IANA time zone such as Europe/Berlin" })
    .default("UTC"),
  manager: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v),
    z.string({ error: "manager must be text" }).trim().max(120, { error: "manager is at most 120 characters" }).nullable()).optional(),
}).transform((rule, ctx) => {
  const setting = eventInfo[rule.event].setting;
  let threshold: number | null = null;
  if (setting) {
    threshold = rule.threshold ?? setting.default;
    if (threshold < setting.min || threshold > setting.max) {
      ctx.addIssue({ code: "custom", path: ["threshold"], message: `threshold must be between ${setting.min} and ${setting.max} ${setting.unit}` });
    }
  } else if (rule.threshold !== undefined && rule.threshold !== null) {
    ctx.addIssue({ code: "custom", path: ["threshold"], message: `${rule.event} has no threshold; leave it out` });
  }
  const problem = targetProblem(rule.channel, rule.target);
  if (problem) ctx.addIssue({ code: "custom", path: ["target"], message: `target ${problem}` });
  const target = rule.channel === "email" ? emailAddresses(rule.target).join(", ") : rule.target;
  return { ...rule, threshold, target, manager: rule.manager ?? null };
});
export type SaveAlertRuleInput = z.output<typeof saveAlertRuleInput>;

export const ruleIdInput = closedObject({ id: uuid("id") });
export const listAlertRulesInput = closedObject({});
/** A whole number, as a number or (in a query string) its digits. */
const whole = (field: string, min: number, max: number) => z.preprocess(
  (v) => (typeof v === "string" && /^\s*\d{1,12}\s*$/.test(v) ? Number(v) : v),
  z.number({ error: `${field} must be a whole number` }).int({ error: `${field} must be a whole number` })
    .min(min, { error: `${field} must be between ${min} and ${max}` }).max(max, { error: `${field} must be between ${min} and ${max}` }),
);

export const listDeliveriesInput = closedObject({
  rule_id: uuid("rule_id").optional(),
  limit: whole("limit", 1, 200).default(50),
  /** The last id of the page before (next_before), for the next page. */
  before: whole("before", 1, Number.MAX_SAFE_INTEGER).optional(),
});
export const webhookSecretInput = closedObject({});

const outcome = z.enum(["sent", "retry", "failed"]);

export const alertRuleSchema = z.strictObject({
  id: z.uuid(), name: z.string(), event: z.enum(alertEvents), threshold: z.int().nullable(), enabled: z.boolean(),
  channel: z.enum(channels), target: z.string(), schedule: z.enum(schedules), digest_time: z.string(), digest_day: z.int(),
  time_zone: z.string(), manager: z.string().nullable(),
  failing_since: instant.nullable(), failing_reason: z.string().nullable(),
  last_delivery: z.strictObject({ outcome, http_status: z.int().nullable(), error: z.string().nullable(), at: instant }).nullable(),
  created_at: instant, updated_at: instant,
});
export type AlertRule = z.infer<typeof alertRuleSchema>;

export const listAlertRulesAnswer = z.strictObject({ rules: z.array(alertRuleSchema) });
export const saveAlertRuleAnswer = z.strictObject({ created: z.boolean(), rule: alertRuleSchema });
export const deleteAlertRuleAnswer = z.strictObject({ deleted: z.boolean(), id: z.uuid() });
/** What the receiver said to the sample: its status and the start of its body, or why nothing was sent. */
export const testAlertRuleAnswer = z.strictObject({
  delivered: z.boolean(), http_status: z.int().nullable(), body: z.string(), error: z.string().nullable(), notification_id: z.uuid(),
});

export const deliverySchema = z.strictObject({
  id: z.int(), rule_id: z.uuid().nullable(), rule_name: z.string(), channel: z.enum(channels), kind: z.enum(["alert", "digest", "test"]),
  notification_id: z.uuid(), customers: z.array(z.strictObject({ id: z.uuid(), name: z.string().nullable() })),
  attempt: z.int(), outcome, http_status: z.int().nullable(), error: z.string().nullable(), at: instant,
});
export type Delivery = z.infer<typeof deliverySchema>;
export const listDeliveriesAnswer = z.strictObject({ deliveries: z.array(deliverySchema), next_before: z.int().nullable() });

export const webhookSecretAnswer = z.strictObject({
  secret: z.string().startsWith("whsec_"), previous_secret: z.string().nullable(), previous_until: instant.nullable(), rotated_at: instant,
  rotated: z.boolean(),
});
