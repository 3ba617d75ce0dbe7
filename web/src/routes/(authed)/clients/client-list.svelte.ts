// The Clients page's state: every client of the agency with its customers
// and assigned people, and adding, renaming, archiving and restoring one.
// Each change reloads the client switcher too, so it lists what is true.
import { archiveClient, clientOverview, createClient, renameClient, restoreClient } from "$lib/api/admin.ts";
import { clients } from "$lib/state/clients.svelte.ts";
import { Resource } from "$lib/state/resource.svelte.ts";
import { Submission } from "$lib/state/submission.svelte.ts";
import type { ClientOverview } from "@shared/admin/answers.ts";

export class ClientList {
  #list = new Resource<ClientOverview[]>("Something went wrong loading the clients. Please try again.");
  readonly adding = new Submission();
  /** Changes of one client, by its id. */
  readonly changing = new Submission();
  changingId = $state<string | null>(null);
  done = $state<string | null>(null);

  get list() { return this.#list.value ?? []; }
  get loading() { return this.#list.loading; }
  get error() { return this.#list.error; }

  load() { return this.#list.load((signal) => clientOverview(signal).then((a) => a.clients)); }
  retry() { return this.#list.retry(); }

  async add(name: string): Promise<boolean> {
    const ok = await this.adding.run(() => createClient(name));
    if (ok) await this.#after(`${name} was added. Give people access to it under Users.`);
    return ok;
  }

  rename = (c: ClientOverview, name: string) => this.#change(c, `${c.name} is now called ${name}.`, () => renameClient(c.id, name));
  archive = (c: ClientOverview) =>
    this.#change(c, `${c.name} is archived: its API keys stop working and it leaves the lists.`, () => archiveClient(c.id));
  restore = (c: ClientOverview) => this.#change(c, `${c.name} is back.`, () => restoreClient(c.id));

  async #change(c: ClientOverview, success: string, work: () => Promise<unknown>): Promise<boolean> {
    this.changingId = c.id;
    this.done = null;
    const ok = await this.changing.run(work);
    if (ok) await this.#after(success);
    return ok;
  }

  async #after(success: string) {
    this.done = success;
    await Promise.all([this.load(), clients.refresh()]);
  }
}
