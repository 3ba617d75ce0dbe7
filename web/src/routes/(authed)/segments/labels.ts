// How a segment is named on screen, and where "View in Customers" goes for it.
import type { SegmentDimension } from "@shared/analytics/inputs.ts";
import { formatTier } from "$lib/utils/format.ts";

const stages: Record<string, string> = { onboarding: "Onboarding", active: "Active", atrisk: "At Risk", won: "Won / Upsold", churned: "Churned" };
const none: Record<SegmentDimension, string> = { tag: "Untagged", tier: "No tier", lifecycle: "No stage", manager: "Unassigned" };

export function segmentLabel(by: SegmentDimension, segment: string): string {
  if (segment === "") return none[by];
  if (by === "tier") return formatTier(segment);
  if (by === "lifecycle") return stages[segment] ?? segment;
  return segment;
}

/** The Customers list filtered to the segment (tags and managers by "contains", the list's own filters). */
export function customersHref(by: SegmentDimension, segment: string): string | null {
  if (segment === "") return null;
  const key = { tag: "tag_contains", tier: "tier", lifecycle: "lifecycle", manager: "manager_contains" }[by];
  return `/customers?${new URLSearchParams({ [key]: segment })}`;
}
