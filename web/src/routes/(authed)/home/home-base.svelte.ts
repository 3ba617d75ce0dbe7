// Home Base's state: the selected client's aggregate, loaded through the one loader.
import { getHomeBase } from "$lib/api/home.ts";
import { Resource } from "$lib/state/resource.svelte.ts";
import type { HomeBase } from "@shared/home/answers.ts";

export class HomeBaseState {
  #clientId: string | null = null;
  #answer = new Resource<HomeBase>("Something went wrong loading Home Base. Please try again.");

  get value(): HomeBase | null { return this.#answer.value; }
  get loading(): boolean { return this.#answer.loading; }
  get error(): string | null { return this.#answer.error; }

  load(clientId: string): void {
    if (clientId === this.#clientId && this.value) return;
    this.#clientId = clientId;
    this.#answer.load((signal) => getHomeBase(clientId, signal));
  }

  retry(): void {
    this.#answer.retry();
  }
}
