// The event log's state: the client's delivery attempts, newest first, a
// page at a time (Load older), optionally of one rule.
import { listDeliveries } from "$lib/api/alert-rules.ts";
import { Resource } from "$lib/state/resource.svelte.ts";
import type { Delivery } from "@shared/notifications/rules.ts";

type Page = { deliveries: Delivery[]; next_before: number | null };

export class DeliveryLog {
  #pages = new Resource<Page>("Something went wrong loading the event log. Please try again.");
  #older = $state<Delivery[]>([]);
  #scope: { client_id: string; rule_id?: string } | null = null;

  /** Every attempt loaded so far, newest first. */
  get deliveries(): Delivery[] { return [...(this.#pages.value?.deliveries ?? []), ...this.#older]; }
  get loaded(): boolean { return this.#pages.value !== null; }
  get loading(): boolean { return this.#pages.loading; }
  get error(): string | null { return this.#pages.error; }
  get more(): boolean { return this.#next !== null; }
  #next = $state<number | null>(null);

  load(clientId: string, ruleId?: string): Promise<void> {
    this.#scope = { client_id: clientId, ...(ruleId ? { rule_id: ruleId } : {}) };
    this.#older = [];
    const scope = this.#scope;
    return this.#pages.load(async (signal) => {
      const page = await listDeliveries(scope, signal);
      this.#next = page.next_before;
      return page;
    });
  }

  retry(): Promise<void> { return this.#pages.retry(); }

  /** The next page of older attempts, appended. */
  async loadOlder(): Promise<void> {
    if (!this.#scope || this.#next === null) return;
    const page = await listDeliveries({ ...this.#scope, before: this.#next });
    this.#older = [...this.#older, ...page.deliveries];
    this.#next = page.next_before;
  }
}
