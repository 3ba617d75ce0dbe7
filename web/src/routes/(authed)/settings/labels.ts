// How the Settings page names signals and the fields of each settings section.
import type { SignalName } from "@shared/scoring/settings.ts";
import type { Draft } from "./settings-editor.svelte.ts";

export const signalLabels: Record<SignalName, string> = {
  logins: "Logins", adoption: "Adoption", tickets: "Tickets", nps: "NPS", csat: "CSAT", days: "Days since contact", growth: "Growth",
};

/** One number of a section: its path inside the section, its label and what it means. */
export type FieldSpec = { path: string; label: string; hint?: string; step?: number };
export type SectionSpec = { key: Exclude<keyof Draft, "weights">; title: string; intro: string; fields: FieldSpec[] };

export const sections: SectionSpec[] = [
  { key: "bands", title: "Band thresholds", intro: "The lowest score of each band; Critical is everything below At Risk. Each must be above the one before.",
    fields: [
      { path: "atrisk", label: "At Risk from" }, { path: "watch", label: "Watch from" },
      { path: "healthy", label: "Healthy from" }, { path: "expansion", label: "Expansion from" },
    ] },
  { key: "mappings", title: "Signal mappings", intro: "How a raw value becomes 0–100.",
    fields: [
      { path: "loginsMax", label: "Logins for full marks" }, { path: "ticketsZeroAt", label: "Open tickets for zero" },
      { path: "daysZeroAt", label: "Days since contact for zero" },
      { path: "npsPromoter", label: "NPS promoter scores" }, { path: "npsPassive", label: "NPS passive scores" },
      { path: "npsDetractor", label: "NPS detractor scores" },
      { path: "growth.none", label: "Growth none scores" }, { path: "growth.mild", label: "Growth mild scores" },
      { path: "growth.strong", label: "Growth strong scores" },
    ] },
  { key: "cadence", title: "Contact cadence", intro: "Days since contact before a follow-up is due soon, and overdue, per tier.",
    fields: [
      { path: "enterprise.dueSoon", label: "Enterprise due soon" }, { path: "enterprise.overdue", label: "Enterprise overdue" },
      { path: "mid.dueSoon", label: "Mid-Market due soon" }, { path: "mid.overdue", label: "Mid-Market overdue" },
      { path: "smb.dueSoon", label: "SMB due soon" }, { path: "smb.overdue", label: "SMB overdue" },
    ] },
  { key: "renewal_windows", title: "Renewal windows", intro: "Days before renewal at which each alert level starts.",
    fields: [
      { path: "attention", label: "Attention from (days)" }, { path: "warning", label: "Warning from (days)" },
      { path: "critical", label: "Critical from (days)" },
    ] },
  { key: "signal_thresholds", title: "Signal thresholds", intro: "When alerts fire, and when a signal counts as stale.",
    fields: [
      { path: "lowLogins", label: "Low logins below" }, { path: "lowAdoption", label: "Low adoption below (%)" },
      { path: "ticketAlert", label: "Ticket alert at" }, { path: "lowCsat", label: "Low CSAT at or below" },
      { path: "expansionMrr", label: "Expansion MRR over ($)" }, { path: "expansionQuietDays", label: "Expansion quiet days" },
      { path: "scoreDrop", label: "Sharp score drop (points)" },
      { path: "scoreDropDays", label: "Score drop window (days)", hint: "A drop of that many points within these days opens a recovery case." },
      { path: "stalenessDays", label: "Staleness window (days)", hint: "A signal not updated for longer is marked stale." },
    ] },
  { key: "expansion", title: "Expansion estimate", intro: "The share of MRR an Expansion-band account might add.",
    fields: [{ path: "percentOfMrr", label: "Expansion estimate (% of MRR)" }] },
];

/** A changed value as the history and the audit log show it. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
