// The open recovery cases of the selected client and the client's recovery figures; closing one with an outcome and a note.
import { closeRecoveryCase, listRecoveryCases } from "$lib/api/alerts.ts";
import { Resource } from "$lib/state/resource.svelte.ts";
import { Submission } from "$lib/state/submission.svelte.ts";
import type { RecoveryOutcome } from "@shared/alerts/inputs.ts";
import type { z } from "zod";
import type { listRecoveryCasesAnswer } from "@shared/alerts/answers.ts";

export class RecoveryCases {
  #answer = new Resource<z.infer<typeof listRecoveryCasesAnswer>>("Something went wrong loading the recovery cases. Please try again.");
  #clientId: string | null = null;
  readonly closing = new Submission();

  get value() { return this.#answer.value; }
  get error(): string | null { return this.#answer.error; }

  load(clientId: string): void {
    if (clientId === this.#clientId) return;
    this.#clientId = clientId;
    void this.#answer.load((signal) => listRecoveryCases({ client_id: clientId, state: "open" }, signal));
  }

  retry(): void { void this.#answer.retry(); }

  async close(id: string, outcome: RecoveryOutcome, note: string): Promise<boolean> {
    const clientId = this.#clientId;
    if (!clientId) return false;
    const done = await this.closing.run(() => closeRecoveryCase(clientId, id, outcome, note));
    if (done) await this.#answer.retry();
    return done;
  }
}
