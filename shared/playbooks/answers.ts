// Answer schemas of the playbook and QBR actions.
import { z } from "zod";
import { count, instant } from "../common/answers.ts";
import { alertSeverities } from "../alerts/rules.ts";
import { playPriorities } from "./plays.ts";

export const playItemSchema = z.strictObject({
  key: z.string(),
  label: z.string(),
  done: z.boolean(),
  /** Who ticked or unticked it last, and when; null before anyone did. */
  changed_by_email: z.string().nullable(),
  changed_at: instant.nullable(),
});

const progress = z.strictObject({ done: count, total: count });

export const playSchema = z.strictObject({
  key: z.string(),
  title: z.string(),
  priority: z.enum(playPriorities),
  why: z.array(z.string()),
  talking_points: z.array(z.string()),
  items: z.array(playItemSchema),
  progress,
});
export type PlayView = z.infer<typeof playSchema>;

export const playbookAnswer = z.strictObject({ customer_id: z.uuid(), plays: z.array(playSchema), progress });
export type PlaybookAnswer = z.infer<typeof playbookAnswer>;

export const setPlayItemAnswer = z.strictObject({ play: playSchema });

export const qbrAnswer = z.strictObject({
  customer_id: z.uuid(),
  generated_at: instant,
  title: z.string(),
  summary: z.string(),
  wins: z.array(z.string()),
  risks: z.array(z.strictObject({ severity: z.enum(alertSeverities), text: z.string() })),
  agenda: z.array(z.strictObject({ topic: z.string(), minutes: count })),
  questions: z.array(z.string()),
  context: z.array(z.string()),
  text: z.string(),
});
export type QbrAnswer = z.infer<typeof qbrAnswer>;
