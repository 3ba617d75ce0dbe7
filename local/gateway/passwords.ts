// Password hashing and checking for the auth subset, off the event loop: a
// small pool of workers (password-worker.ts) does the bcrypt work, so the
// gateway keeps answering API calls while sign-ins are checked. Measured in
// bench/auth/README.md.
import type { PasswordJob, PasswordResult, PasswordWork } from "./password-worker.ts";

/**
 * A cost-10 hash of a random password nobody knows. A sign-in for an unknown
 * e-mail (or a user without a password) is checked against it, so it takes
 * as long as a wrong password for a known one: the answer's timing does not
 * tell whether an account exists.
 */
const UNKNOWN_USER_HASH = "$2b$10$RaCjHJZbunlZOF/0lYc6L.sNxVBt6pj5Cr/CjaPXxVm0NdxhH2d0e";

type Pending = { resolve: (result: PasswordResult) => void; reject: (error: Error) => void };

export type Passwords = {
  hash(password: string): Promise<string>;
  /** Whether `password` matches `hash`; a missing hash is checked against a dummy and never matches. */
  verify(password: string, hash: string | null): Promise<boolean>;
  stop(): void;
};

/**
 * One worker per spare core, at least one: on our 2-core machine that is one,
 * leaving a core to the event loop and Postgres (bench/auth/README.md).
 */
export function startPasswords(size = Math.max(1, navigator.hardwareConcurrency - 1)): Passwords {
  const workers = Array.from({ length: size }, () => {
    const worker = new Worker(new URL("./password-worker.ts", import.meta.url), { type: "module" });
    const pending = new Map<number, Pending>();
    worker.onmessage = ({ data }: MessageEvent<PasswordResult>) => {
      pending.get(data.id)?.resolve(data);
      pending.delete(data.id);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      for (const p of pending.values()) p.reject(new Error(`password worker failed: ${event.message}`));
      pending.clear();
    };
    return { worker, pending };
  });
  let nextId = 0;

  /** The least busy worker takes the job. */
  function run(job: PasswordWork): Promise<PasswordResult> {
    const target = workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = ++nextId;
    return new Promise<PasswordResult>((resolve, reject) => {
      target.pending.set(id, { resolve, reject });
      target.worker.postMessage({ ...job, id } satisfies PasswordJob);
    }).then((result) => {
      if (result.error) throw new Error(result.error);
      return result;
    });
  }

  return {
    async hash(password) {
      return (await run({ op: "hash", password })).hash!;
    },
    async verify(password, hash) {
      const { matches } = await run({ op: "compare", password, hash: hash ?? UNKNOWN_USER_HASH });
      return hash !== null && matches === true;
    },
    stop() {
      for (const { worker } of workers) worker.terminate();
    },
  };
}
