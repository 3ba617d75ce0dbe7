// Alerts on a client of 100,000 customers, server included (isolated stack):
//  - the daily recomputation (private.recompute_alerts over the whole client
//    at the next day's instant: renewals a day nearer, quiet days one more,
//    ended snoozes back), beside its floor: one SQL statement that computes
//    the same rules for every customer and writes nothing;
//  - the same recomputation when nothing changed (the job run twice);
//  - the Alerts page's first view in Chromium: from a click on "Alerts" in
//    the sidebar, and from a full load of /alerts, to the first alert on screen;
//    and cold: the first view of all, then the first view after each of a
//    few customer writes (nothing cached can serve it).
// Self-contained: starts its own isolated stack, seeds it (bench/load.mjs;
// the seed's insert raises the alerts through the trigger), measures, stops.
// Needs the dashboard built (npm run build).
//
//   node bench/alerts/run.mjs [--customers 100000] [--rounds 5]
import { parseArgs } from "node:util";
import postgres from "postgres";
import { launch, shown, signIn } from "../browser.mjs";
import { startIsolatedStack } from "../../local/isolated-stack.mjs";
import { fmt, machine, makeOwner, seed, summarize } from "../load.mjs";

const { values: args } = parseArgs({
  options: { customers: { type: "string", default: "100000" }, rounds: { type: "string", default: "5" } },
});
const CUSTOMERS = Number(args.customers);
const ROUNDS = Number(args.rounds);
const TARGET_DAILY_MS = 10_000;
const TARGET_FIRST_VIEW_MS = 1000;
const DAY_MS = 86_400_000;

const firstAlert = (page) => shown(page, "article.alert-item");

async function timed(work) {
  const t = performance.now();
  const result = await work();
  return { ms: performance.now() - t, result };
}

/** The API requests `work` makes, each with its action, start and duration (ms from the start of `work`). */
async function requestsOf(page, work) {
  const started = new Map(), done = [];
  const t0 = performance.now();
  const onRequest = (r) => started.set(r, performance.now() - t0);
  const onFinished = (r) => {
    if (!r.url().includes("/functions/v1/")) return;
    const url = new URL(r.url());
    const action = url.searchParams.get("action") ?? (() => { try { return JSON.parse(r.postData() ?? "{}").action; } catch { return undefined; } })();
    const start = started.get(r) ?? 0;
    done.push({ name: action ?? url.pathname, start, ms: performance.now() - t0 - start });
  };
  page.on("request", onRequest);
  page.on("requestfinished", onFinished);
  await work();
  const total = performance.now() - t0;
  page.off("request", onRequest);
  page.off("requestfinished", onFinished);
  return [...done.sort((a, b) => a.start - b.start), { name: "first alert on screen", start: total, ms: 0 }];
}

async function main() {
  console.error("starting an isolated stack…");
  const { info, stop } = await startIsolatedStack({ demo: false, prefix: "pulseboard-bench-alerts-" });
  const sql = postgres(info.dbUrl, { max: 4, onnotice: () => {} });
  const browser = await launch();
  try {
    const seeded = await timed(() => seed(sql, CUSTOMERS));
    const { clientId } = seeded.result;
    const [{ alerts }] = await sql`select count(*)::int as alerts from public.alerts where client_id = ${clientId} and state = 'active'`;
    console.error(`seeded ${CUSTOMERS} customers and ${alerts} alerts in ${(seeded.ms / 1000).toFixed(1)} s`);
    await sql`vacuum analyze public.alerts`;
    const [{ server_version: pg }] = await sql`show server_version`;

    // The floor: the rules for every customer in one statement, nothing written.
    const floor = [];
    for (let i = 0; i < ROUNDS; i++) {
      floor.push((await timed(() => sql`
        select x.rule, x.severity, count(*) from public.customers c
        cross join (select private.alert_thresholds(s) as t from public.client_settings s where s.client_id = ${clientId}) th
        cross join lateral private.alert_conditions(c, th.t, now() + make_interval(days => ${i + 1})) x
        where c.client_id = ${clientId} group by 1, 2`)).ms);
    }
    // The daily job, one day later each round, then again at the same instant (nothing to write).
    const daily = [], again = [], written = [];
    for (let i = 0; i < ROUNDS; i++) {
      const at = new Date(Date.now() + (i + 1) * DAY_MS);
      const run = await timed(() => sql`select private.recompute_alerts(${clientId}, null, ${at}, 'system') as n`);
      daily.push(run.ms);
      written.push(run.result[0].n);
      again.push((await timed(() => sql`select private.recompute_alerts(${clientId}, null, ${at}, 'system')`)).ms);
    }
    // Back to today, so the page shows today's alerts.
    await sql`select private.recompute_alerts(${clientId}, null, now(), 'system')`;
    await sql`vacuum analyze public.alerts`;
    const [{ open }] = await sql`select count(*)::int as open from public.alerts where client_id = ${clientId} and state <> 'resolved'`;

    const user = await makeOwner(info, sql, clientId, "alerts");
    const context = await browser.newContext({ baseURL: info.url, viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await signIn(page, user);
    const alertsLink = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Alerts/ });
    // The first view of all, before list_alerts has the client's figures (a cold cache).
    const cold = [(await timed(async () => {
      await alertsLink.click();
      await firstAlert(page);
    })).ms];
    // The first view after a change: one customer's write (as Zapier's pushes
    // do all day) moves the stamp, so nothing cached serves the view.
    for (let i = 0; i < ROUNDS * 2; i++) {
      await page.goto("/home");
      await alertsLink.waitFor();
      await sql`update public.customers set mrr = mrr + 10 where id = (
                  select id from public.customers where client_id = ${clientId} order by id offset ${i * 97} limit 1)`;
      cold.push((await timed(async () => {
        await alertsLink.click();
        await firstAlert(page);
      })).ms);
    }

    const clicked = [], loaded = [];
    let waterfall = [];
    for (let i = 0; i < ROUNDS * 2; i++) {
      await page.goto("/home");
      await alertsLink.waitFor();
      let t = performance.now();
      await alertsLink.click();
      await firstAlert(page);
      clicked.push(performance.now() - t);
      if (i === ROUNDS * 2 - 1) waterfall = await requestsOf(page, async () => {
        await page.goto("/home");
        await alertsLink.click();
        await firstAlert(page);
      });
      t = performance.now();
      await page.goto("/alerts");
      await firstAlert(page);
      loaded.push(performance.now() - t);
    }
    await context.close();

    const m = machine(pg);
    const f = summarize(floor, 1, 0), d = summarize(daily, 1, 0), a = summarize(again, 1, 0);
    const c = summarize(clicked, 1, 0), l = summarize(loaded, 1, 0), k = summarize(cold, 1, 0);
    console.log([
      `machine: ${m.cpu} × ${m.cores} cores, ${m.ram} RAM, ${m.os}; node ${m.node}, ${m.deno}, Postgres ${m.postgres}; Chromium ${browser.version()}`,
      `load average at the end (1 / 5 / 15 min): ${m.load} — other work on the machine competes with the bench`,
      `client: ${CUSTOMERS} customers, ${alerts} active alerts after the seed, ${open} open on the page; seed with its alerts ${(seeded.ms / 1000).toFixed(1)} s`,
      `rows written by each next-day recomputation: ${written.join(", ")}`,
      "",
      "| measure | samples | p50 ms | p95 ms | max ms | target |",
      "|---|---:|---:|---:|---:|---|",
      `| floor: the rules for every customer in one select | ${f.count} | ${fmt(f.p50)} | ${fmt(f.p95)} | ${fmt(f.max)} | — |`,
      `| daily recomputation, next day | ${d.count} | ${fmt(d.p50)} | ${fmt(d.p95)} | ${fmt(d.max)} | ≤ ${TARGET_DAILY_MS} ms → ${d.max <= TARGET_DAILY_MS ? "met" : "MISSED"} (${fmt(d.p50 / f.p50)}× the floor) |`,
      `| daily recomputation, nothing changed | ${a.count} | ${fmt(a.p50)} | ${fmt(a.p95)} | ${fmt(a.max)} | — |`,
      `| Alerts page: first alert after clicking Alerts | ${c.count} | ${fmt(c.p50)} | ${fmt(c.p95)} | ${fmt(c.max)} | ≤ ${TARGET_FIRST_VIEW_MS} ms → ${c.max <= TARGET_FIRST_VIEW_MS ? "met" : "MISSED"} |`,
      `| Alerts page: first alert after clicking Alerts, cold (the first view of all, then each after a customer's write) | ${k.count} | ${fmt(k.p50)} | ${fmt(k.p95)} | ${fmt(k.max)} | ≤ ${TARGET_FIRST_VIEW_MS} ms → ${k.max <= TARGET_FIRST_VIEW_MS ? "met" : "MISSED"} |`,
      `| Alerts page: first alert after loading /alerts | ${l.count} | ${fmt(l.p50)} | ${fmt(l.p95)} | ${fmt(l.max)} | ≤ ${TARGET_FIRST_VIEW_MS} ms → ${l.max <= TARGET_FIRST_VIEW_MS ? "met" : "MISSED"} |`,
      "",
      "requests of one click on Alerts from Home (start → duration, ms):",
      ...waterfall.map((r) => `  +${fmt(r.start, 0).padStart(5)}  ${fmt(r.ms, 0).padStart(5)}  ${r.name}`),
    ].join("\n"));
  } finally {
    await browser.close();
    await sql.end({ timeout: 2 });
    await stop();
  }
}

await main();
