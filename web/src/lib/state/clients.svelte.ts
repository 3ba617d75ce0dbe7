// The clients the signed-in user can see and the one they are working on.
// The choice is remembered in localStorage per user, so a reload or the next
// visit opens the same client.
import { api } from "../api/client.ts";
import type { Client } from "../api/schemas.ts";

const storageKey = (userId: string) => `pulseboard.client.${userId}`;

class Clients {
  #list = $state<Client[]>([]);
  #selectedId = $state<string | null>(null);
  #userId: string | null = null;
  loading = $state(false);
  error = $state<string | null>(null);

  get list(): Client[] {
    return this.#list;
  }

  get selected(): Client | null {
    return this.#list.find((c) => c.id === this.#selectedId) ?? null;
  }

  /** Loads the user's clients (once per user) and picks the remembered one, else the first. */
  async load(userId: string): Promise<void> {
    if (this.#userId === userId && this.#list.length > 0) return;
    this.#userId = userId;
    this.loading = true;
    this.error = null;
    try {
      const { clients } = await api.listClients();
      this.#list = clients.toSorted((a, b) => a.name.localeCompare(b.name));
      const remembered = localStorage.getItem(storageKey(userId));
      this.#selectedId = clients.some((c) => c.id === remembered) ? remembered : (this.#list[0]?.id ?? null);
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.loading = false;
    }
  }

  select(id: string): void {
    if (!this.#list.some((c) => c.id === id)) return;
    this.#selectedId = id;
    if (this.#userId) localStorage.setItem(storageKey(this.#userId), id);
  }

  /** Forgets everything on sign-out, so the next user starts clean. */
  reset(): void {
    this.#list = [];
    this.#selectedId = null;
    this.#userId = null;
    this.error = null;
  }
}

export const clients = new Clients();
