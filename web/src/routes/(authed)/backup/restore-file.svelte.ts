// A backup file chosen for restore: read and checked in the browser first
// (kind, version, what it holds), so the confirmation can say what will
// replace the client's data; the server checks it all again.
import { backupFile, type BackupFile, rowCounts } from "@shared/backup/tables.ts";
import { restoreBackup } from "$lib/api/backup.ts";
import { Submission } from "$lib/state/submission.svelte.ts";

export class RestoreFile {
  fileName = $state("");
  /** What the file holds, once it reads as a backup. */
  summary = $state.raw<{ client: string; createdAt: string; counts: Record<string, number> } | null>(null);
  problem = $state<string | null>(null);
  restored = $state.raw<Record<string, number> | null>(null);
  readonly submission = new Submission();
  #text = "";

  async choose(file: File): Promise<void> {
    this.fileName = file.name;
    this.summary = null;
    this.restored = null;
    this.problem = null;
    this.#text = await file.text();
    let json: unknown;
    try {
      json = JSON.parse(this.#text);
    } catch {
      this.problem = "This file is not a Pulseboard backup: it is not valid JSON (is it damaged or cut short?).";
      return;
    }
    const parsed = backupFile.safeParse(json);
    if (!parsed.success) {
      this.problem = `This file cannot be restored: ${parsed.error.issues[0].message}.`;
      return;
    }
    const backup: BackupFile = parsed.data;
    this.summary = { client: backup.client.name, createdAt: backup.created_at, counts: rowCounts(backup) };
  }

  /** Replaces the client's data with the file's, in one transaction on the server. */
  async confirm(clientId: string): Promise<void> {
    await this.submission.run(async () => {
      this.restored = (await restoreBackup(clientId, this.#text)).restored;
      this.summary = null;
    });
  }

  cancel(): void {
    this.summary = null;
    this.fileName = "";
    this.#text = "";
  }
}
