// The Segments page's state: the segments of the view the URL holds, and the
// accounts of each row opened, each through the one loader.
import { getSegments, listSegmentAccounts } from "$lib/api/analytics.ts";
import { Resource } from "$lib/state/resource.svelte.ts";
import type { SegmentAccount, Segments } from "@shared/analytics/answers.ts";
import type { SegmentDimension, TrendMetric, TrendRange } from "@shared/analytics/inputs.ts";
import { SvelteMap } from "svelte/reactivity";

export type SegmentsView = { by: Exclude<SegmentDimension, "manager">; metric: TrendMetric; range: TrendRange };

export class SegmentsState {
  #key = "";
  #clientId = "";
  #by: SegmentDimension = "tag";
  #answer = new Resource<Segments>("Something went wrong loading the segments. Please try again.");
  /** The open rows' accounts, by segment. */
  readonly open = new SvelteMap<string, Resource<{ total: number; accounts: SegmentAccount[] }>>();

  get answer(): Resource<Segments> { return this.#answer; }

  load(clientId: string, v: SegmentsView): void {
    const key = JSON.stringify([clientId, v]);
    if (key === this.#key) return;
    if (clientId !== this.#clientId || v.by !== this.#by) this.open.clear();
    [this.#key, this.#clientId, this.#by] = [key, clientId, v.by];
    void this.#answer.load((signal) => getSegments(clientId, v, signal));
  }

  /** Opens a row (loading its accounts, urgency first) or closes it. */
  toggle(segment: string): void {
    if (this.open.has(segment)) {
      this.open.delete(segment);
      return;
    }
    const accounts = new Resource<{ total: number; accounts: SegmentAccount[] }>("The accounts could not be loaded. Please try again.");
    this.open.set(segment, accounts);
    const [clientId, by] = [this.#clientId, this.#by];
    void accounts.load((signal) => listSegmentAccounts(clientId, { by, segment, limit: 50 }, signal));
  }
}
