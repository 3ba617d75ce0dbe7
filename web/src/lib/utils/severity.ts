// Alert severities drawn with the band colours: critical red, warning amber, attention blue, opportunity green (SPEC §5).
import type { AlertSeverity } from "@shared/alerts/rules.ts";
import type { Band } from "@shared/scoring/bands.ts";

export const severityBands: Record<AlertSeverity, Band> = {
  critical: "critical",
  warning: "watch",
  attention: "expansion",
  opportunity: "healthy",
};
