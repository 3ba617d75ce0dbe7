// Input schemas of the analytics actions (SPEC §7: Trends, Segments, CSM
// Performance, Calendar), shared by the edge function (which validates), the
// dashboard (which builds requests) and the OpenAPI document. Every field
// arrives as query text too, so numbers and lists are read from text.
import { z } from "zod";
import { uuid } from "../common/ids.ts";
import { closedObject } from "../common/objects.ts";

/** What a trend line can show (SPEC §7 Trends). */
export const trendMetrics = ["score", "logins", "adoption", "tickets", "nps", "csat", "days", "mrr", "arr", "customers"] as const;
export type TrendMetric = (typeof trendMetrics)[number];

/** The time ranges of the Trends and Segments charts. */
export const trendRanges = ["7d", "30d", "90d", "6m", "1y", "2y", "ytd"] as const;
export type TrendRange = (typeof trendRanges)[number];

/** How Segments groups the portfolio (and CSM Performance, by manager). */
export const segmentDimensions = ["tag", "tier", "lifecycle", "manager"] as const;
export type SegmentDimension = (typeof segmentDimensions)[number];

const lower = (v: unknown) => (typeof v === "string" ? v.trim().toLowerCase() : v);
const choice = <T extends readonly [string, ...string[]]>(field: string, values: T) =>
  z.preprocess(lower, z.enum(values, { error: `${field} must be one of: ${values.join(", ")}` }));

const metric = (field: string) => choice(field, trendMetrics);
const range = choice("range", trendRanges).default("90d");
const limit = (max: number, fallback: number) => z.preprocess(
  (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v),
  z.int({ error: `limit must be a whole number from 1 to ${max}` }).min(1, { error: `limit must be at least 1` })
    .max(max, { error: `limit is at most ${max}` }),
).default(fallback);

/** Up to five customer ids, as a list or as comma-separated text (a query string). */
const customerIds = z.preprocess(
  (v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v),
  z.array(uuid("customers"), { error: "customers must be a list of customer ids" })
    .max(5, { error: "customers: at most 5 customer overlays" }),
).default([]);

const segmentName = z.string({ error: "segment must be text" }).trim().max(120, { error: "segment is at most 120 characters" });

export const trendsInput = closedObject({
  metric: metric("metric").default("score"),
  secondary: metric("secondary").optional(),
  range,
  /** A manager whose portfolio is drawn over the whole one. */
  manager: z.string({ error: "manager must be text" }).trim().min(1, { error: "manager must not be empty" })
    .max(120, { error: "manager is at most 120 characters" }).optional(),
  customers: customerIds,
});
export type TrendsInput = z.input<typeof trendsInput>;

export const scoreChangesInput = closedObject({ range, limit: limit(100, 25) });
export type ScoreChangesInput = z.input<typeof scoreChangesInput>;

export const segmentsInput = closedObject({
  by: choice("by", segmentDimensions).default("tag"),
  metric: metric("metric").default("score"),
  range,
});
export type SegmentsInput = z.input<typeof segmentsInput>;

/** One segment's accounts, urgency first; segment "" is the one without (no tag, no manager, no tier). */
export const segmentAccountsInput = closedObject({
  by: choice("by", segmentDimensions),
  segment: segmentName.default(""),
  limit: limit(200, 50),
});
export type SegmentAccountsInput = z.input<typeof segmentAccountsInput>;

export const performanceInput = closedObject({});

/** A month of the calendar, YYYY-MM. */
export const calendarInput = closedObject({
  month: z.string({ error: "month must be text (YYYY-MM)" }).trim()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "month must be a month, YYYY-MM" }).optional(),
});
export type CalendarInput = z.input<typeof calendarInput>;
