// API keys of a client (owners and admins): listed by prefix, created with
// the raw key shown once (only its SHA-256 is stored), revoked at once.
import { createApiKeyAnswer, listApiKeysAnswer, revokeApiKeyAnswer } from "@shared/admin/answers.ts";
import { adminInputs } from "@shared/admin/inputs.ts";
import { sha256Hex } from "../../_shared/principal.ts";
import { agencyAdmins, callerAction } from "../../_shared/registry.ts";
import { affected, clientAgency } from "../agency-access.ts";

const admin = { roles: agencyAdmins } as const;

export const apiKeyActions = {
  list_api_keys: callerAction({
    ...admin, write: false, summary: "A client's API keys: prefix, label, last use, revocation",
    input: adminInputs.list_api_keys, answer: listApiKeysAnswer,
    async run({ tx, input: { client_id } }) {
      await clientAgency(tx, client_id);
      const keys = await tx`select id, prefix, label, created_at, last_used_at, revoked_at, rate_limit_per_minute
                            from public.api_keys where client_id = ${client_id} order by created_at desc`;
      return { api_keys: keys };
    },
  }),

  create_api_key: callerAction({
    ...admin, write: true, summary: "A new API key for a client; the raw key is in this answer only",
    input: adminInputs.create_api_key, answer: createApiKeyAnswer,
    async run({ tx, input: { client_id, label } }) {
      await clientAgency(tx, client_id);
      const raw = `pb_${Array.from(crypto.getRandomValues(new Uint8Array(20)), (b) => b.toString(16).padStart(2, "0")).join("")}`;
      const [row] = await tx`
        insert into public.api_keys (client_id, key_hash, prefix, label, created_by)
        values (${client_id}, ${sha256Hex(raw)}, ${raw.slice(0, 10)}, ${label}, auth.uid())
        returning id, prefix, label, created_at`;
      return { created: true, api_key: { ...row, key: raw } };
    },
  }),

  revoke_api_key: callerAction({
    ...admin, write: true, summary: "Revoke an API key; its next request is refused",
    input: adminInputs.revoke_api_key, answer: revokeApiKeyAnswer,
    async run({ tx, input: { id } }) {
      const rows = await tx`update public.api_keys set revoked_at = now() where id = ${id} and revoked_at is null returning id`;
      affected(rows, "id", "live API key you manage");
      return { id, revoked: true };
    },
  }),
};
