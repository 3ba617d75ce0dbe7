// What an alert says: its title, the reason with the numbers behind it, and the next action to take.
import { bandLabels, type Band } from "../scoring/bands.ts";
import type { AlertCategory, AlertFacts, AlertRule, AlertSeverity } from "./rules.ts";

export const categoryLabels: Record<AlertCategory, string> = {
  health: "Health",
  tickets: "Tickets",
  engagement: "Engagement",
  renewal: "Renewal",
  quiet: "Quiet accounts",
  momentum: "Momentum",
  sentiment: "Sentiment",
  expansion: "Expansion",
};

export const severityLabels: Record<AlertSeverity, string> = {
  critical: "Critical",
  warning: "Warning",
  attention: "Attention",
  opportunity: "Opportunity",
};

export type AlertText = { title: string; reason: string; action: string };

const money = (n: unknown) => `$${Math.round(Number(n)).toLocaleString("en-US")}`;
const plural = (n: unknown, one: string, many = `${one}s`) => `${n} ${Number(n) === 1 ? one : many}`;

function renewalText(f: AlertFacts, severity: AlertSeverity): AlertText {
  const days = Number(f.days);
  const when = days < 0 ? `passed ${plural(-days, "day")} ago` : days === 0 ? "is today" : `is in ${plural(days, "day")}`;
  return {
    title: severity === "attention" ? "Renewal coming up" : "Renewal near",
    reason: `The renewal on ${f.renewal_date} ${when}.`,
    action: severity === "critical"
      ? "Confirm the renewal with the decision maker this week."
      : "Book a renewal conversation and review the account's health with them.",
  };
}

const texts: Record<AlertRule, (f: AlertFacts, severity: AlertSeverity) => AlertText> = {
  health: (f) => ({
    title: `${bandLabels[f.status as Band] ?? "Low"} health`,
    reason: `Health score ${f.score} is in the ${bandLabels[f.status as Band] ?? String(f.status)} band.`,
    action: f.status === "watch"
      ? "Check in on the signals that slipped before the account drops further."
      : "Open a save plan: call the champion and address the weakest signal.",
  }),
  tickets: (f) => ({
    title: "High ticket load",
    reason: `${plural(f.tickets, "open support ticket")} (alert at ${f.threshold} or more).`,
    action: "Escalate with support and agree a resolution date with the customer.",
  }),
  low_logins: (f) => ({
    title: "Low logins",
    reason: `${plural(f.logins, "login")} in the last 30 days (threshold: under ${f.threshold}).`,
    action: "Reach out to the main users and offer a walkthrough.",
  }),
  low_adoption: (f) => ({
    title: "Low adoption",
    reason: `Feature adoption is ${Number(f.adoption)}% (threshold: under ${f.threshold}%).`,
    action: "Run an adoption session on the features they have not used.",
  }),
  renewal: renewalText,
  quiet: (f) => ({
    title: "Gone quiet",
    reason: `${plural(f.days, "day")} since contact (overdue at ${f.overdue}) and ${f.logins === null ? "no login data" : "no logins in 30 days"}.`,
    action: "Re-engage: send a personal check-in and ask for a short call.",
  }),
  momentum: (f) => ({
    title: "Score trending down",
    reason: `Health score fell from ${f.from} to ${f.to} since the previous update.`,
    action: "Look at what moved in the history and ask the customer about it.",
  }),
  negative_sentiment: () => ({
    title: "Negative sentiment",
    reason: "The latest sentiment logged is negative.",
    action: "Call the customer to understand the concern and log what you agree.",
  }),
  nps_detractor: (f) => ({
    title: "NPS detractor",
    reason: f.nps === null || f.nps === undefined ? "The NPS category is detractor." : `NPS is ${Number(f.nps)} (detractor: 0–6).`,
    action: "Follow up on their NPS comment and close the loop within a week.",
  }),
  low_csat: (f) => ({
    title: "Low CSAT",
    reason: `CSAT is ${Number(f.csat)} of 5 (alert at ${f.threshold} or below).`,
    action: "Review the recent support interactions and apologise where due.",
  }),
  expansion: (f) => ({
    title: "Expansion opportunity",
    reason: `Healthy at ${f.score}, ${money(f.mrr)} MRR and ${plural(f.days, "day")} since the last touch.`,
    action: "Schedule a growth conversation about more seats or a higher plan.",
  }),
};

/** The words of an alert, written from its stored facts so they always match its numbers. */
export function describeAlert(rule: AlertRule, severity: AlertSeverity, facts: AlertFacts): AlertText {
  return texts[rule](facts, severity);
}
