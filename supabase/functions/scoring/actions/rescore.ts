// Rescoring on demand (one customer, a whole client) and the daily decay that
// pg_cron calls with the cron secret.
import { decayAnswer, rescoreAnswer, rescoreClientAnswer } from "@shared/scoring/answers.ts";
import { decayInput, rescoreClientInput, rescoreCustomerInput } from "@shared/scoring/inputs.ts";
import type { Caller } from "../../_shared/caller.ts";
import { asCaller } from "../../_shared/caller.ts";
import { asSystem } from "../../_shared/db.ts";
import { HttpError } from "../../_shared/http.ts";
import { clientAction, editors, systemAction } from "../../_shared/registry.ts";
import { rescoreClient } from "../../_shared/rescore-client.ts";
import { rescoreCustomers } from "../../_shared/rescore.ts";

/** After a configuration change commits, every customer of the client is rescored with it, in batches. */
export const rescoreClientAsCaller = (caller: Caller, clientId: string) =>
  rescoreClient((work) => asCaller(caller, work), { clientId, reason: "config_change" });

/**
 * Decay for every live client, one transaction each. Idempotent: it derives
 * days from stored dates, and rows whose score is unchanged are not written.
 */
async function decayAsSystem({ now }: { now?: string }) {
  const at = now ? new Date(now) : new Date();
  const clients = await asSystem((tx) => tx`select id from public.clients where archived_at is null order by id`);
  let scanned = 0, updated = 0;
  const failed: { client_id: string; error: string }[] = [];
  for (const { id } of clients) {
    // One client's broken configuration must not stop every other client's decay.
    try {
      const r = await rescoreClient(asSystem, { clientId: id, reason: "decay", now: at });
      scanned += r.scanned;
      updated += r.updated;
    } catch (error) {
      console.error(`decay failed for client ${id}:`, error);
      failed.push({ client_id: id, error: error instanceof Error ? error.message.slice(0, 300) : "failed" });
    }
  }
  return { clients: clients.length, scanned, updated, failed, now: at.toISOString() };
}

export const rescoreActions = {
  rescore_customer: clientAction({
    summary: "Rescore one customer with the saved settings",
    write: true, roles: editors,
    input: rescoreCustomerInput, answer: rescoreAnswer,
    async run({ tx, clientId, input: { customer_id } }) {
      const result = await rescoreCustomers(tx, { clientId, ids: [customer_id], reason: "signals" });
      if (result.scanned === 0) throw new HttpError(404, "not_found", "no scorable customer with this id", "customer_id");
      return result;
    },
  }),
  rescore_client: clientAction({
    summary: "Rescore every customer of the client with the saved settings, in batches",
    write: true, roles: editors, access: "user",
    input: rescoreClientInput, answer: rescoreClientAnswer,
    run: () => Promise.resolve({}),
    afterCommit: ({ caller, clientId }) => rescoreClientAsCaller(caller, clientId),
  }),
  decay: systemAction({
    summary: "Daily decay of days since contact for every live client (pg_cron, with the cron secret)",
    write: true,
    input: decayInput, answer: decayAnswer,
    run: decayAsSystem,
  }),
};
