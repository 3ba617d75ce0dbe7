// Performs what net.http_post / net.http_get queued, as pg_net does: after
// commit, once, recording each response (or timeout/error) in
// net._http_response. It never retries: callers treat it as a doorbell.
// Requests run side by side, up to MAX_IN_FLIGHT, and a new one is taken
// as soon as there is room — as pg_net's curl multi handle does — so one
// that hangs until its timeout (the outbox drain waiting on a slow hook
// target, say) holds up nothing queued after it.
import type postgres from "postgres";

type Queued = { id: number; method: string; url: string; headers: Record<string, string>; body: Uint8Array | null; timeout_milliseconds: number };

const MAX_IN_FLIGHT = 32;

export function startNetWorker(sql: postgres.Sql, { intervalMs = 500 } = {}): () => Promise<void> {
  let stopped = false;
  let claiming: Promise<void> | null = null;
  let kickedWhileClaiming = false;
  const inFlight = new Set<Promise<void>>();

  async function perform(req: Queued) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), req.timeout_milliseconds);
    try {
      const res = await fetch(req.url, {
        method: req.method, headers: req.headers, body: (req.body ?? undefined) as BodyInit | undefined, signal: controller.signal,
      });
      const content = await res.text();
      await sql`insert into net._http_response (id, status_code, content_type, headers, content, timed_out)
                values (${req.id}, ${res.status}, ${res.headers.get("content-type")},
                        ${sql.json(Object.fromEntries(res.headers))}, ${content}, false)`;
    } catch (error) {
      const timedOut = controller.signal.aborted;
      await sql`insert into net._http_response (id, timed_out, error_msg)
                values (${req.id}, ${timedOut}, ${timedOut ? "Timeout was reached" : String(error)})`;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Takes queued requests while there is room, and starts each without waiting for the others. */
  async function claim() {
    while (!stopped && inFlight.size < MAX_IN_FLIGHT) {
      const batch = await sql<Queued[]>`
        delete from net.http_request_queue where id in (
          select id from net.http_request_queue order by id limit ${MAX_IN_FLIGHT - inFlight.size} for update skip locked)
        returning *`;
      if (batch.length === 0) return;
      for (const req of batch) {
        const running: Promise<void> = perform(req)
          .catch((e) => console.error("net worker:", e))
          .finally(() => {
            inFlight.delete(running);
            kick();
          });
        inFlight.add(running);
      }
    }
  }

  function kick() {
    if (stopped) return;
    if (claiming) {
      kickedWhileClaiming = true; // a request queued after claim's last look
      return;
    }
    claiming = claim().catch((e) => console.error("net worker:", e)).finally(() => {
      claiming = null;
      if (kickedWhileClaiming) {
        kickedWhileClaiming = false;
        kick();
      }
    });
  }
  const timer = setInterval(kick, intervalMs);
  const listening = sql.listen("net_http_request", kick).catch((e) => console.error("net worker listen:", e));
  kick();

  return async () => {
    stopped = true;
    clearInterval(timer);
    await listening.then((l) => l?.unlisten()).catch(() => {});
    await claiming;
    // Requests still running get a moment to record their answers; pg_net loses them on a restart too.
    let grace: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.all(inFlight), new Promise((r) => (grace = setTimeout(r, 2_000)))]);
    clearTimeout(grace);
  };
}
