// REST hooks (Zapier instant triggers): subscribe a URL to a customer event,
// unsubscribe it. Deliveries go through the notifications outbox.
import { subscribeAnswer, unsubscribeAnswer } from "@shared/hooks/answers.ts";
import { subscribeInput, unsubscribeInput } from "@shared/hooks/inputs.ts";
import { HttpError } from "../../_shared/http.ts";
import { checkTarget } from "../../_shared/outbound.ts";
import { clientAction, editors } from "../../_shared/registry.ts";

/** The database's cap on a client's live subscriptions (its message says how many). */
const LIMIT_CONSTRAINT = "webhook_subscriptions_per_client";

export const hookActions = {
  subscribe: clientAction({
    summary: "REST hook: POST target_url on customer.updated / customer.status_changed",
    write: true, roles: editors,
    input: subscribeInput, answer: subscribeAnswer,
    async run({ tx, clientId, caller, input: { target_url, event } }) {
      // Checked here and again before every delivery (DNS may change); the
      // URL is stored as parsed, so what was checked is what is sent to.
      const checked = await checkTarget(target_url);
      if (!checked.ok) throw new HttpError(400, "invalid_input", `target_url ${checked.reason}`, "target_url");
      try {
        const [row] = await tx`
          insert into public.webhook_subscriptions (client_id, event, target_url, api_key_id)
          values (${clientId}, ${event}, ${checked.target.url.href}, ${caller.apiKeyId})
          returning id, event, target_url, private.iso_instant(created_at) as created_at`;
        return { subscription: row };
      } catch (error) {
        const e = error as { code?: string; constraint_name?: string; message?: string };
        if (e.code === "23514" && e.constraint_name === LIMIT_CONSTRAINT) throw new HttpError(409, "conflict", e.message ?? "too many subscriptions", "target_url");
        throw error;
      }
    },
  }),
  unsubscribe: clientAction({
    summary: "Remove a REST hook subscription (unsubscribed: false when it was already gone)",
    write: true, roles: editors,
    input: unsubscribeInput, answer: unsubscribeAnswer,
    async run({ tx, clientId, input: { id } }) {
      // Zapier retries an unsubscribe it did not hear answered: the second one
      // finds nothing to remove, and says so without failing.
      const rows = await tx`delete from public.webhook_subscriptions where id = ${id} and client_id = ${clientId} returning id`;
      return { unsubscribed: rows.length > 0, id };
    },
  }),
};
