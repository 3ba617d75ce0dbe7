// Input schema of get_report (SPEC §10): which report, in which format, and
// the account it is about for the one-account reports.
import { z } from "zod";
import { uuid } from "../common/ids.ts";
import { closedObject } from "../common/objects.ts";

export const reportNames = [
  "portfolio_summary", "at_risk", "renewal_forecast", "csm_performance", "segment_analysis", "trend_90d",
  "churn_risk", "customer_health", "score_history", "weekly_digest",
] as const;
export type ReportName = (typeof reportNames)[number];

/** pdf and csv are files; json is the same document as data, for the dashboard's preview. */
export const reportFormats = ["pdf", "csv", "json"] as const;
export type ReportFormat = (typeof reportFormats)[number];

export const reportTitles: Record<ReportName, string> = {
  portfolio_summary: "Portfolio Summary", at_risk: "At-Risk Accounts", renewal_forecast: "Renewal Forecast",
  csm_performance: "CSM Performance", segment_analysis: "Segment Analysis", trend_90d: "Trend (90 days)",
  churn_risk: "Churn Risk", customer_health: "Customer Health", score_history: "Score History", weekly_digest: "Weekly Digest",
};

const lower = (v: unknown) => (typeof v === "string" ? v.trim().toLowerCase() : v);

export const getReportInput = closedObject({
  report: z.preprocess(lower, z.enum(reportNames, { error: `report must be one of: ${reportNames.join(", ")}` })),
  format: z.preprocess(lower, z.enum(reportFormats, { error: `format must be one of: ${reportFormats.join(", ")}` })).default("pdf"),
  /** The account of customer_health (required) and score_history (optional: the whole client without it). */
  customer_id: uuid("customer_id").optional(),
}).superRefine((v, ctx) => {
  if (v.report === "customer_health" && !v.customer_id) {
    ctx.addIssue({ code: "custom", path: ["customer_id"], message: "customer_id is required for the customer_health report" });
  }
});
export type GetReportInput = z.input<typeof getReportInput>;
