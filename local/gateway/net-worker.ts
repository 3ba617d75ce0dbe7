// Performs what net.http_post / net.http_get queued, as pg_net does: after
// commit, once, recording each response (or timeout/error) in
// net._http_response. It never retries: callers treat it as a doorbell.
import type postgres from "postgres";

type Queued = { id: number; method: string; url: string; headers: Record<string, string>; body: Uint8Array | null; timeout_milliseconds: number };

export function startNetWorker(sql: postgres.Sql, { intervalMs = 500 } = {}): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> | null = null;

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

  async function drain() {
    while (!stopped) {
      const batch = await sql<Queued[]>`
        delete from net.http_request_queue where id in (
          select id from net.http_request_queue order by id limit 50 for update skip locked)
        returning *`;
      if (batch.length === 0) return;
      await Promise.all(batch.map(perform));
    }
  }

  const kick = () => {
    if (!running && !stopped) running = drain().catch((e) => console.error("net worker:", e)).finally(() => (running = null));
  };
  const timer = setInterval(kick, intervalMs);
  const listening = sql.listen("net_http_request", kick).catch((e) => console.error("net worker listen:", e));
  kick();

  return async () => {
    stopped = true;
    clearInterval(timer);
    await listening.then((l) => l?.unlisten()).catch(() => {});
    await running;
  };
}
