// The Audit Log page's state: the view (filters and page, from the URL), the
// page of entries it produces, and what the filter menus offer (the
// agency's people, the selected client's API keys).
import { listApiKeys, listAuditLog, listPeople } from "$lib/api/admin.ts";
import { Resource } from "$lib/state/resource.svelte.ts";
import type { AuditEntry, AuditFilters } from "@shared/admin/audit.ts";
import { type AuditView, pageSize } from "./filters.ts";

type Page = { entries: AuditEntry[]; hasMore: boolean };
type Choice = { id: string; label: string };

export class AuditLog {
  #page = new Resource<Page>("Something went wrong loading the audit log. Please try again.");
  #people = new Resource<Choice[]>("The people could not be loaded.");
  #keys = new Resource<Choice[]>("The API keys could not be loaded.");

  get entries() { return this.#page.value?.entries ?? []; }
  get hasMore() { return this.#page.value?.hasMore ?? false; }
  get loading() { return this.#page.loading; }
  get loaded() { return this.#page.value !== null; }
  get error() { return this.#page.error; }
  get people() { return this.#people.value ?? []; }
  get keys() { return this.#keys.value ?? []; }

  load(view: AuditView): Promise<void> {
    const { page, ...filters } = view;
    return this.#page.load(async (signal) => {
      const answer = await listAuditLog({ ...filters, limit: pageSize, offset: (page - 1) * pageSize } as AuditFilters, signal);
      return { entries: answer.entries, hasMore: answer.has_more };
    });
  }
  retry() { return this.#page.retry(); }

  loadChoices(clientId: string | null): void {
    this.#people.load((signal) => listPeople(signal).then((a) => a.people.map((p) => ({ id: p.user_id, label: p.email }))));
    if (clientId) {
      this.#keys.load((signal) => listApiKeys(clientId, signal).then((a) => a.api_keys.map((k) => ({ id: k.id, label: `${k.label} (${k.prefix}…)` }))));
    }
  }
}
