// The API keys page's state: the client's keys, a new key (shown this once),
// and revoking one.
import { createApiKey, listApiKeys, revokeApiKey } from "$lib/api/admin.ts";
import { Resource } from "$lib/state/resource.svelte.ts";
import { Submission } from "$lib/state/submission.svelte.ts";
import type { listApiKeysAnswer } from "@shared/admin/answers.ts";
import type { z } from "zod";

export type ApiKey = z.infer<typeof listApiKeysAnswer>["api_keys"][number];

export class ApiKeys {
  #list = new Resource<ApiKey[]>("Something went wrong loading the API keys. Please try again.");
  #clientId: string | null = null;
  readonly creating = new Submission();
  readonly revoking = new Submission();
  /** The raw key just created, with its label: shown once, never again. */
  created = $state<{ label: string; key: string } | null>(null);

  get list() { return this.#list.value ?? []; }
  get loading() { return this.#list.loading; }
  get error() { return this.#list.error; }

  load(clientId: string): Promise<void> {
    if (clientId !== this.#clientId) this.created = null;
    this.#clientId = clientId;
    return this.#list.load((signal) => listApiKeys(clientId, signal).then((a) => a.api_keys));
  }
  retry() { return this.#list.retry(); }

  async create(label: string): Promise<boolean> {
    const clientId = this.#clientId;
    if (!clientId) return false;
    const ok = await this.creating.run(async () => {
      const { api_key } = await createApiKey(clientId, label);
      this.created = { label: api_key.label, key: api_key.key };
    });
    if (ok) await this.load(clientId);
    return ok;
  }

  async revoke(id: string): Promise<void> {
    const clientId = this.#clientId;
    if (!clientId) return;
    if (await this.revoking.run(() => revokeApiKey(id))) await this.load(clientId);
  }
}
