// Daily decay: days since contact follow the calendar and scores follow the
// days, idempotently; only the cron secret may start it; and the pg_cron job
// reaches the function through Vault and net.http_post end to end.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bandOf, defaultSettings, scoreSignals, type Signals } from "../../../shared/index.ts";
import { cronSecret, customerRow, historyOf, makeWorld, type World } from "./world.ts";
import { waitFor } from "../../stack/wait-for.ts";

let w: World;
let secret: string;
const accounts: { id: string; signals: Signals }[] = [];
// From fresh contact to long past the point where days map to 0, plus one without days.
const pushed = [
  { logins: 20, adoption: 70, tickets: 1, nps: 9, days: 0, growth: "strong" },
  { logins: 10, adoption: 50, tickets: 2, nps: 7, days: 60, growth: "mild" },
  { logins: 4, adoption: 20, tickets: 4, nps: 4, days: 175, growth: "none" },
  { logins: 15, adoption: 40, tickets: 1, nps: 8, days: 400, growth: "mild" },
  { logins: 15, adoption: 40, tickets: 1, nps: 8, growth: "mild" },
  // Days alone: Watch now, At Risk after ten more days (checked below with the engine).
  { days: 85 },
] as const;

const category = (nps?: number) => (nps === undefined ? undefined : nps >= 9 ? "promoter" : nps >= 7 ? "passive" : "detractor");

beforeAll(async () => {
  w = await makeWorld("decay");
  secret = await cronSecret(w.sql);
  for (const [i, p] of pushed.entries()) {
    const res = await w.api("upsert_account", { name: `Decaying ${i} ${w.suffix}`, ...p });
    if (res.status !== 201) throw new Error(`seeding failed: ${JSON.stringify(res.body)}`);
    const nps = "nps" in p ? p.nps : undefined;
    accounts.push({ id: res.body.customer.id, signals: { ...p, npsCategory: category(nps) } });
  }
});
afterAll(async () => {
  await w?.end();
});

const decay = (body: Record<string, unknown> = {}) => w.post("scoring", { action: "decay", ...body }, { "x-cron-secret": secret });

/** This client's scores and lifecycles, comparable as a whole. */
async function scores() {
  return w.sql`select id, score::float8 as score, status, lifecycle, scored_at from public.customers
               where client_id = ${w.clientId} order by id`;
}

describe("decay", () => {
  test("decay without the cron secret, or with a wrong one, is refused with 401", async () => {
    const none = await w.post("scoring", { action: "decay" });
    expect(none.status).toBe(401);
    expect(none.body.error.field).toBe("x-cron-secret");
    const wrong = await w.post("scoring", { action: "decay" }, { "x-cron-secret": `${secret}x` });
    expect(wrong.status).toBe(401);
    const asOwner = await w.post("scoring", { action: "decay" }, { authorization: `Bearer ${w.ownerToken}` });
    expect(asOwner.status, "a signed-in owner is not the scheduler either").toBe(401);
  });

  test("running decay twice for the same instant changes nothing the second time", async () => {
    const now = new Date().toISOString();
    const first = await decay({ now });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.clients, "every live client is visited").toBeGreaterThanOrEqual(1);
    const after = await scores();
    const second = await decay({ now });
    expect(second.status).toBe(200);
    expect(second.body.updated, "no row is written the second time").toBe(0);
    expect(second.body.scanned, "the same rows were looked at").toBe(first.body.scanned);
    expect(await scores(), "scores, bands and scored_at are identical").toEqual(after);
  });

  test("ten days later every customer's days are ten more and scores fall where days still count", async () => {
    const before = await Promise.all(accounts.map((a) => customerRow(w.sql, a.id)));
    const historyBefore = await Promise.all(accounts.map((a) => historyOf(w.sql, a.id)));
    // Ten days pass: the baselines were saved ten days earlier than they were.
    await w.sql`update public.customers set contact_baseline_at = contact_baseline_at - interval '10 days'
                where client_id = ${w.clientId} and contact_baseline_at is not null`;
    const res = await decay();
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    const listed = await w.api("list_customers", { limit: 100 });
    const daysNow = new Map(listed.body.customers.map((c: { id: string; days: number | null }) => [c.id, c.days]));
    for (const [i, a] of accounts.entries()) {
      const was = before[i];
      const row = await customerRow(w.sql, a.id);
      const days = a.signals.days == null ? null : a.signals.days + 10;
      expect(daysNow.get(a.id), `account ${i}: days since contact as the API reports them`).toBe(days);
      const expected = scoreSignals({ ...a.signals, days }, defaultSettings);
      expect(row.score, `account ${i}: the engine's score with ten more days`).toBeCloseTo(expected.score!, 4);
      expect(row.score, `account ${i}: decay never raises a score`).toBeLessThanOrEqual(was.score);
      const daysMapped = scoreSignals(a.signals, defaultSettings).explanation.find((e) => e.signal === "days")!.mapped;
      const history = await historyOf(w.sql, a.id);
      if (daysMapped !== null && daysMapped > 0 && defaultSettings.weights.days > 0) {
        expect(row.score, `account ${i}: days still mapped above 0, so the score falls`).toBeLessThan(was.score);
        expect(history, `account ${i}: one decay history row`).toHaveLength(historyBefore[i].length + 1);
        expect(history.at(-1)).toMatchObject({ reason: "decay", signals: expect.objectContaining({ days }) });
      } else {
        expect(row.score, `account ${i}: days already at 0 or absent, so the score holds`).toBe(was.score);
        expect(history, `account ${i}: no history without a change`).toHaveLength(historyBefore[i].length);
      }
    }
  });

  test("an active customer that decays into At Risk moves to the atrisk lifecycle", async () => {
    const i = accounts.length - 1;
    const a = accounts[i];
    const start = scoreSignals(a.signals, defaultSettings).band;
    const end = scoreSignals({ ...a.signals, days: a.signals.days! + 10 }, defaultSettings).band;
    expect([start, end], "the fixture crosses from Watch into At Risk").toEqual(["watch", "atrisk"]);
    const row = await customerRow(w.sql, a.id);
    expect(row.status).toBe("atrisk");
    expect(bandOf(row.score, defaultSettings.bands)).toBe("atrisk");
    expect(row.lifecycle, "active falls to atrisk with its band").toBe("atrisk");
  });
});

describe("the scheduled decay job", () => {

  test("pulseboard-decay runs daily at 03:15 and calls the scoring function through private.call_function", async () => {
    const [job] = await w.sql`select schedule, command, active from cron.job where jobname = 'pulseboard-decay'`;
    expect(job, "the job is scheduled by the migrations").toBeDefined();
    expect(job.schedule).toBe("15 3 * * *");
    expect(job.active).toBe(true);
    expect(job.command).toContain("private.call_function('scoring'");
    expect(job.command).toMatch(/"action":\s*"decay"/);
  });

  test("the job's command reaches the function with the Vault secret, and decay answers 200", { timeout: 60_000 }, async () => {
    const [job] = await w.sql`select command from cron.job where jobname = 'pulseboard-decay'`;
    // The job's own SQL, as pg_cron would run it; it returns pg_net's request id.
    const [row] = await w.sql.unsafe(job.command);
    const id = Object.values(row)[0] as string | null;
    expect(id, "a request was queued (Vault holds project_url and cron_secret)").toMatch(/^\d+$/);
    const response = await waitFor(async () => {
      const [r] = await w.sql`select status_code, content, error_msg from net._http_response where id = ${id}`;
      return r;
    }, 45_000);
    expect(response, "the gateway's worker performed the request").toBeDefined();
    expect(response!.error_msg ?? null).toBeNull();
    expect(response!.status_code, response!.content).toBe(200);
    const body = JSON.parse(response!.content);
    expect(body.clients, "decay visited at least this file's client").toBeGreaterThanOrEqual(1);
    expect(body.scanned).toBeGreaterThanOrEqual(accounts.length);
  });
});
