// The Trends page's state: the chart and the score-change table of the view
// the URL holds, each loaded through the one loader.
import { getTrends, listScoreChanges } from "$lib/api/analytics.ts";
import { Resource } from "$lib/state/resource.svelte.ts";
import type { ScoreChange, Trends } from "@shared/analytics/answers.ts";
import type { TrendsView } from "./trends-view.ts";

export class TrendsState {
  #key = "";
  #chart = new Resource<Trends>("Something went wrong loading the trend. Please try again.");
  #changes = new Resource<{ from: string; changes: ScoreChange[] }>("The score changes could not be loaded. Please try again.");

  get chart(): Resource<Trends> { return this.#chart; }
  get changes(): Resource<{ from: string; changes: ScoreChange[] }> { return this.#changes; }

  load(clientId: string, v: TrendsView): void {
    const key = JSON.stringify([clientId, v]);
    if (key === this.#key) return;
    const rangeChanged = this.#key === "" || JSON.parse(this.#key)[1].range !== v.range || JSON.parse(this.#key)[0] !== clientId;
    this.#key = key;
    void this.#chart.load((signal) => getTrends(clientId, {
      metric: v.metric, secondary: v.secondary ?? undefined, range: v.range, manager: v.manager ?? undefined,
      customers: v.customers.join(",") || undefined,
    }, signal));
    if (rangeChanged) void this.#changes.load((signal) => listScoreChanges(clientId, { range: v.range }, signal));
  }
}
