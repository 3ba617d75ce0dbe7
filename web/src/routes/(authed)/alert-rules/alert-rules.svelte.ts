// The Alert Rules page's state: the client's rules with their last delivery,
// and what can be done to one — a test send (its answer kept beside the
// rule), pausing and resuming, deleting. The form saves through its own
// Submission and reloads the list.
import { deleteAlertRule, listAlertRules, saveAlertRule, testAlertRule } from "$lib/api/alert-rules.ts";
import { ApiError } from "$lib/api/client.ts";
import { Resource } from "$lib/state/resource.svelte.ts";
import type { AlertRule } from "@shared/notifications/rules.ts";

export type TestResult = { delivered: boolean; text: string };

/** The fields save_alert_rule takes, from a rule as listed. */
export function ruleFields(rule: AlertRule) {
  const { id, name, event, threshold, enabled, channel, target, schedule, digest_time, digest_day, time_zone, manager } = rule;
  return { id, name, event, threshold, enabled, channel, target, schedule, digest_time, digest_day, time_zone, manager };
}

export class AlertRules {
  #list = new Resource<AlertRule[]>("Something went wrong loading the alert rules. Please try again.");
  #clientId = $state<string | null>(null);
  #busy = $state<string | null>(null);
  #tests = $state<Record<string, TestResult>>({});
  #failure = $state<{ id: string; message: string } | null>(null);

  get rules(): AlertRule[] { return this.#list.value ?? []; }
  get loaded(): boolean { return this.#list.value !== null; }
  get loading(): boolean { return this.#list.loading; }
  get error(): string | null { return this.#list.error; }
  get clientId(): string | null { return this.#clientId; }
  /** The rule being tested, paused or deleted right now. */
  get busy(): string | null { return this.#busy; }
  testOf(id: string): TestResult | null { return this.#tests[id] ?? null; }
  failureOf(id: string): string | null { return this.#failure?.id === id ? this.#failure.message : null; }

  load(clientId: string): Promise<void> {
    if (clientId !== this.#clientId) this.#tests = {};
    this.#clientId = clientId;
    return this.#list.load((signal) => listAlertRules(clientId, signal).then((a) => a.rules));
  }

  reload(): Promise<void> {
    return this.#clientId ? this.load(this.#clientId) : Promise.resolve();
  }

  /** Sends a sample now; keeps what the receiver said. */
  test(rule: AlertRule): Promise<void> {
    return this.#act(rule, async (clientId) => {
      const answer = await testAlertRule(clientId, rule.id);
      const said = answer.http_status ? `answered ${answer.http_status}${answer.body ? `: ${answer.body.slice(0, 120)}` : ""}` : answer.error;
      this.#tests = { ...this.#tests, [rule.id]: { delivered: answer.delivered, text: answer.delivered ? `Sample sent; the receiver ${said}.` : `Not delivered: ${said ?? "no answer"}.` } };
    });
  }

  setEnabled(rule: AlertRule, enabled: boolean): Promise<void> {
    return this.#act(rule, (clientId) => saveAlertRule(clientId, { ...ruleFields(rule), enabled }));
  }

  remove(rule: AlertRule): Promise<void> {
    return this.#act(rule, (clientId) => deleteAlertRule(clientId, rule.id));
  }

  async #act(rule: AlertRule, work: (clientId: string) => Promise<unknown>): Promise<void> {
    if (!this.#clientId) return;
    this.#busy = rule.id;
    this.#failure = null;
    try {
      await work(this.#clientId);
      await this.reload();
    } catch (error) {
      const message = error instanceof ApiError ? error.message : "Something went wrong. Please try again.";
      this.#failure = { id: rule.id, message };
      if (!(error instanceof ApiError)) console.error(error);
    } finally {
      this.#busy = null;
    }
  }
}
