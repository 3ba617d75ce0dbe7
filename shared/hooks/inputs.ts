// Input schemas of REST hooks (Zapier's instant triggers): subscribe a URL to
// a customer event, unsubscribe it.
import { z } from "zod";
import { uuid } from "../common/ids.ts";
import { closedObject } from "../common/objects.ts";

export const hookEvents = ["customer.updated", "customer.status_changed"] as const;
export type HookEvent = (typeof hookEvents)[number];

export const subscribeInput = closedObject({
  // Where the URL may point (public addresses only, no credentials) is
  // decided by the functions' outbound check, which resolves its host.
  target_url: z.string({ error: "target_url is required" }).max(2000, { error: "target_url must be at most 2000 characters" })
    .url({ error: "target_url must be an http(s) URL" })
    .refine((u) => /^https?:\/\//i.test(u), { error: "target_url must be an http(s) URL" }),
  event: z.enum(hookEvents, { error: `event must be one of: ${hookEvents.join(", ")}` }),
});
export const unsubscribeInput = closedObject({ id: uuid("id") });
