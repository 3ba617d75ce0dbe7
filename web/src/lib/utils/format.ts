// Display formats shared by every page: money, dates and tiers.

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });

/** "$1,250" — or an en dash when the value is unknown. */
export function formatMoney(value: number | null): string {
  return value === null ? "–" : money.format(value);
}

const day = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });

/** "Mar 4, 2026" from "2026-03-04"; the date is a calendar day, so read it in UTC. */
export function formatDate(value: string | null): string {
  if (!value) return "–";
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? value : day.format(date);
}

const tierLabels: Record<string, string> = { smb: "SMB", mid: "Mid-Market", enterprise: "Enterprise" };

export function formatTier(value: string | null): string {
  return value ? (tierLabels[value] ?? value) : "–";
}

const dayAndTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

/** "Mar 4, 2026, 2:05 PM" in the reader's own time zone: when someone wrote something. */
export function formatDateTime(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dayAndTime.format(date);
}
