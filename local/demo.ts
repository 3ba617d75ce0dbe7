// Demo data for a local stack: one agency, two clients with realistic
// customers and 90 days of score history, an owner and a member, one API key
// per client. Passwords and keys are generated per install and written to
// demo.json beside the cluster (git-ignored), the facts `npm start` prints.
import postgres from "postgres";
import bcrypt from "bcryptjs";
import { defaultSettings, scoreSignals, type Signals } from "@shared/index.ts";
import { rescoreCustomers } from "../supabase/functions/_shared/rescore.ts";
import type { Tx } from "../supabase/functions/_shared/db.ts";

const AGENCY = "Northwind Success Partners";
const EMAIL_DOMAIN = "demo.pulseboard.local";
const CLIENTS = [
  { name: "Brightside Software", customers: 300, managers: ["Sarah Chen", "Marcus Webb", "Priya Patel", "Tom Alvarez", "Lena Fischer"] },
  { name: "Cobalt Health", customers: 120, managers: ["Dana Brooks", "Omar Haddad", "Julia Novak"] },
];

export type Demo = {
  url: string; anonKey: string; dbUrl: string;
  users: { email: string; password: string; role: string; clientId?: string }[];
  clients: { id: string; name: string; apiKey: string; customers: number }[];
};

/** A small seeded PRNG, so a demo looks the same on every machine (mulberry32). */
function prng(seed: number) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const randomHex = (bytes: number) => Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
const randomPassword = () => `pb-${randomHex(6)}`;

async function sha256Hex(text: string) {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}

const prefixes = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay", "Soylent", "Tyrell",
  "Cyberdyne", "Wonka", "Gringotts", "Oceanic", "Aperture", "Monarch", "Pied Piper", "Massive", "Dunder", "Prestige",
  "Blue Sun", "Nakatomi", "Virtucon", "Bluth", "Sterling", "Rekall", "Zorg", "Ollivander", "Krusty", "Duff", "Gekko",
  "Altamira", "Borealis", "Cascade", "Driftwood", "Evergreen", "Foxglove", "Granite", "Harbor", "Ironwood", "Juniper"];
const suffixes = ["Corp", "Labs", "Systems", "Group", "Logistics", "Health", "Foods", "Analytics", "Retail", "Media",
  "Energy", "Capital", "Studios", "Robotics", "Partners", "Networks", "Clinics", "Supply", "Works", "Dynamics"];
const tagPool = ["vip", "beta", "upsell", "champion-left", "integration", "emea", "na", "apac", "pilot", "reference"];

/** One customer: signals drawn around a latent health so the bands spread as in a real book. */
function makeCustomer(rand: () => number, i: number, managers: string[], today: Date) {
  const health = Math.min(1, Math.max(0, 0.12 + rand() * 0.7 + rand() * 0.3));
  const tierRoll = rand();
  const tier = tierRoll < 0.5 ? "smb" : tierRoll < 0.85 ? "mid" : "enterprise";
  const base = { smb: 400, mid: 2500, enterprise: 9000 }[tier];
  const mrr = Math.round(base * (0.5 + rand() * 1.5) / 10) * 10;
  const jitter = (n: number) => n + (rand() - 0.5) * 0.3;
  const signals = {
    logins: Math.max(0, Math.round(jitter(health) * 34)),
    adoption: Math.min(100, Math.max(0, Math.round(jitter(health) * 100))),
    tickets: Math.max(0, Math.round((1 - jitter(health)) * 6)),
    nps: Math.min(10, Math.max(0, Math.round(jitter(health) * 10))),
    days: Math.max(0, Math.round((1 - jitter(health)) * 120)),
    growth: health > 0.75 ? "strong" : health > 0.45 ? "mild" : "none",
    csat: rand() < 0.4 ? Math.min(5, Math.max(1, Math.round(jitter(health) * 4 + 1))) : null,
  };
  const lifeRoll = rand();
  const lifecycle = lifeRoll < 0.08 ? "onboarding" : lifeRoll < 0.12 ? "won" : lifeRoll < 0.15 ? "churned" : "active";
  const days = (n: number) => new Date(today.getTime() + n * 86_400_000).toISOString().slice(0, 10);
  const tags = tagPool.filter(() => rand() < 0.15);
  return {
    name: `${prefixes[i % prefixes.length]} ${suffixes[Math.floor(i / prefixes.length) % suffixes.length]}${i >= prefixes.length * suffixes.length ? ` ${i}` : ""}`,
    manager: managers[Math.floor(rand() * managers.length)],
    tier, mrr, arr: mrr * 12, lifecycle, tags,
    renewal_date: days(Math.round(rand() * 400 - 30)),
    next_touch: days(Math.round(rand() * 30)),
    customer_since: days(-Math.round(200 + rand() * 1500)),
    sentiment: health > 0.6 ? "positive" : health > 0.35 ? "neutral" : "negative",
    logins: signals.logins, adoption: signals.adoption, tickets: signals.tickets, nps: signals.nps,
    nps_category: signals.nps >= 9 ? "promoter" : signals.nps >= 7 ? "passive" : "detractor",
    csat: signals.csat, days_since_contact: signals.days, contact_baseline_at: today,
    growth: signals.growth,
  };
}

/** 90 days of history: a walk from an earlier state to today's signals, scored by the engine. */
function historyOf(rand: () => number, c: ReturnType<typeof makeCustomer>, today: Date) {
  const points = 4 + Math.floor(rand() * 8);
  const drift = (rand() - 0.5) * 0.6;
  const out = [];
  for (let p = points; p >= 1; p--) {
    const t = p / points;
    const f = 1 + drift * t;
    const signals: Signals = {
      logins: Math.max(0, Math.round(c.logins * f)), adoption: Math.min(100, Math.max(0, Math.round(c.adoption * f))),
      tickets: Math.max(0, Math.round(c.tickets / f)), nps: c.nps, csat: c.csat, growth: c.growth as Signals["growth"],
      days: Math.max(0, Math.round(c.days_since_contact * (1 + t / 2))),
    };
    const r = scoreSignals(signals, defaultSettings);
    const at = new Date(today.getTime() - Math.round(t * 90 * 86_400_000));
    out.push({ score: r.score, status: r.band, signals: { ...signals, nps_category: c.nps_category }, created_at: at });
  }
  return out;
}

export async function seedDemo(o: { dbUrl: string; url: string; anonKey: string; path: string; replace?: boolean }): Promise<Demo> {
  const sql = postgres(o.dbUrl, { max: 1, onnotice: () => {} });
  const today = new Date();
  const rand = prng(20261124);
  try {
    const demo = await sql.begin(async (tx) => {
      if (o.replace) {
        await tx`delete from public.agencies where name = ${AGENCY}`;
        await tx`delete from auth.users where email like ${"%@" + EMAIL_DOMAIN}`;
      }
      const users = [
        { email: `owner@${EMAIL_DOMAIN}`, password: randomPassword(), role: "owner" },
        { email: `member@${EMAIL_DOMAIN}`, password: randomPassword(), role: "member" },
      ] as Demo["users"];
      const userIds: string[] = [];
      for (const u of users) {
        const [row] = await tx`
          insert into auth.users (email, encrypted_password, email_confirmed_at, raw_app_meta_data)
          values (${u.email}, ${bcrypt.hashSync(u.password, 10)}, now(), ${tx.json({ provider: "email", providers: ["email"] })})
          returning id`;
        userIds.push(row.id);
      }
      const [agency] = await tx`insert into public.agencies (name) values (${AGENCY}) returning id`;
      await tx`insert into public.agency_members (agency_id, user_id, role)
               values (${agency.id}, ${userIds[0]}, 'owner'), (${agency.id}, ${userIds[1]}, 'member')`;

      const clients: Demo["clients"] = [];
      for (const spec of CLIENTS) {
        const [client] = await tx`insert into public.clients (agency_id, name) values (${agency.id}, ${spec.name}) returning id`;
        const apiKey = `pb_${randomHex(20)}`;
        await tx`insert into public.api_keys (client_id, key_hash, prefix, label, created_by)
                 values (${client.id}, ${await sha256Hex(apiKey)}, ${apiKey.slice(0, 10)}, 'Demo key (Zapier)', ${userIds[0]})`;
        const customers = Array.from({ length: spec.customers }, (_, i) => ({ ...makeCustomer(rand, i, spec.managers, today), client_id: client.id }));
        const ids = await tx`insert into public.customers ${tx(customers)} returning id`;
        const history = customers.flatMap((c, i) => historyOf(rand, c, today).map((h) => ({
          client_id: client.id, customer_id: ids[i].id, score: h.score, status: h.status, reason: "backfill",
          signals: h.signals, config_version: 1, created_at: h.created_at,
        })));
        for (let at = 0; at < history.length; at += 1000) {
          await tx`insert into public.score_history ${tx(history.slice(at, at + 1000))}`;
        }
        await rescoreCustomers(tx as unknown as Tx, { clientId: client.id, reason: "import", now: today });
        // The charts' daily rollups at once, not at the job's next five-minute run (issue 18).
        await tx`select private.rebuild_rollups(${client.id})`;
        clients.push({ id: client.id, name: spec.name, apiKey, customers: spec.customers });
      }
      await tx`insert into public.client_members (client_id, user_id, role) values (${clients[0].id}, ${userIds[1]}, 'manager')`;
      users[1].clientId = clients[0].id;
      return { url: o.url, anonKey: o.anonKey, dbUrl: o.dbUrl, users, clients };
    });
    await Deno.writeTextFile(o.path, JSON.stringify(demo, null, 2), { mode: 0o600 });
    return demo;
  } finally {
    await sql.end();
  }
}
