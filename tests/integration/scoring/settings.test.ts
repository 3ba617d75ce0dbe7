// Changing a client's weights or profiles rescores the client in the same
// call, under a new configuration version that the scores, the history and
// config_history all record. Invalid weights and API keys change nothing.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  defaultSettings, effectiveSettings, scoreSignals, type ScoringProfile, type Settings, type Signals, type Weights,
} from "../../../shared/index.ts";
import { stack } from "../../stack/context.ts";
import { customerRow, historyOf, makeWorld, type World } from "./world.ts";

let w: World;
const accounts: { id: string; signals: Signals }[] = [];
const pushed = [
  { logins: 28, adoption: 85, tickets: 0, nps: 10, days: 3, growth: "strong" },
  { logins: 9, adoption: 35, tickets: 3, nps: 7, days: 45, growth: "mild" },
  { logins: 1, adoption: 5, tickets: 6, nps: 2, days: 150, growth: "none", csat: 2 },
] as const;

beforeAll(async () => {
  w = await makeWorld("settings");
  for (const [i, p] of pushed.entries()) {
    const res = await w.api("upsert_account", { name: `Account ${i} ${w.suffix}`, ...p });
    if (res.status !== 201) throw new Error(`seeding failed: ${JSON.stringify(res.body)}`);
    accounts.push({ id: res.body.customer.id, signals: { ...p, npsCategory: p.nps >= 9 ? "promoter" : p.nps >= 7 ? "passive" : "detractor" } });
  }
});
afterAll(async () => {
  await w?.end();
});

async function settingsRow() {
  const [row] = await w.sql`select version, weights from public.client_settings where client_id = ${w.clientId}`;
  return row as { version: number; weights: Weights };
}

async function historyCount() {
  const [{ n }] = await w.sql`select count(*)::int as n from public.score_history where client_id = ${w.clientId}`;
  return n as number;
}

describe("client weights", () => {
  const weights: Weights = { logins: 40, adoption: 20, tickets: 10, nps: 10, csat: 0, days: 10, growth: 10 };

  test("saving weights bumps the version and rescores every customer in the same call", async () => {
    const before = await settingsRow();
    const res = await w.scoring("update_settings", { weights });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const version = before.version + 1;
    expect(res.body.version, "the settings version moves by one").toBe(version);
    expect(res.body.rescored, "every live customer was rewritten, in one batch").toEqual({ scanned: accounts.length, updated: accounts.length, skipped: 0, batches: 1 });
    expect((await settingsRow()).weights).toEqual(weights);

    const settings: Settings = { ...defaultSettings, weights };
    for (const a of accounts) {
      const row = await customerRow(w.sql, a.id);
      const expected = scoreSignals(a.signals, settings);
      expect(row.score, "the score is the engine's under the new weights").toBeCloseTo(expected.score!, 4);
      expect(row.status).toBe(expected.band);
      expect(row.config_version, "the customer records the new version").toBe(version);
      const last = (await historyOf(w.sql, a.id)).at(-1)!;
      expect(last, "a config_change history row under the new version").toMatchObject({ reason: "config_change", config_version: version });
      expect(last.score).toBeCloseTo(expected.score!, 4);
    }

    const [history] = await w.sql`select settings from public.config_history where client_id = ${w.clientId} and version = ${version}`;
    expect(history?.settings.weights, "config_history keeps the version with its weights").toEqual(weights);
  });

  test("weights that do not total 100 are refused with a 400 naming weights, and nothing changes", async () => {
    const before = await settingsRow();
    const historyBefore = await historyCount();
    const [{ n: versionsBefore }] = await w.sql`select count(*)::int as n from public.config_history where client_id = ${w.clientId}`;
    const res = await w.scoring("update_settings", { weights: { ...weights, logins: 39 } });
    expect(res.status).toBe(400);
    expect(res.body.error.field, "the error names the weights").toBe("weights");
    expect(res.body.error.message).toMatch(/total 100/);
    expect(await settingsRow(), "weights and version are unchanged").toEqual(before);
    expect(await historyCount(), "no score history was written").toBe(historyBefore);
    const [{ n: versionsAfter }] = await w.sql`select count(*)::int as n from public.config_history where client_id = ${w.clientId}`;
    expect(versionsAfter, "no configuration version was recorded").toBe(versionsBefore);
  });

  test("an API key cannot change settings or rescore the client", async () => {
    const before = await settingsRow();
    for (const action of ["update_settings", "rescore_client", "save_profile", "delete_profile"]) {
      const res = await w.post("scoring", { action, weights: defaultSettings.weights, name: "x" }, { "x-api-key": w.apiKey });
      expect(res.status, `${action} is for dashboard users`).toBe(403);
      expect(res.body.error.field).toBe("action");
    }
    expect(await settingsRow(), "nothing changed").toEqual(before);
  });

  test("restoring the default weights scores every customer as the defaults do", async () => {
    const res = await w.scoring("update_settings", { weights: defaultSettings.weights });
    expect(res.status).toBe(200);
    for (const a of accounts) {
      expect((await customerRow(w.sql, a.id)).score).toBeCloseTo(scoreSignals(a.signals, defaultSettings).score!, 4);
    }
  });
});

describe("scoring profiles", () => {
  const profile: ScoringProfile = {
    name: `Product-led ${Math.random().toString(36).slice(2, 8)}`,
    weights: { logins: 50, adoption: 50, tickets: 0, nps: 0, csat: 0, days: 0, growth: 0 },
  };

  test("a saved profile assigned to a customer scores it with the profile's weights, and only it", async () => {
    const before = await settingsRow();
    const saved = await w.scoring("save_profile", profile);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await settingsRow()).version, "a profile change is a new configuration version").toBe(before.version + 1);

    const [target, other] = accounts;
    const res = await w.api("upsert_account", { id: target.id, scoring_profile: profile.name.toUpperCase() });
    expect(res.status, "profiles are found by case-insensitive name").toBe(200);
    const expected = scoreSignals(target.signals, effectiveSettings(defaultSettings, profile));
    expect(res.body.customer.scoring_profile).toBe(profile.name);
    expect(res.body.customer.score_exact, "logins and adoption alone decide").toBeCloseTo(expected.score!, 4);
    expect(res.body.customer.status).toBe(expected.band);
    expect(expected.score, "the profile really changes this customer's score")
      .not.toBeCloseTo(scoreSignals(target.signals, defaultSettings).score!, 1);

    const got = await w.api("get_customer", { id: target.id });
    const weightsShown = Object.fromEntries(got.body.customer.explanation.map((e: { signal: string; weight: number }) => [e.signal, e.weight]));
    expect(weightsShown, "the explanation shows the profile's weights").toEqual(profile.weights);

    expect((await customerRow(w.sql, other.id)).score, "a customer without the profile keeps the client's weights")
      .toBeCloseTo(scoreSignals(other.signals, defaultSettings).score!, 4);
  });

  test("get_settings hands a signed-in user the settings and profiles the server scores with; an API key is refused", async () => {
    const res = await w.scoring("get_settings");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const row = await settingsRow();
    expect(res.body.version, "the configuration version in force").toBe(row.version);
    expect(res.body.settings.weights, "the client's saved weights").toEqual(row.weights);
    const listed = res.body.profiles.find((p: ScoringProfile) => p.name === profile.name);
    expect(listed?.weights, "the saved profile with its weights").toEqual(profile.weights);

    // The browser previews with effectiveSettings(settings, profile): that must be the stored score.
    const [target] = accounts;
    const preview = scoreSignals(target.signals, effectiveSettings(res.body.settings, listed));
    expect((await customerRow(w.sql, target.id)).score, "the preview from these settings is the stored score").toBeCloseTo(preview.score!, 4);

    const byKey = await w.post("scoring", { action: "get_settings" }, { "x-api-key": w.apiKey });
    expect(byKey.status, "a dashboard action refuses API keys").toBe(403);
  });

  test("deleting the profile rescores its customers back to the client's weights", async () => {
    const [target] = accounts;
    const before = await settingsRow();
    const res = await w.scoring("delete_profile", { name: profile.name });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const row = await customerRow(w.sql, target.id);
    expect(row.scoring_profile_id, "the assignment is cleared").toBeNull();
    expect(row.score).toBeCloseTo(scoreSignals(target.signals, defaultSettings).score!, 4);
    expect(row.config_version).toBe(before.version + 1);
    const last = (await historyOf(w.sql, target.id)).at(-1)!;
    expect(last).toMatchObject({ reason: "config_change", config_version: before.version + 1 });

    const again = await w.scoring("delete_profile", { name: profile.name });
    expect(again.status, "a profile that is gone is a 404 naming the name").toBe(404);
    expect(again.body.error.field).toBe("name");
  });
});

describe("a client larger than one rescore batch", () => {
  // The test stack runs with small batches (global-setup), so a few dozen
  // customers span several transactions.
  let big: World;
  const ids: string[] = [];
  const size = () => stack().rescoreBatchSize;

  beforeAll(async () => {
    big = await makeWorld("batches");
    const count = Math.floor(size() * 2.5);
    const rows = Array.from({ length: count }, (_, i) => ({ name: `Batch ${i}`, logins: i % 31, adoption: (i * 7) % 101, tickets: i % 6, days: i * 3 }));
    const res = await big.api("upsert_accounts", { accounts: rows });
    if (res.status !== 200) throw new Error(`seeding failed: ${JSON.stringify(res.body)}`);
    ids.push(...(await big.sql`select id from public.customers where client_id = ${big.clientId}`).map((r) => r.id as string));
    await big.sql`update public.customers set lifecycle = 'churned' where id = ${ids[0]}`;
  });
  afterAll(async () => {
    await big?.end();
  });

  test("saving weights rescores every scorable customer exactly once, batch by batch, under the new version", async () => {
    const weights: Weights = { logins: 10, adoption: 10, tickets: 10, nps: 0, csat: 0, days: 60, growth: 10 };
    const res = await big.scoring("update_settings", { weights });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const scorable = ids.length - 1;
    expect(res.body.rescored, "the churned customer is left out; the rest span three batches")
      .toEqual({ scanned: scorable, updated: scorable, skipped: 0, batches: Math.ceil(scorable / size()) });

    const rows = await big.sql`
      select c.id, c.lifecycle, c.config_version,
             (select count(*)::int from public.score_history h
              where h.customer_id = c.id and h.reason = 'config_change' and h.config_version = ${res.body.version}) as entries
      from public.customers c where c.client_id = ${big.clientId}`;
    for (const row of rows) {
      const churned = row.lifecycle === "churned";
      expect(row.config_version === res.body.version, `${row.id}: on the new version unless churned`).toBe(!churned);
      expect(row.entries, `${row.id}: one config_change history row unless churned`).toBe(churned ? 0 : 1);
    }

    const again = await big.scoring("rescore_client");
    expect(again.body, "nothing left to change: every row is skipped as unchanged")
      .toEqual({ scanned: scorable, updated: 0, skipped: 0, batches: Math.ceil(scorable / size()) });
  });
});

describe("a save sent again with its Idempotency-Key", () => {
  test("is saved once: the replay answers the first version, and its rescore changes nothing", async () => {
    const weights: Weights = { logins: 30, adoption: 30, tickets: 10, nps: 10, csat: 0, days: 10, growth: 10 };
    const body = { action: "update_settings", client_id: w.clientId, weights };
    const headers = { authorization: `Bearer ${w.ownerToken}`, "idempotency-key": `save-${w.suffix}` };
    const first = await w.post("scoring", body, headers);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const history = await historyCount();

    const replay = await w.post("scoring", body, headers);
    expect(replay.status).toBe(200);
    expect(replay.body.version, "the first save's version, not a new one").toBe(first.body.version);
    expect((await settingsRow()).version, "the settings were written once").toBe(first.body.version);
    expect(replay.body.rescored.updated, "the replay's rescore found nothing to change").toBe(0);
    expect(await historyCount(), "no history from the replay").toBe(history);

    const other = await w.post("scoring", { ...body, weights: defaultSettings.weights }, headers);
    expect(other.status, "the same key with another body is refused").toBe(422);
  });
});
