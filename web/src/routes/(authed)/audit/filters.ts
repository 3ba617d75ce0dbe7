// The Audit Log's filters as the URL holds them (so a link or the back
// button restores a view), and how an entry's change reads.
import { diffObjects } from "@shared/settings/config-diff.ts";
export const filterKeys = ["customer", "user_id", "api_key_id", "action", "table", "from", "to", "client_id"] as const;
export type FilterKey = (typeof filterKeys)[number];
export type AuditView = Partial<Record<FilterKey, string>> & { page: number };

export const pageSize = 50;

/** The view a URL's query describes; unknown parameters and empty values are left out. */
export function viewFromUrl(params: URLSearchParams): AuditView {
  const view: AuditView = { page: Math.max(1, Math.floor(Number(params.get("page")) || 1)) };
  for (const key of filterKeys) {
    const value = params.get(key)?.trim();
    if (value) view[key] = value;
  }
  return view;
}

/** The query string of a view (page 1 and empty filters left out). */
export function urlOfView(view: AuditView): string {
  const params = new URLSearchParams();
  for (const key of filterKeys) if (view[key]) params.set(key, view[key]!);
  if (view.page > 1) params.set("page", String(view.page));
  return params.toString();
}

/** What the entry itself shows already (its row, client, time and who), and bookkeeping. */
const shownElsewhere = new Set(["id", "client_id", "agency_id", "created_at", "updated_at", "created_by", "signal_updated_at"]);

/**
 * The values an entry changed, each before and after (a creation has no
 * before, a deletion no after); nested settings by dotted path, only the
 * leaves that changed ("weights.logins 25 → 30").
 */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null) {
  const visible = (row: Record<string, unknown> | null) =>
    row && Object.fromEntries(Object.entries(row).filter(([k]) => !shownElsewhere.has(k)));
  const changes = diffObjects(visible(before) ?? {}, visible(after) ?? {});
  return changes.map(({ path, before: b, after: a }) => ({
    field: path, before: before ? b : undefined, after: after ? a : undefined,
  }));
}
