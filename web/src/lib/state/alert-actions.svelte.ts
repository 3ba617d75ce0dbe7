// What a user does to alerts — snooze, dismiss, wake, one or a selection —
// and the navigation's active-count badge, which every such action refreshes.
import { dismissAlerts, listAlerts, snoozeAlerts, wakeAlerts } from "../api/alerts.ts";
import { Resource } from "./resource.svelte.ts";
import { Submission } from "./submission.svelte.ts";

export type AlertAct = { kind: "snooze"; days: number; reason: string } | { kind: "dismiss"; reason: string } | { kind: "wake" };

class AlertBadge {
  #clientId: string | null = null;
  #answer = new Resource<number>("The number of active alerts could not be loaded.");

  /** Active alerts of the selected client; null until known. */
  get count(): number | null {
    return this.#answer.value;
  }

  load(clientId: string): void {
    if (clientId === this.#clientId) return;
    this.#clientId = clientId;
    void this.refresh();
  }

  refresh(): Promise<void> {
    const clientId = this.#clientId;
    if (!clientId) return Promise.resolve();
    return this.#answer.load(async (signal) => (await listAlerts({ client_id: clientId, limit: 1 }, signal)).summary.active);
  }
}

export const alertBadge = new AlertBadge();

/** Runs one act on `ids` through a Submission (its pending state and error), then refreshes the badge. */
export async function actOnAlerts(submission: Submission, clientId: string, ids: string[], act: AlertAct): Promise<boolean> {
  const done = await submission.run(() => {
    if (act.kind === "snooze") return snoozeAlerts(clientId, ids, act.days, act.reason);
    if (act.kind === "dismiss") return dismissAlerts(clientId, ids, act.reason);
    return wakeAlerts(clientId, ids);
  });
  if (done) void alertBadge.refresh();
  return done;
}
