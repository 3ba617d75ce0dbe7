// The Users page's state: the agency's people with their roles and client
// assignments, pending invitations, and every change an owner or admin makes
// to them. A refusal (the database's guards: only an owner grants ownership,
// the last owner stays) is kept beside the person or form it concerns.
import {
  assignClient, inviteUser, listInvitations, listPeople, removeUser, revokeInvitation, setAgencyRole, unassignClient,
} from "$lib/api/admin.ts";
import { ApiError } from "$lib/api/client.ts";
import { Resource } from "$lib/state/resource.svelte.ts";
import { asSentence } from "$lib/utils/sentence.ts";
import type { listInvitationsAnswer, listPeopleAnswer } from "@shared/admin/answers.ts";
import type { z } from "zod";

export type Person = z.infer<typeof listPeopleAnswer>["people"][number];
export type Invitation = z.infer<typeof listInvitationsAnswer>["invitations"][number];
export type InviteDraft = { email: string; role: string; clients: { client_id: string; role: string }[] };

export class People {
  #people = new Resource<Person[]>("Something went wrong loading the people. Please try again.");
  #invitations = new Resource<Invitation[]>("Something went wrong loading the invitations. Please try again.");
  #failure = $state<{ key: string; message: string; field: string | null } | null>(null);
  #busy = $state<string | null>(null);
  /** A sentence after a change went through. */
  done = $state<string | null>(null);

  get list() { return this.#people.value ?? []; }
  get invitations() { return (this.#invitations.value ?? []).filter((i) => i.state === "pending"); }
  get loading() { return this.#people.loading; }
  get error() { return this.#people.error ?? this.#invitations.error; }
  /** The change running now (its key: a user id, "invite", an invitation id). */
  get busy() { return this.#busy; }
  failureOf(key: string): string | null { return this.#failure?.key === key ? this.#failure.message : null; }
  fieldOf(key: string): string | null { return this.#failure?.key === key ? this.#failure.field : null; }

  load(): Promise<unknown> {
    return Promise.all([
      this.#people.load((signal) => listPeople(signal).then((a) => a.people)),
      this.#invitations.load((signal) => listInvitations(signal).then((a) => a.invitations)),
    ]);
  }
  retry() { return this.load(); }

  invite = (draft: InviteDraft) =>
    this.#change("invite", `An invitation is on its way to ${draft.email}.`, () => inviteUser(draft));
  revokeInvitation = (i: Invitation) =>
    this.#change(i.id, `The invitation to ${i.email} is revoked.`, () => revokeInvitation(i.id));
  setRole = (p: Person, role: string) =>
    this.#change(p.user_id, `${p.email} is now ${role === "member" ? "a member" : `an ${role}`}.`, () => setAgencyRole(p.user_id, role));
  assign = (p: Person, clientId: string, role: string) =>
    this.#change(p.user_id, `${p.email} is assigned as ${role}.`, () => assignClient(p.user_id, clientId, role));
  unassign = (p: Person, clientId: string) =>
    this.#change(p.user_id, `${p.email} no longer has that client.`, () => unassignClient(p.user_id, clientId));
  remove = (p: Person) => this.#change(p.user_id, `${p.email} was removed from the agency.`, () => removeUser(p.user_id));

  async #change(key: string, success: string, work: () => Promise<unknown>): Promise<boolean> {
    this.#busy = key;
    this.#failure = null;
    this.done = null;
    try {
      await work();
      this.done = success;
      await this.load();
      return true;
    } catch (error) {
      if (!(error instanceof ApiError)) console.error(error);
      const message = error instanceof ApiError ? asSentence(error.message) : "Something went wrong. Please try again.";
      // What is shown must be what is stored: reload first, so the refusal
      // appears together with the select put back (PersonCard's settle).
      await this.load();
      this.#failure = { key, message, field: error instanceof ApiError ? error.field ?? null : null };
      return false;
    } finally {
      this.#busy = null;
    }
  }
}
