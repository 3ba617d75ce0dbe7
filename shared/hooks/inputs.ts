// Input schemas of REST hooks (Zapier's instant triggers): subscribe a URL to
// a customer event, unsubscribe it.
import { z } from "zod";
import { uuid } from "../common/ids.ts";
import { closedObject } from "../common/objects.ts";

export const hookEvents = ["customer.updated", "customer.status_changed"] as const;
export type HookEvent = (typeof hookEvents)[number];

export const subscribeInput = closedObject({
  target_url: z.string({ error: "target_url is required" }).url({ error: "target_url must be an http(s) URL" })
    .refine((u) => /^https?:\/\//.test(u), { error: "target_url must be an http(s) URL" }),
  event: z.enum(hookEvents, { error: `event must be one of: ${hookEvents.join(", ")}` }),
});
export const unsubscribeInput = closedObject({ id: uuid("id") });
