// Rescoring every customer of a client (after a settings or profile change,
// and in the daily decay) in batches of consecutive ids, each batch its own
// transaction, a few at a time.
//
// Why batches: one transaction over 100,000 customers held every row lock
// for seconds (a Zapier write to any of them waited) and kept one of the
// machine's cores busy while the other idled. Batches keep locks short and,
// run side by side, let Postgres use both cores while the engine scores the
// next batch in JavaScript.
//
// What stays true: every batch is scored with the same configuration version
// and the same `now`; a customer is written at most once. A batch that fails
// leaves its customers on the older configuration version, visibly (their
// `config_version` is not the client's), and the next whole-client rescore or
// the nightly decay writes them, because a different version counts as a
// change.
import { env } from "./env.ts";
import type { Tx } from "./db.ts";
import { loadScoringConfig, rescoreCustomers, type RescoreOptions } from "./rescore.ts";

/** Runs work in one transaction: as the caller (RLS) or as the system. */
export type Runner = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

export type RescoreTotals = { scanned: number; updated: number; skipped: number; batches: number };

/** Batch boundaries: every `size`-th live, scorable customer id of the client, in id order. */
async function batchRanges(tx: Tx, clientId: string, size: number) {
  const starts = await tx<{ id: string }[]>`
    select id from (
      select id, row_number() over (order by id) as n
      from public.customers where client_id = ${clientId} and deleted_at is null and lifecycle <> 'churned'
    ) s where n % ${size} = 1 order by id`;
  return starts.map((s, i) => ({ from: s.id, to: starts[i + 1]?.id ?? null }));
}

export async function rescoreClient(run: Runner, o: Omit<RescoreOptions, "ids" | "range">): Promise<RescoreTotals> {
  const { RESCORE_BATCH_SIZE, RESCORE_WORKERS } = env();
  const now = o.now ?? new Date();
  const { config, ranges } = await run(async (tx) => ({
    config: o.config ?? await loadScoringConfig(tx, o.clientId),
    ranges: await batchRanges(tx, o.clientId, RESCORE_BATCH_SIZE),
  }));
  const totals: RescoreTotals = { scanned: 0, updated: 0, skipped: 0, batches: ranges.length };
  let next = 0;
  let failed: unknown;
  // Each worker takes the next batch until none is left or one has failed.
  const worker = async () => {
    while (next < ranges.length && failed === undefined) {
      const range = ranges[next++];
      try {
        const r = await run((tx) => rescoreCustomers(tx, { ...o, range, now, config }));
        totals.scanned += r.scanned;
        totals.updated += r.updated;
        totals.skipped += r.skipped;
      } catch (error) {
        failed ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(RESCORE_WORKERS, ranges.length) }, worker));
  if (failed !== undefined) throw failed;
  return totals;
}
