// Answers of the REST-hook actions, and the payload a hook delivers.
import { z } from "zod";
import { instant } from "../common/answers.ts";
import { customerSchema } from "../customers/answers.ts";
import { hookEvents } from "./inputs.ts";

export const subscribeAnswer = z.strictObject({
  subscription: z.strictObject({ id: z.uuid(), event: z.enum(hookEvents), target_url: z.string(), created_at: instant }),
});
/** `unsubscribed: false` when the subscription was already gone (a retried unsubscribe is not an error). */
export const unsubscribeAnswer = z.strictObject({ unsubscribed: z.boolean(), id: z.uuid() });

/** What a subscribed URL receives: the customer exactly as list_customers shows it. */
export const hookPayloadSchema = z.strictObject({
  event: z.enum(hookEvents),
  occurred_at: z.string(),
  customer: customerSchema,
});
export type HookPayload = z.infer<typeof hookPayloadSchema>;
