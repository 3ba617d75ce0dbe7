// Guessing passwords: failed sign-ins are throttled per account (5 in 15
// minutes) and per client address (50 in 15 minutes) with a 429 and
// Retry-After in GoTrue's shape, so other users' sign-ins go on; unknown
// e-mails are throttled and timed like known ones, so neither the status nor
// the time of an answer tells whether an account exists.
//
// Every test uses fresh users and a loopback address of its own
// (127.x.y.z all reach the gateway), so no other test file's sign-ins are
// counted against.
import { describe, expect, test } from "vitest";
import { loopbackAddress, makeUser, signInWithPassword } from "./gotrue.ts";

const unknownEmail = () => `nobody.${crypto.randomUUID()}@auth.test`;
const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];

describe("sign-in throttling", () => {
  test("guessing one account's password: after 5 failures even the right password is a 429 with Retry-After, and another user still signs in", async () => {
    const from = loopbackAddress();
    const victim = await makeUser("throttle-victim");
    for (let i = 0; i < 5; i++) {
      expect((await signInWithPassword(victim.email, `guess-${i}`, from)).status, `guess ${i + 1} is refused as wrong`).toBe(400);
    }
    const locked = await signInWithPassword(victim.email, victim.password, from);
    expect(locked.status, "the sixth attempt is throttled").toBe(429);
    expect(locked.body, "GoTrue's error shape").toMatchObject({ code: 429, error_code: "over_request_rate_limit" });
    expect(Number(locked.headers["retry-after"]), "Retry-After says when to try again (within 15 minutes)").toBeGreaterThan(0);
    expect(Number(locked.headers["retry-after"])).toBeLessThanOrEqual(15 * 60);

    const bystander = await makeUser("throttle-bystander");
    expect((await signInWithPassword(bystander.email, bystander.password, from)).status, "another account signs in").toBe(200);
  });

  test("20 parallel guesses at one account: exactly 5 are checked, the other 15 are a 429", async () => {
    const victim = await makeUser("throttle-burst");
    const from = loopbackAddress();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => signInWithPassword(victim.email, `guess-${i}`, from)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 400).length, "only 5 guesses reach the password check").toBe(5);
    expect(statuses.filter((s) => s === 429).length).toBe(15);
  });

  test("a successful sign-in resets the account's count", async () => {
    const user = await makeUser("throttle-reset");
    const from = loopbackAddress();
    for (const round of [1, 2]) {
      for (let i = 0; i < 4; i++) await signInWithPassword(user.email, `typo-${i}`, from);
      expect((await signInWithPassword(user.email, user.password, from)).status, `round ${round}: 4 typos, then the right password`).toBe(200);
    }
  });

  test("an unknown e-mail is throttled like a known one (a 429 tells nothing about the account)", async () => {
    const email = unknownEmail();
    const from = loopbackAddress();
    for (let i = 0; i < 5; i++) expect((await signInWithPassword(email, "guess", from)).status).toBe(400);
    expect((await signInWithPassword(email, "guess", from)).status).toBe(429);
  });

  test("one address trying many accounts is stopped after 50 failures, for every account; other addresses sign in", async () => {
    const attacker = loopbackAddress();
    const user = await makeUser("throttle-address");
    const answers = await Promise.all(Array.from({ length: 60 }, () => signInWithPassword(unknownEmail(), "guess", attacker)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 400).length, "50 failures are checked").toBe(50);
    expect(statuses.filter((s) => s === 429).length, "the rest are throttled").toBe(10);
    expect((await signInWithPassword(user.email, user.password, attacker)).status, "the address is throttled for a real account too").toBe(429);
    expect((await signInWithPassword(user.email, user.password, loopbackAddress())).status, "the same account signs in from elsewhere").toBe(200);
  });

  test("an unknown e-mail takes as long to refuse as a wrong password for a known one (its password is compared too)", async () => {
    const from = loopbackAddress();
    const known = await Promise.all([1, 2, 3].map(() => makeUser("timing")));
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    // Interleaved, so machine noise falls on both alike; 3 wrong passwords per known account stay under its limit.
    for (let round = 0; round < 3; round++) {
      for (const user of known) {
        knownTimes.push((await signInWithPassword(user.email, "wrong password", from)).ms);
        unknownTimes.push((await signInWithPassword(unknownEmail(), "wrong password", from)).ms);
      }
    }
    // Without the dummy compare an unknown e-mail answered ~40× faster (2 ms
    // against ~80 ms); a generous bound keeps this steady on a busy machine.
    expect(median(unknownTimes), `unknown ${median(unknownTimes).toFixed(1)} ms vs known ${median(knownTimes).toFixed(1)} ms`)
      .toBeGreaterThan(median(knownTimes) * 0.4);
  });
});
