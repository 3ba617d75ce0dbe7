// One import on the Import page: the file read and checked in the worker,
// the mapping the user chose, then the valid rows sent in batches (two at a
// time, each one transaction) with progress and Cancel, and the summary.
import type { ColumnMapping, ImportField } from "@shared/import/columns.ts";
import { importBatchLimit } from "@shared/import/inputs.ts";
import { ApiError } from "$lib/api/client.ts";
import { backfillHistory, getImportMapping, importCustomers, saveImportMapping } from "$lib/api/import.ts";
import { saveCsv } from "$lib/utils/download.ts";
import { ImportWorker } from "$lib/workers/import-file.ts";
import type { Checked, RowRefusal } from "$lib/workers/import-protocol.ts";

export type Step = "choose" | "reading" | "checked" | "importing" | "done";
export type Totals = { created: number; updated: number; unchanged: number; refused: number };

/** Batches in flight at once: rows naming one customer are merged, so batches never touch the same customer. */
const inFlight = 2;

const message = (error: unknown) => (error instanceof ApiError || error instanceof Error ? error.message : String(error));

export class ImportRun {
  step = $state<Step>("choose");
  fileName = $state("");
  headers = $state.raw<string[]>([]);
  sample = $state.raw<string[][]>([]);
  mapping = $state<ColumnMapping>([]);
  checked = $state.raw<Checked | null>(null);
  /** Reading or sending, 0–1. */
  progress = $state(0);
  totals = $state<Totals>({ created: 0, updated: 0, unchanged: 0, refused: 0 });
  /** Rows the server refused, by file row. */
  serverRefused = $state.raw<RowRefusal[]>([]);
  error = $state<string | null>(null);
  cancelled = $state(false);

  #clientId: string;
  #keys: string[] = [];
  #worker: ImportWorker | null = null;
  #cancelling = false;

  constructor(clientId: string) {
    this.#clientId = clientId;
  }

  /** A file with a date column is a historical backfill: its rows are past snapshots for score history. */
  get backfill(): boolean {
    return this.mapping.includes("date");
  }

  /** Rows the file refused plus rows the server refused. */
  get refusedCount(): number {
    return (this.checked?.refusedCount ?? 0) + this.serverRefused.length;
  }

  /** Reads the chosen file's headers in the worker and matches them, the client's remembered choices first. */
  async choose(file: File): Promise<void> {
    this.stop();
    this.error = null;
    this.fileName = file.name;
    this.step = "reading";
    this.progress = 0;
    const worker = (this.#worker = new ImportWorker());
    worker.onProgress = (f) => (this.progress = f);
    try {
      const remembered = (await getImportMapping(this.#clientId).catch(() => ({ columns: {} }))).columns as Record<string, ImportField | null>;
      const opened = await worker.ask({ type: "open", file, remembered }, "opened");
      this.headers = opened.headers;
      this.#keys = opened.keys;
      this.sample = opened.sample;
      this.mapping = opened.mapping;
      await this.check();
    } catch (error) {
      this.fail(message(error));
    }
  }

  /** Sets one column's field (null: ignore it); another column that had the field lets it go. Then checks again. */
  async remap(column: number, field: ImportField | null): Promise<void> {
    this.mapping = this.mapping.map((f, i) => (i === column ? field : f === field ? null : f));
    await this.check();
  }

  async check(): Promise<void> {
    if (!this.#worker) return;
    this.step = "reading";
    this.progress = 0;
    try {
      const today = new Date().toISOString().slice(0, 10);
      this.checked = await this.#worker.ask({ type: "check", mapping: $state.snapshot(this.mapping), today }, "checked");
      this.step = "checked";
    } catch (error) {
      this.fail(message(error));
    }
  }

  /** Remembers the mapping, then sends the valid rows batch by batch until done or cancelled. */
  async start(): Promise<void> {
    const worker = this.#worker;
    const total = this.checked?.ready ?? 0;
    if (!worker || total === 0) return;
    this.step = "importing";
    this.progress = 0;
    this.cancelled = this.#cancelling = false;
    this.totals = { created: 0, updated: 0, unchanged: 0, refused: 0 };
    this.serverRefused = [];
    const columns = Object.fromEntries(this.#keys.map((key, i) => [key, this.mapping[i]]));
    await saveImportMapping(this.#clientId, columns).catch(() => {}); // a mapping not remembered must not stop the import
    let sent = 0;
    const first = worker.ask({ type: "batch", size: importBatchLimit, restart: true }, "batch");
    const lane = async (start?: typeof first) => {
      while (!this.#cancelling) {
        const batch = await (start ?? worker.ask({ type: "batch", size: importBatchLimit }, "batch"));
        start = undefined;
        if (batch.accounts.length === 0) return;
        const answer = await this.#send(batch.accounts);
        for (const k of ["created", "updated", "unchanged", "refused"] as const) this.totals[k] += answer[k];
        const refused = answer.results.filter((r) => r.error).flatMap((r) => batch.lines[r.index].map((line) => ({ line, errors: [r.error!] })));
        if (refused.length) this.serverRefused = [...this.serverRefused, ...refused];
        sent += batch.accounts.length;
        this.progress = sent / total;
      }
    };
    try {
      // The worker hands out batches in order, so the lanes take consecutive, disjoint rows.
      await Promise.all(Array.from({ length: inFlight }, (_, i) => lane(i === 0 ? first : undefined)));
      this.cancelled = this.#cancelling;
      this.step = "done";
    } catch (error) {
      this.#cancelling = true;
      this.step = "done";
      this.error = `${message(error)} ${sent.toLocaleString("en-US")} rows were imported before this; every batch is whole. Import the same file again to complete it: rows already imported stay unchanged.`;
    }
  }

  /** One batch to import_customers, or to backfill_history (added counts as created, already as unchanged). */
  async #send(rows: unknown[]) {
    if (!this.backfill) return await importCustomers(this.#clientId, rows);
    const a = await backfillHistory(this.#clientId, rows);
    return { created: a.added, updated: 0, unchanged: a.already, refused: a.refused, results: a.results };
  }

  /** Stops after the batches in flight: what they write is whole rows, the rest is not sent. */
  cancel(): void {
    this.#cancelling = true;
  }

  async downloadRefused(): Promise<void> {
    if (!this.#worker) return;
    const { text } = await this.#worker.ask({ type: "refusedFile", serverRefused: this.serverRefused }, "refusedFile");
    saveCsv(text, this.fileName.replace(/(\.csv)?$/i, "-refused.csv"));
  }

  fail(text: string): void {
    this.error = text;
    this.step = "choose";
  }

  /** Ends the worker (another file, or leaving the page). */
  stop(): void {
    this.#worker?.stop();
    this.#worker = null;
  }

  reset(): void {
    this.stop();
    this.step = "choose";
    this.checked = null;
    this.error = null;
  }
}
