// The private cluster is Postgres 15 with pg_cron loaded, and net.http_post
// reaches a real HTTP receiver through the gateway's worker, after commit.
import { createServer, type IncomingMessage } from "node:http";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../../stack/context.ts";
import { waitFor } from "../../stack/wait-for.ts";

type Received = { method?: string; url?: string; headers: IncomingMessage["headers"]; body: string };

describe("database with pg_cron and pg_net's interface", () => {
  const sql = postgres(stack().dbUrl, { max: 2, onnotice: () => {} });
  const received: Received[] = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(201, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  let receiverUrl = "";

  beforeAll(async () => {
    await new Promise<void>((ok) => receiver.listen(0, "127.0.0.1", ok));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await sql.end();
    receiver.close();
  });


  test("the server is Postgres 15 and pg_cron is preloaded and installed", async () => {
    const [{ server_version }] = await sql`show server_version`;
    expect(server_version, "the local cluster is Postgres 15, as Supabase's").toMatch(/^15\./);
    const [{ shared_preload_libraries }] = await sql`show shared_preload_libraries`;
    expect(shared_preload_libraries).toContain("pg_cron");
    const [ext] = await sql`select extversion from pg_extension where extname = 'pg_cron'`;
    expect(ext, "the migrations create the pg_cron extension").toBeDefined();
  });

  test("net.http_post delivers only after commit and records the response", async () => {
    const marker = `rolled-back-${Date.now()}`;
    await sql.begin(async (tx) => {
      await tx`select net.http_post(${receiverUrl + "/hook"}, ${tx.json({ marker })})`;
      await tx`select 1/0`;
    }).catch(() => {});
    const [{ id }] = await sql`select net.http_post(${receiverUrl + "/hook"}, ${sql.json({ hello: "world" })},
      headers => '{"Content-Type":"application/json","X-Probe":"yes"}'::jsonb) as id`;
    const response = await waitFor(async () => {
      const [row] = await sql`select status_code, content from net._http_response where id = ${id}`;
      return row;
    }, 10_000);
    expect(response?.status_code, "the worker records the receiver's status").toBe(201);
    const hit = received.find((r) => r.body.includes("world"));
    expect(hit?.method).toBe("POST");
    expect(hit?.headers["x-probe"], "custom headers are sent").toBe("yes");
    expect(JSON.parse(hit!.body)).toEqual({ hello: "world" });
    expect(received.some((r) => r.body.includes(marker)), "a rolled-back request is never sent").toBe(false);
  });

  test("an unreachable receiver is recorded as an error, not retried", async () => {
    const [{ id }] = await sql`select net.http_post('http://127.0.0.1:9/nowhere') as id`;
    const response = await waitFor(async () => {
      const [row] = await sql`select status_code, error_msg from net._http_response where id = ${id}`;
      return row;
    }, 10_000);
    expect(response?.status_code).toBeNull();
    expect(response?.error_msg, "the failure is written down").toBeTruthy();
  });

  test("a pg_cron job runs on schedule and can ring net.http_post", { timeout: 90_000 }, async () => {
    const job = `probe-${Date.now()}`;
    await sql`select cron.schedule(${job}, '* * * * *',
      ${`select net.http_post('${receiverUrl}/cron', '{"from":"pg_cron"}'::jsonb)`})`;
    try {
      const run = await waitFor(async () => {
        const [row] = await sql`select d.status from cron.job_run_details d join cron.job j using (jobid)
                                where j.jobname = ${job} and d.status = 'succeeded'`;
        return row;
      }, 75_000);
      expect(run?.status, "pg_cron ran the job within a minute").toBe("succeeded");
      const hit = await waitFor(async () => received.find((r) => r.url === "/cron"), 10_000);
      expect(JSON.parse(hit!.body)).toEqual({ from: "pg_cron" });
    } finally {
      await sql`select cron.unschedule(${job})`;
    }
  });
});
