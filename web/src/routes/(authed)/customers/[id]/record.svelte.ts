// The customer record's state, shared by its header and every tab: the
// customer of the selected client (get_customer: explanation, signal stamps,
// settings), whether the signed-in user may edit, and the record-wide
// writes (edit, delete, restore). Loads go through the one loader.
import { createContext } from "svelte";
import { deleteCustomer, getCustomer, restoreCustomer, updateCustomer } from "$lib/api/customers.ts";
import { clients } from "$lib/state/clients.svelte.ts";
import { Resource } from "$lib/state/resource.svelte.ts";
import type { CustomerWithHistory } from "@shared/customers/answers.ts";

export class CustomerRecord {
  #answer = new Resource<CustomerWithHistory>("Something went wrong loading this customer. Please try again.");
  #key = $state<{ clientId: string; id: string } | null>(null);
  #deleted = $state(false);

  get answer(): CustomerWithHistory | null {
    return this.#answer.value;
  }

  get error(): string | null {
    return this.#answer.error;
  }

  /** The client and customer the record is of: what every tab's requests name. */
  get scope(): { client_id: string; customer_id: string } | null {
    return this.#key && { client_id: this.#key.clientId, customer_id: this.#key.id };
  }

  /** Viewers read only: their controls are disabled (and the API would refuse them). */
  get canEdit(): boolean {
    return !!clients.selected && clients.selected.role !== "viewer";
  }

  /** Deleted in this visit: the record shows what it was, with Restore. */
  get deleted(): boolean {
    return this.#deleted;
  }

  /** Loads once per client and customer. */
  load(clientId: string, id: string): void {
    if (this.#key?.clientId === clientId && this.#key.id === id) return;
    this.#key = { clientId, id };
    this.#deleted = false;
    void this.reload();
  }

  reload(): Promise<void> {
    const key = this.#key;
    if (!key) return Promise.resolve();
    return this.#answer.load((signal) => getCustomer({ client_id: key.clientId, id: key.id }, signal));
  }

  /** Saves changed fields (the API's names); the record reloads with the rescored customer. */
  async save(fields: Record<string, unknown>): Promise<void> {
    const key = this.#key!;
    await updateCustomer(key.clientId, key.id, fields);
    await this.reload();
  }

  async remove(): Promise<void> {
    const key = this.#key!;
    await deleteCustomer(key.clientId, key.id);
    this.#deleted = true;
  }

  async restore(): Promise<void> {
    const key = this.#key!;
    await restoreCustomer(key.clientId, key.id);
    this.#deleted = false;
    await this.reload();
  }
}

/** The record of the page, set by the [id] layout for its header and tabs. */
export const [getRecord, setRecord] = createContext<CustomerRecord>();
