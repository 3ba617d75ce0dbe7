// The Schedules section's state: the client's scheduled reports, and what
// saving, pausing, running or deleting one is doing (one at a time, its
// outcome said beside it).
import { ApiError } from "$lib/api/client.ts";
import { deleteReportSchedule, listReportSchedules, runReportSchedule, saveReportSchedule } from "$lib/api/reports.ts";
import { Resource } from "$lib/state/resource.svelte.ts";
import type { ReportSchedule, SaveReportScheduleInput } from "@shared/reports/schedules.ts";

const messageOf = (error: unknown, fallback: string) => (error instanceof ApiError ? error.message : fallback);

export class Schedules {
  readonly list = new Resource<ReportSchedule[]>("The scheduled reports could not be loaded.");
  /** The schedule being changed ("new" while creating), or null. */
  busy = $state<string | null>(null);
  /** What the last action said, for one schedule ("new": the form). */
  note = $state<{ id: string; text: string; ok: boolean } | null>(null);

  constructor(private readonly clientId: () => string | undefined) {}

  load() {
    const id = this.clientId();
    if (id) void this.list.load(async (signal) => (await listReportSchedules(id, signal)).schedules);
  }

  async #act(key: string, work: (clientId: string) => Promise<string>, failure: string): Promise<boolean> {
    const clientId = this.clientId();
    if (!clientId) return false;
    this.busy = key;
    this.note = null;
    try {
      this.note = { id: key, text: await work(clientId), ok: true };
      return true;
    } catch (error) {
      this.note = { id: key, text: messageOf(error, failure), ok: false };
      return false;
    } finally {
      this.busy = null;
    }
  }

  create(schedule: SaveReportScheduleInput) {
    return this.#act("new", async (c) => {
      await saveReportSchedule(c, schedule);
      this.load();
      return "Scheduled. The first one is sent within a quarter of an hour.";
    }, "The schedule could not be saved. Please try again.");
  }

  setEnabled(s: ReportSchedule, enabled: boolean) {
    return this.#act(s.id, async (c) => {
      const { customer_id, report, frequency, to, format } = s;
      await saveReportSchedule(c, { id: s.id, report, customer_id, frequency, to, format, enabled });
      this.load();
      return enabled ? "Resumed." : "Paused: nothing is sent until you resume it.";
    }, "The schedule could not be changed. Please try again.");
  }

  run(s: ReportSchedule) {
    return this.#act(s.id, async (c) => {
      await runReportSchedule(c, s.id);
      return `Sent to ${s.to.join(", ")}. It arrives in a minute or two.`;
    }, "The report could not be sent. Please try again.");
  }

  remove(s: ReportSchedule) {
    return this.#act(s.id, async (c) => {
      await deleteReportSchedule(c, s.id);
      this.load();
      return "Deleted.";
    }, "The schedule could not be deleted. Please try again.");
  }
}
