// The clients the signed-in user can see and the one they are working on.
// The choice is remembered in localStorage per user, so a reload or the next
// visit opens the same client.
import type { ClientEntry } from "@shared/admin/answers.ts";
import { listClients } from "../api/clients.ts";
import { Resource } from "./resource.svelte.ts";

const storageKey = (userId: string) => `pulseboard.client.${userId}`;

class Clients {
  #answer = new Resource<ClientEntry[]>("Something went wrong loading your clients. Please try again.");
  #selectedId = $state<string | null>(null);
  #userId: string | null = null;

  /** By name, as the switcher lists them. */
  get list(): ClientEntry[] {
    return this.#answer.value ?? [];
  }

  get loading(): boolean {
    return this.#answer.loading;
  }

  get error(): string | null {
    return this.#answer.error;
  }

  /** The remembered client while the user may still see it, else the first. */
  get selected(): ClientEntry | null {
    return this.list.find((c) => c.id === this.#selectedId) ?? this.list[0] ?? null;
  }

  /** Loads the user's clients, once per user. */
  load(userId: string): Promise<void> {
    if (this.#userId === userId && this.list.length > 0) return Promise.resolve();
    this.#userId = userId;
    this.#selectedId = localStorage.getItem(storageKey(userId));
    return this.refresh();
  }

  /** Loads the list again (after joining an agency, say), keeping the chosen client. */
  refresh(): Promise<void> {
    return this.#answer.load(async (signal) =>
      (await listClients(signal)).clients.toSorted((a, b) => a.name.localeCompare(b.name)));
  }

  select(id: string): void {
    if (!this.list.some((c) => c.id === id)) return;
    this.#selectedId = id;
    if (this.#userId) localStorage.setItem(storageKey(this.#userId), id);
  }

  /** Forgets everything on sign-out (and stops a load still running), so the next user starts clean. */
  reset(): void {
    this.#answer.reset();
    this.#selectedId = null;
    this.#userId = null;
  }
}

export const clients = new Clients();
