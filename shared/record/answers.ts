// Answer schemas of the customer record's actions. Fields are listed on
// purpose: no client_id, no author id beyond the caller's own "mine".
import { z } from "zod";
import { count, instant } from "../common/answers.ts";
import { sentiments } from "../customers/fields.ts";
import { bandNames } from "../scoring/bands.ts";

/** A note with its byline; `mine` says whether the caller wrote it (and so may edit it). */
export const noteSchema = z.strictObject({
  id: z.uuid(),
  customer_id: z.uuid(),
  body: z.string(),
  author_email: z.string().nullable(),
  mine: z.boolean(),
  created_at: instant,
  updated_at: instant,
});
export type Note = z.infer<typeof noteSchema>;

export const listNotesAnswer = z.strictObject({ notes: z.array(noteSchema) });
export const noteAnswer = z.strictObject({ created: z.boolean(), note: noteSchema });

export const sentimentEntrySchema = z.strictObject({
  id: z.uuid(),
  customer_id: z.uuid(),
  sentiment: z.enum(sentiments),
  note: z.string().nullable(),
  author_email: z.string().nullable(),
  created_at: instant,
});
export type SentimentEntry = z.infer<typeof sentimentEntrySchema>;

/** The log, newest first, and the customer's sentiment (the latest entry's). */
export const listSentimentAnswer = z.strictObject({
  sentiment: z.enum(sentiments).nullable(),
  entries: z.array(sentimentEntrySchema),
});
export const logSentimentAnswer = z.strictObject({
  created: z.literal(true),
  sentiment: z.enum(sentiments),
  entry: sentimentEntrySchema,
});

export const contactSchema = z.strictObject({
  id: z.uuid(),
  customer_id: z.uuid(),
  name: z.string(),
  role: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  is_primary: z.boolean(),
  created_at: instant,
  updated_at: instant,
});
export type Contact = z.infer<typeof contactSchema>;

/** The primary contact first, then by name. */
export const listContactsAnswer = z.strictObject({ contacts: z.array(contactSchema) });
export const contactAnswer = z.strictObject({ created: z.boolean(), contact: contactSchema });

export const deletedAnswer = z.strictObject({ deleted: z.literal(true), id: z.uuid() });

/** One stored score with the snapshot of every signal that produced it. */
export const scoreHistoryEntrySchema = z.strictObject({
  id: z.string().regex(/^\d+$/),
  score: z.number().nullable(),
  status: z.enum(bandNames).nullable(),
  reason: z.string(),
  signals: z.record(z.string(), z.unknown()),
  config_version: z.int().nullable(),
  created_at: instant,
});
export type ScoreHistoryEntry = z.infer<typeof scoreHistoryEntrySchema>;

export const listScoreHistoryAnswer = z.strictObject({
  entries: z.array(scoreHistoryEntrySchema),
  total: count,
  limit: z.int(),
  offset: z.int(),
});
export type ScoreHistoryPage = z.infer<typeof listScoreHistoryAnswer>;
