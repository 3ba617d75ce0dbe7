// The Audit Log page's read: its filters (input) and its entries (answer).
import { z } from "zod";
import { instant } from "../common/answers.ts";
import { uuid } from "../common/ids.ts";

export const auditActions = ["insert", "update", "delete"] as const;
/** What an entry is about, by the table it was written from, as the page names it. */
export const auditSubjects = {
  customers: "Customer", contacts: "Contact", customer_notes: "Note", sentiment_entries: "Sentiment",
  client_settings: "Settings", scoring_profiles: "Scoring profile", clients: "Client", client_members: "Client assignment",
  agency_members: "Agency member", agency_invitations: "Invitation", api_keys: "API key", agencies: "Agency",
  webhook_subscriptions: "REST hook",
} as const;
export type AuditTable = keyof typeof auditSubjects;
const tableNames = Object.keys(auditSubjects) as [AuditTable, ...AuditTable[]];

const day = (field: string) => z.iso.date({ error: `${field} must be a date (YYYY-MM-DD)` });

export const listAuditLogInput = z.strictObject({
  agency_id: uuid("agency_id").optional(),
  client_id: uuid("client_id").optional(),
  customer_id: uuid("customer_id").optional(),
  /** Entries about customers whose name contains this (any case). */
  customer: z.string({ error: "customer must be text" }).trim().max(120, { error: "customer is at most 120 characters" }).optional(),
  user_id: uuid("user_id").optional(),
  api_key_id: uuid("api_key_id").optional(),
  action: z.enum(auditActions, { error: "action must be insert, update or delete" }).optional(),
  table: z.enum(tableNames, { error: `table must be one of: ${tableNames.join(", ")}` }).optional(),
  from: day("from").optional(),
  to: day("to").optional(),
  limit: z.coerce.number({ error: "limit must be a number" }).int().min(1, { error: "limit must be between 1 and 200" })
    .max(200, { error: "limit must be between 1 and 200" }).default(50),
  offset: z.coerce.number({ error: "offset must be a number" }).int().min(0, { error: "offset must be 0 or more" }).default(0),
}).refine((f) => !f.from || !f.to || f.from <= f.to, { error: "from must not be after to", path: ["from"] });
export type AuditFilters = z.input<typeof listAuditLogInput>;

export const auditEntrySchema = z.strictObject({
  id: z.number(),
  created_at: instant,
  table: z.string(),
  row_id: z.uuid().nullable(),
  action: z.enum(auditActions),
  actor: z.enum(["user", "api_key", "system"]),
  actor_email: z.string().nullable(),
  actor_api_key: z.string().nullable(),
  client_id: z.uuid().nullable(),
  client_name: z.string().nullable(),
  /** A name for the row: the customer's, the key's label, the person's e-mail, the client's. */
  subject: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const listAuditLogAnswer = z.strictObject({
  agency_id: z.uuid(),
  entries: z.array(auditEntrySchema),
  limit: z.int(),
  offset: z.int(),
  has_more: z.boolean(),
});
