// The clients the signed-in user can see and the one they are working on.
// The choice is remembered in localStorage per user, so a reload or the next
// visit opens the same client — unless it has been archived since: an
// archived client is never the one a user lands in (one chosen in the
// switcher stays open until the next visit).
import type { ClientEntry } from "@shared/admin/answers.ts";
import { listClients } from "../api/clients.ts";
import { Resource } from "./resource.svelte.ts";

const storageKey = (userId: string) => `pulseboard.client.${userId}`;

class Clients {
  #answer = new Resource<ClientEntry[]>("Something went wrong loading your clients. Please try again.");
  #selectedId = $state<string | null>(null);
  #chosenNow = $state(false);
  #userId: string | null = null;

  /** Active clients by name, then archived ones by name, as the switcher lists them. */
  get list(): ClientEntry[] {
    return this.#answer.value ?? [];
  }

  get loading(): boolean {
    return this.#answer.loading;
  }

  get error(): string | null {
    return this.#answer.error;
  }

  /** The remembered client while the user may still see it (and it is active, unless chosen now), else the first active one. */
  get selected(): ClientEntry | null {
    const remembered = this.list.find((c) => c.id === this.#selectedId);
    if (remembered && (!remembered.archived || this.#chosenNow)) return remembered;
    return this.list.find((c) => !c.archived) ?? this.list[0] ?? null;
  }

  /** Loads the user's clients, once per user. */
  load(userId: string): Promise<void> {
    if (this.#userId === userId && this.list.length > 0) return Promise.resolve();
    this.#userId = userId;
    this.#selectedId = localStorage.getItem(storageKey(userId));
    this.#chosenNow = false;
    return this.refresh();
  }

  /** Loads the list again (after joining an agency, say), keeping the chosen client. */
  refresh(): Promise<void> {
    return this.#answer.load(async (signal) =>
      (await listClients(signal)).clients.toSorted((a, b) => Number(a.archived) - Number(b.archived) || a.name.localeCompare(b.name)));
  }

  select(id: string): void {
    if (!this.list.some((c) => c.id === id)) return;
    this.#selectedId = id;
    this.#chosenNow = true;
    if (this.#userId) localStorage.setItem(storageKey(this.#userId), id);
  }

  /** Forgets everything on sign-out (and stops a load still running), so the next user starts clean. */
  reset(): void {
    this.#answer.reset();
    this.#selectedId = null;
    this.#chosenNow = false;
    this.#userId = null;
  }
}

export const clients = new Clients();
