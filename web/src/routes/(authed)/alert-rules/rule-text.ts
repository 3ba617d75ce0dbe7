// How a rule reads on the page: its event with its setting, its schedule, its last delivery.
import { channelLabels, eventInfo, type AlertRule } from "@shared/notifications/rules.ts";
import { formatDateTime } from "$lib/utils/format.ts";

export const weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** "Health below threshold: below 50 points" / "Account at risk". */
export function eventText(rule: Pick<AlertRule, "event" | "threshold">): string {
  const info = eventInfo[rule.event];
  if (!info.setting || rule.threshold === null) return info.label;
  const value = `${rule.threshold} ${info.setting.unit}`;
  const phrase = { health_below: `below ${value}`, renewal_approaching: `${value} before renewal`,
    no_contact: `more than ${value} without contact`, score_drop: `a drop of ${value} or more` }[rule.event as string];
  return `${info.label}: ${phrase ?? value}`;
}

export function scheduleText(rule: Pick<AlertRule, "schedule" | "digest_time" | "digest_day" | "time_zone">): string {
  if (rule.schedule === "realtime") return "Real time";
  const at = `${rule.digest_time} ${rule.time_zone}`;
  return rule.schedule === "daily" ? `Daily digest at ${at}` : `Weekly digest, ${weekdays[rule.digest_day - 1]} at ${at}`;
}

export const channelText = (rule: Pick<AlertRule, "channel">) => channelLabels[rule.channel];

export function lastDeliveryText(rule: Pick<AlertRule, "last_delivery">): string {
  const d = rule.last_delivery;
  if (!d) return "No deliveries yet";
  const outcome = { sent: "Delivered", retry: "Failed, retrying", failed: "Failed" }[d.outcome];
  return `${outcome}${d.http_status ? ` (HTTP ${d.http_status})` : d.error ? ` (${d.error})` : ""} · ${formatDateTime(d.at)}`;
}

/** Active, paused or failing, for the pill. */
export function ruleState(rule: Pick<AlertRule, "enabled" | "failing_since">): "active" | "paused" | "failing" {
  if (rule.failing_since) return "failing";
  return rule.enabled ? "active" : "paused";
}
