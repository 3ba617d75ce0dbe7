// The action registry: every action of every function is declared once —
// name, input and answer schema (from shared/), who may call it, read or
// write, and what it runs — and served by one wrapper (serve-actions.ts).
// The OpenAPI document is generated from the same declarations.
import type { z } from "zod";
import type { Caller } from "./caller.ts";
import type { Tx } from "./db.ts";

/**
 * Who may call: signed-in dashboard users, API keys, both, pg_cron with the
 * cron secret, or `link`: anyone, because the input carries its own proof (an
 * invitation link's token), for people who cannot sign in yet.
 */
export type Access = "user" | "api_key" | "both" | "cron" | "link";

/** The roles an action is meant for; row-level security is what enforces them. */
export type Role = "owner" | "admin" | "manager" | "viewer";
export const readers: readonly Role[] = ["owner", "admin", "manager", "viewer"];
export const editors: readonly Role[] = ["owner", "admin", "manager"];
export const agencyAdmins: readonly Role[] = ["owner", "admin"];

/**
 * How documents group an action, from who may call it: public (API keys may:
 * the API integrations use), dashboard (signed-in users only), scheduled
 * (pg_cron's), link (anyone holding a link's token).
 */
export type Tag = "public" | "dashboard" | "scheduled" | "link";
const tags: Record<Access, Tag> = { user: "dashboard", api_key: "public", both: "public", cron: "scheduled", link: "link" };
export const tagOf = (action: Action): Tag => tags[action.access];

type Declared<I extends z.ZodType> = {
  summary: string;
  input: I;
  answer: z.ZodType;
  /** Writes need POST, may carry an Idempotency-Key, and their answer is 201 when it says `created: true`. */
  write: boolean;
};

/** What a run receives: its transaction as the caller, the caller, the resolved client and the parsed input. */
export type ClientContext<I> = { tx: Tx; caller: Caller; clientId: string; input: I };
export type CallerContext<I> = { tx: Tx; caller: Caller; input: I };

/** Runs after the transaction committed, with its result; what it returns is the answer. */
export type AfterCommit = (ctx: { caller: Caller; clientId: string; result: unknown }) => Promise<unknown>;

/** An action on one client's data: the wrapper resolves the client (the key's, or client_id) first. */
export type ClientAction<I extends z.ZodType = z.ZodType> = Declared<I> & {
  scope: "client";
  access: Exclude<Access, "cron" | "link">;
  roles: readonly Role[];
  run: (ctx: ClientContext<z.output<I>>) => Promise<unknown>;
  afterCommit?: AfterCommit;
};

/** An action of a signed-in caller that names what it works on itself (an agency, a user, a key). */
export type CallerAction<I extends z.ZodType = z.ZodType> = Declared<I> & {
  scope: "caller";
  access: Exclude<Access, "cron">;
  roles: readonly Role[];
  run: (ctx: CallerContext<z.output<I>>) => Promise<unknown>;
};

/** A scheduled job: called with the cron secret, acting on every client (its run says AsSystem). */
export type SystemAction<I extends z.ZodType = z.ZodType> = Declared<I> & {
  scope: "system";
  access: "cron";
  run: (input: z.output<I>) => Promise<unknown>;
};

// deno-lint-ignore no-explicit-any
export type Action = ClientAction<any> | CallerAction<any> | SystemAction<any>;

/** A function's actions by name, in the order they are listed in errors and documents. */
export type Registry = Record<string, Action>;

type Decl<A> = Omit<A, "scope" | "access"> & { access?: A extends { access: infer X } ? X : never };

/** Declares an action on one client's data (access defaults to users and keys). */
export function clientAction<I extends z.ZodType>(def: Decl<ClientAction<I>>): ClientAction<I> {
  return { access: "both", ...def, scope: "client" };
}

/** Declares an action of a signed-in user that is not about one client's data. */
export function callerAction<I extends z.ZodType>(def: Decl<CallerAction<I>>): CallerAction<I> {
  return { access: "user", ...def, scope: "caller" };
}

/**
 * Declares an action for anyone holding a link's token: it runs as nobody
 * (no user, no key), so RLS shows it nothing and only the security-definer
 * helpers it calls, which take the token's hash, decide what it may do.
 */
export function linkAction<I extends z.ZodType>(def: Omit<Decl<CallerAction<I>>, "access" | "roles">): CallerAction<I> {
  return { ...def, roles: [], access: "link", scope: "caller" };
}

/** Declares a scheduled job. */
export function systemAction<I extends z.ZodType>(def: Omit<SystemAction<I>, "scope" | "access">): SystemAction<I> {
  return { ...def, scope: "system", access: "cron" };
}

/** Joins registries of several domains into one function's, refusing a name declared twice. */
export function registry(...parts: Registry[]): Registry {
  const all: Registry = {};
  for (const part of parts) {
    for (const [name, action] of Object.entries(part)) {
      if (Object.hasOwn(all, name)) throw new Error(`action ${name} is declared twice`);
      all[name] = action;
    }
  }
  return all;
}
