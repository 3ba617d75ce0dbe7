// Failed password sign-ins, throttled per account and per client address.
//
// Kept in memory, not in a table: the local stack runs one gateway process,
// GoTrue's own limiter is per instance too, and the check must be atomic with
// the attempt it admits — in one JavaScript turn there is no race between
// counting and admitting, where a table would need a locked row per account
// on every sign-in. A restart forgets the counts, which on a developer's stack
// is a feature rather than a gap.
//
// An attempt is counted when it is admitted, before its password is checked,
// so a burst of parallel guesses cannot all slip in before the first failure
// is recorded; a success then takes its own count back (the account's whole
// count: a success resets it).

export type Limit = { attempts: number; windowSeconds: number };

/** A sliding window of attempt times per key. */
class AttemptWindow {
  #times = new Map<string, number[]>();

  constructor(readonly limit: Limit) {}

  #recent(key: string, now: number): number[] {
    const since = now - this.limit.windowSeconds * 1000;
    const times = (this.#times.get(key) ?? []).filter((t) => t > since);
    if (times.length) this.#times.set(key, times);
    else this.#times.delete(key);
    return times;
  }

  /** Seconds until `key` may try again; 0 when it may try now. */
  retryAfter(key: string, now: number): number {
    const times = this.#recent(key, now);
    if (times.length < this.limit.attempts) return 0;
    const freedAt = times[times.length - this.limit.attempts] + this.limit.windowSeconds * 1000;
    return Math.max(1, Math.ceil((freedAt - now) / 1000));
  }

  record(key: string, at: number): void {
    this.#times.set(key, [...(this.#times.get(key) ?? []), at]);
    if (this.#times.size > 10_000) this.#sweep(at);
  }

  forgetOne(key: string, at: number): void {
    const times = this.#times.get(key) ?? [];
    const index = times.indexOf(at);
    if (index >= 0) times.splice(index, 1);
    if (!times.length) this.#times.delete(key);
  }

  forgetAll(key: string): void {
    this.#times.delete(key);
  }

  /** Many keys (e-mails sprayed by a script): drop the ones whose window has passed. */
  #sweep(now: number): void {
    for (const key of [...this.#times.keys()]) this.#recent(key, now);
  }
}

export type Admission =
  | { admitted: false; retryAfter: number }
  | { admitted: true; succeeded(): void };

export const defaultSignInLimits = {
  // A person mistyping gets a handful of tries; a guesser gets 5 per 15 minutes.
  account: { attempts: 5, windowSeconds: 15 * 60 },
  // Generous, so an office behind one address is not locked out by a few
  // people's typos, yet a script trying many accounts from one address stops.
  address: { attempts: 50, windowSeconds: 15 * 60 },
};

export function signInLimits(limits = defaultSignInLimits) {
  const accounts = new AttemptWindow(limits.account);
  const addresses = new AttemptWindow(limits.address);

  /**
   * Admits a sign-in for `email` from `address`, or says how long to wait.
   * Unknown e-mails are counted the same way, so a 429 says nothing about
   * whether an account exists.
   */
  return function admit(email: string, address: string): Admission {
    const now = Date.now();
    const retryAfter = Math.max(accounts.retryAfter(email, now), addresses.retryAfter(address, now));
    if (retryAfter > 0) return { admitted: false, retryAfter };
    accounts.record(email, now);
    addresses.record(address, now);
    return {
      admitted: true,
      succeeded() {
        accounts.forgetAll(email);
        addresses.forgetOne(address, now);
      },
    };
  };
}
