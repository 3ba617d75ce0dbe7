// Runs bcrypt for passwords.ts on a thread of its own. bcryptjs is plain
// JavaScript: a cost-10 hash or compare keeps a thread busy for ~80 ms, which
// on the gateway's event loop stalled every tenant's API call behind it.
import bcrypt from "bcryptjs";

export type PasswordWork = { op: "hash"; password: string } | { op: "compare"; password: string; hash: string };
export type PasswordJob = PasswordWork & { id: number };
export type PasswordResult = { id: number; hash?: string; matches?: boolean; error?: string };

// A worker's global scope; deno.json's lib is the window's, so it is typed here.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<PasswordJob>) => void) | null;
  postMessage(message: PasswordResult): void;
};

scope.onmessage = ({ data: job }) => {
  try {
    scope.postMessage(job.op === "hash"
      ? { id: job.id, hash: bcrypt.hashSync(job.password, 10) }
      : { id: job.id, matches: bcrypt.compareSync(job.password, job.hash) });
  } catch (error) {
    scope.postMessage({ id: job.id, error: (error as Error).message });
  }
};
