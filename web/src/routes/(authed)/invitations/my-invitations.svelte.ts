// The invitations page's state: the signed-in user's pending invitations,
// and answering one. Accepting reloads the client switcher, so the agency's
// clients are there at once.
import { acceptInvitation, declineInvitation, listMyInvitations } from "$lib/api/invitations.ts";
import { ApiError } from "$lib/api/client.ts";
import { clients } from "$lib/state/clients.svelte.ts";
import { Resource } from "$lib/state/resource.svelte.ts";
import type { MyInvitation } from "@shared/admin/answers.ts";

export class MyInvitations {
  #list = new Resource<MyInvitation[]>("Something went wrong loading your invitations. Please try again.");
  #answering = $state<string | null>(null);
  #failure = $state<{ id: string; message: string } | null>(null);
  #joined = $state<string | null>(null);

  get list(): MyInvitation[] { return this.#list.value ?? []; }
  get loading(): boolean { return this.#list.loading; }
  get error(): string | null { return this.#list.error; }
  /** The invitation being accepted or declined right now. */
  get answering(): string | null { return this.#answering; }
  /** Why answering an invitation failed, beside that invitation. */
  failureOf(id: string): string | null { return this.#failure?.id === id ? this.#failure.message : null; }
  /** The agency just joined, for the confirmation. */
  get joined(): string | null { return this.#joined; }

  load(): Promise<void> {
    return this.#list.load((signal) => listMyInvitations(signal).then((a) => a.invitations));
  }

  retry(): Promise<void> {
    return this.#list.retry();
  }

  accept(invitation: MyInvitation): Promise<void> {
    return this.#answer(invitation, async () => {
      await acceptInvitation(invitation.id);
      this.#joined = invitation.agency_name;
      await clients.refresh();
    });
  }

  decline(invitation: MyInvitation): Promise<void> {
    return this.#answer(invitation, async () => {
      await declineInvitation(invitation.id);
      this.#joined = null;
    });
  }

  async #answer(invitation: MyInvitation, work: () => Promise<void>): Promise<void> {
    this.#answering = invitation.id;
    this.#failure = null;
    try {
      await work();
      await this.load();
    } catch (error) {
      const message = error instanceof ApiError ? error.message : "Something went wrong. Please try again.";
      this.#failure = { id: invitation.id, message };
      if (!(error instanceof ApiError)) console.error(error);
    } finally {
      this.#answering = null;
    }
  }
}
