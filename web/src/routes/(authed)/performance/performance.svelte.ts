// CSM Performance's state: the client's answer, and the accounts of each manager row opened.
import { getPerformance, listSegmentAccounts } from "$lib/api/analytics.ts";
import { Resource } from "$lib/state/resource.svelte.ts";
import type { Performance, SegmentAccount } from "@shared/analytics/answers.ts";
import { SvelteMap } from "svelte/reactivity";

type Accounts = { total: number; accounts: SegmentAccount[] };

export class PerformanceState {
  #clientId = "";
  #answer = new Resource<Performance>("Something went wrong loading CSM Performance. Please try again.");
  readonly open = new SvelteMap<string, Resource<Accounts>>();

  get answer(): Resource<Performance> { return this.#answer; }

  load(clientId: string): void {
    if (clientId === this.#clientId && this.#answer.value) return;
    this.#clientId = clientId;
    this.open.clear();
    void this.#answer.load((signal) => getPerformance(clientId, signal));
  }

  /** Opens a manager's row (their accounts, most urgent first) or closes it. */
  toggle(manager: string): void {
    if (this.open.delete(manager)) return;
    const accounts = new Resource<Accounts>("The accounts could not be loaded. Please try again.");
    this.open.set(manager, accounts);
    const clientId = this.#clientId;
    void accounts.load((signal) => listSegmentAccounts(clientId, { by: "manager", segment: manager, limit: 50 }, signal));
  }
}
