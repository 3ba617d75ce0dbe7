// Input schemas of the customer record's actions: notes, the sentiment log,
// contacts and the score history, shared by the edge function (which
// validates), the dashboard (which builds requests) and the OpenAPI document.
import { z } from "zod";
import { uuid } from "../common/ids.ts";
import { closedObject } from "../common/objects.ts";
import { sentiments } from "../customers/fields.ts";

const customerId = uuid("customer_id");

/** Text a person typed: trimmed, required, at most `max` characters. */
const text = (field: string, max: number) =>
  z.string({ error: `${field} is required and must be text` }).trim()
    .min(1, { error: `${field} must not be empty` }).max(max, { error: `${field} is at most ${max} characters` });

/** Optional text: empty means none. */
const optionalText = (field: string, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? null : v),
    z.string({ error: `${field} must be text` }).trim().max(max, { error: `${field} is at most ${max} characters` }).nullable(),
  ).optional();

/** The records of one customer (its notes, sentiment log or contacts). */
export const customerRecordInput = closedObject({ customer_id: customerId });

export const addNoteInput = closedObject({ customer_id: customerId, body: text("body", 5000) });
export const editNoteInput = closedObject({ id: uuid("id"), body: text("body", 5000) });
export const deleteByIdInput = closedObject({ id: uuid("id") });

export const logSentimentInput = closedObject({
  customer_id: customerId,
  sentiment: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
    z.enum(sentiments, { error: `sentiment must be one of: ${sentiments.join(", ")}` }),
  ),
  note: optionalText("note", 2000),
});

/** Creates a contact of the customer, or with `id` edits it; `is_primary` makes it the one primary contact. */
export const saveContactInput = closedObject({
  id: uuid("id").optional(),
  customer_id: customerId,
  name: text("name", 200),
  role: optionalText("role", 120),
  email: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? null : v),
    z.string({ error: "email must be text" }).trim()
      .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { error: "email must be an e-mail address (name@example.com)" })
      .max(320, { error: "email is at most 320 characters" }).nullable(),
  ).optional(),
  phone: optionalText("phone", 40),
  /** Left out, an edit keeps the contact's mark and a new contact is not primary. */
  is_primary: z.boolean({ error: "is_primary must be true or false" }).optional(),
});
export type SaveContactInput = z.infer<typeof saveContactInput>;

/** A whole number in decimal digits, as a number or in the query string. */
const whole = (field: string, min: number, max: number) => z.preprocess(
  (v) => (typeof v === "string" && /^\s*\d{1,9}\s*$/.test(v) ? Number(v) : v),
  z.number({ error: `${field} must be a whole number` }).int({ error: `${field} must be a whole number` })
    .min(min, { error: `${field} must be between ${min} and ${max}` }).max(max, { error: `${field} must be between ${min} and ${max}` }),
);

/** A customer's score history, newest first, a page at a time. */
export const listScoreHistoryInput = closedObject({
  customer_id: customerId,
  limit: whole("limit", 1, 500).default(100),
  offset: whole("offset", 0, 1_000_000).default(0),
});
