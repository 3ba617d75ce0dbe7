// How the five health bands are named and ordered on screen. Their colours
// live in app.css as --band-<band> so badges, tabs and charts agree.
import type { Band } from "../api/schemas.ts";

export const bandOrder: readonly Band[] = ["critical", "atrisk", "watch", "healthy", "expansion"];

export const bandLabels: Record<Band, string> = {
  critical: "Critical",
  atrisk: "At Risk",
  watch: "Watch",
  healthy: "Healthy",
  expansion: "Expansion",
};
