// How the seven signals read on the customer page and the Score Customer form, and the engine's best
// improvement as a sentence ("Raise logins to 30: +12 points").
import type { ImprovementAnswer as Improvement } from "@shared/scoring/answers.ts";
import type { SignalName } from "@shared/index.ts";

export const signalLabels: Record<SignalName, string> = {
  logins: "Logins",
  adoption: "Adoption",
  tickets: "Tickets",
  nps: "NPS",
  csat: "CSAT",
  days: "Days since contact",
  growth: "Growth",
};

/** Signals where less is better: the engine's best value for them is 0. */
const lowerIsBetter: ReadonlySet<SignalName> = new Set(["tickets", "days"]);

/** "Raise logins to 30: +12 points"; "Add NPS 10" when the signal is missing. */
export function improvementSentence(improvement: Improvement, current: number | string | null): string {
  const name = improvement.signal === "nps" || improvement.signal === "csat" ? signalLabels[improvement.signal] : signalLabels[improvement.signal].toLowerCase();
  const points = Math.max(1, Math.round(improvement.gain));
  const unit = points === 1 ? "point" : "points";
  const action = current === null
    ? `Add ${name} of ${improvement.to}`
    : `${lowerIsBetter.has(improvement.signal) ? "Lower" : "Raise"} ${name} to ${improvement.to}`;
  return `${action}: +${points} ${unit}`;
}

/** A raw or mapped value for the table: whole numbers as is, else one decimal. */
export function formatValue(value: number | string | null): string {
  if (value === null) return "–";
  if (typeof value === "string") return value;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** How long ago, in whole days: "today", "1 day ago", "45 days ago". */
export function formatAge(days: number): string {
  if (days <= 0) return "today";
  return days === 1 ? "1 day ago" : `${days} days ago`;
}
