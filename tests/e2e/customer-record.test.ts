// The customer's record in Debian Chromium against the isolated stack: each
// tab its own URL; the Overview's stale marker, edit (with a refused field),
// delete and restore; notes, sentiment and contacts created, edited and
// deleted; two history entries compared; a viewer who can change nothing;
// and every tab at desktop and phone width, saved as screenshots.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../stack/context.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { accessToken, getCustomer, openCustomers, scoringAction, upsertAccount, writeAction } from "./dashboard.ts";

const tabs = ["Overview", "Notes", "Sentiment", "History", "Contacts"] as const;
const tabPath = (id: string, tab: (typeof tabs)[number]) => `/customers/${id}${tab === "Overview" ? "" : `/${tab.toLowerCase()}`}`;
const DAY = 86_400_000;

describe("the customer's record", () => {
  const { url, dbUrl, serviceRoleKey, demo } = stack();
  const owner = demo.users.find((u) => u.role === "owner")!;
  const client = demo.clients[0];
  const browser = useBrowser();
  const sql = postgres(dbUrl, { max: 2, onnotice: () => {} });
  const suffix = randomBytes(4).toString("hex");
  const viewer = { email: `viewer.${suffix}@record.test`, password: `pw-${randomBytes(8).toString("hex")}` };
  const made: string[] = [];

  /** A fresh customer of the demo client, removed after the file. */
  async function customer(name: string, fields: Record<string, unknown> = {}) {
    const c = await upsertAccount(url, client, { name: `${name} ${suffix}`, logins: 12, adoption: 40, tickets: 1, nps: 8, days: 5, growth: "mild", tier: "mid", mrr: 2400, renewal_date: new Date(Date.now() + 20 * DAY).toISOString().slice(0, 10), ...fields });
    made.push(c.id);
    return c;
  }

  /** Signs the owner in and opens one tab of the customer. */
  async function openTab(page: Page, id: string, tab: (typeof tabs)[number], user = owner) {
    await openCustomers(page, user, client);
    await page.goto(tabPath(id, tab));
    await page.getByRole("navigation", { name: "Customer record" }).waitFor();
  }

  beforeAll(async () => {
    // A viewer of the demo client: reads everything, may change nothing.
    const admin = { apikey: serviceRoleKey, authorization: `Bearer ${serviceRoleKey}`, "content-type": "application/json" };
    const user = await (await fetch(`${url}/auth/v1/admin/users`, {
      method: "POST", headers: admin, body: JSON.stringify({ ...viewer, email_confirm: true }),
    })).json();
    const [{ agency_id }] = await sql`select agency_id from public.clients where id = ${client.id}`;
    await sql`insert into public.agency_members (agency_id, user_id, role) values (${agency_id}, ${user.id}, 'member')`;
    await sql`insert into public.client_members (client_id, user_id, role) values (${client.id}, ${user.id}, 'viewer')`;
  });

  afterAll(async () => {
    for (const id of made) await writeAction(url, client, "delete_customer", { id }).catch(() => {});
    await sql.end();
  });

  test("each tab is its own URL, and the tab bar marks the open one", async () => {
    const c = await customer("E2E tabs");
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await openTab(page, c.id, "Overview");
      const nav = page.getByRole("navigation", { name: "Customer record" });
      for (const tab of tabs) {
        await nav.getByRole("link", { name: tab, exact: true }).click();
        await page.waitForURL(`**${tabPath(c.id, tab)}`);
        expect(await nav.getByRole("link", { name: tab, exact: true }).getAttribute("aria-current"), `${tab} is marked open`).toBe("page");
        await page.getByRole("heading", { level: 1, name: c.name }).waitFor();
      }
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("Overview: a signal older than the staleness window is marked stale, a fresh one is not", async () => {
    const c = await customer("E2E stale");
    // Adoption last changed 45 days ago (behind the API, triggers held for this one statement).
    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update public.customers set signal_updated_at = signal_updated_at || ${tx.json({ adoption: new Date(Date.now() - 45 * DAY).toISOString() })}
               where id = ${c.id}`;
    });
    const { page, close } = await openPage(browser(), url);
    try {
      await openTab(page, c.id, "Overview");
      const row = (signal: string) => page.locator("section", { has: page.getByRole("heading", { name: "Score explained" }) })
        .getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${signal}`) }) });
      await expect.poll(() => row("Adoption").innerText()).toContain("Stale");
      expect(await row("Adoption").innerText(), "how old it is").toContain("updated 45 days ago");
      await saveScreenshot(page, "record-stale");
      expect(await row("Logins").innerText(), "logins were just pushed").toContain("updated today");
      expect(await row("Logins").innerText()).not.toContain("Stale");
      await expect.poll(() => page.getByText("Signals not updated for more than 30 days are marked stale.").count()).toBe(1);
    } finally {
      await close();
    }
  });

  test("Overview: edit saves every changed field, names a refused field beside it, and delete then restore bring the customer back", async () => {
    const c = await customer("E2E edit");
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await openTab(page, c.id, "Overview");
      await page.getByRole("button", { name: "Edit customer" }).click();
      await page.getByLabel("Feature adoption %").fill("140");
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.getByText("adoption must be a number between 0 and 100").waitFor();
      await saveScreenshot(page, "record-edit-refused");
      await page.getByLabel("Feature adoption %").fill("65");
      await page.getByLabel("Manager").fill("Riley Chen");
      await page.getByLabel("Tags").fill("vip, emea");
      await page.getByLabel("Logins (30 days)").fill("28");
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.getByRole("heading", { name: "Account" }).waitFor();
      await expect.poll(() => page.locator("section", { has: page.getByRole("heading", { name: "Account" }) }).innerText()).toContain("Riley Chen");
      const saved = (await getCustomer(url, client, c.id)).customer;
      expect({ manager: saved.manager, tags: saved.tags, logins: saved.logins, adoption: saved.adoption }, "the API has the edits")
        .toEqual({ manager: "Riley Chen", tags: ["vip", "emea"], logins: 28, adoption: 65 });
      expect((await page.getByTestId("stored-score").innerText()).trim(), "the header shows the rescored score").toBe(String(saved.score));

      await page.getByRole("button", { name: "Delete customer" }).click();
      await page.getByRole("button", { name: "Yes, delete" }).click();
      await page.getByText("This customer was deleted. It can be restored.").waitFor();
      const gone = await fetch(`${url}/functions/v1/api-inbound?action=get_customer&id=${c.id}`, { headers: { "x-api-key": client.apiKey } });
      expect(gone.status, "deleted: the API no longer finds it").toBe(404);
      await page.getByRole("button", { name: "Restore customer" }).click();
      await page.getByRole("button", { name: "Edit customer" }).waitFor();
      expect((await getCustomer(url, client, c.id)).customer.deleted_at, "restored").toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("Overview: the edit form sets a manual score and picks a scoring profile from the client's", async () => {
    const c = await customer("E2E manual");
    const profile = { name: `E2E record profile ${suffix}`, weights: { logins: 10, adoption: 10, tickets: 10, nps: 10, csat: 0, days: 50, growth: 10 } };
    await scoringAction(url, await accessToken(url, stack().anonKey, owner), client.id, "save_profile", profile);
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await openTab(page, c.id, "Overview");
      await page.getByRole("button", { name: "Edit customer" }).click();
      await page.getByLabel("Scoring profile").selectOption(profile.name);
      await page.getByLabel("Manual score (0–100)").fill("130");
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.getByText(/score must be/).waitFor();
      await page.getByLabel("Manual score (0–100)").fill("73");
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.getByRole("button", { name: "Edit customer" }).waitFor();
      const saved = (await getCustomer(url, client, c.id)).customer;
      expect({ score: saved.score, manual: saved.score_manual, profile: saved.scoring_profile }).toEqual({ score: 73, manual: true, profile: profile.name });
      await expect.poll(() => page.getByTestId("stored-score").innerText()).toBe("73");

      // Emptied, the manual score ends: the customer is scored from its signals again.
      await page.getByRole("button", { name: "Edit customer" }).click();
      expect(await page.getByLabel("Manual score (0–100)").inputValue(), "the form shows the manual score").toBe("73");
      await page.getByLabel("Manual score (0–100)").fill("");
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.getByRole("button", { name: "Edit customer" }).waitFor();
      expect((await getCustomer(url, client, c.id)).customer.score_manual).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("Notes: add, edit and delete one's own note, newest first with the author", async () => {
    const c = await customer("E2E notes");
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await openTab(page, c.id, "Notes");
      await page.getByText("No notes yet.").waitFor();
      for (const body of ["Kick-off call went well", "Asked for SSO pricing"]) {
        await page.getByLabel("New note").fill(body);
        await page.getByRole("button", { name: "Add note" }).click();
        await page.getByText(body).waitFor();
      }
      const notes = page.locator("ol.notes > li");
      expect(await notes.first().innerText(), "newest first, with its author").toContain("Asked for SSO pricing");
      expect(await notes.first().innerText()).toContain(owner.email);

      await notes.first().getByRole("button", { name: "Edit" }).click();
      await page.getByLabel("Edit note").fill("Asked for SSO and SCIM pricing");
      await page.getByRole("button", { name: "Save note" }).click();
      await page.getByText("Asked for SSO and SCIM pricing").waitFor();

      await notes.last().getByRole("button", { name: "Delete" }).click();
      await notes.last().getByRole("button", { name: "Yes, delete" }).click();
      await expect.poll(() => notes.count()).toBe(1);
      expect(await page.getByText("Kick-off call went well").count(), "the deleted note is gone").toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("Sentiment: logging an entry sets the customer's sentiment and keeps the log", async () => {
    const c = await customer("E2E sentiment", { sentiment: "positive" });
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await openTab(page, c.id, "Sentiment");
      await page.getByText("Nothing logged yet.").waitFor();
      await page.getByLabel("Negative").check();
      await page.getByLabel("Note (optional)").fill("Unhappy about the outage");
      await page.getByRole("button", { name: "Log sentiment" }).click();
      const log = page.getByRole("list", { name: "Sentiment log" });
      await log.getByText("Unhappy about the outage").waitFor();
      await expect.poll(() => page.getByText("Current sentiment:").innerText()).toContain("Negative");
      await page.getByLabel("Neutral").check();
      await page.getByRole("button", { name: "Log sentiment" }).click();
      await expect.poll(() => log.getByRole("listitem").count(), { message: "both entries kept" }).toBe(2);
      expect((await getCustomer(url, client, c.id)).customer.sentiment, "the latest entry is the customer's sentiment").toBe("neutral");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("Contacts: add, edit and delete; marking another primary moves the mark", async () => {
    const c = await customer("E2E contacts");
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await openTab(page, c.id, "Contacts");
      await page.getByText("No contacts yet.").waitFor();
      const add = async (name: string, role: string, email: string) => {
        await page.getByLabel("Name").fill(name);
        await page.getByLabel("Role").fill(role);
        await page.getByLabel("Email").fill(email);
        await page.getByLabel("Primary contact").check();
        await page.getByRole("button", { name: "Add contact" }).click();
        await page.locator("ul.contacts").getByText(name).waitFor();
      };
      await page.getByLabel("Email").fill("not-an-email");
      await page.getByLabel("Name").fill("Nobody");
      await page.getByRole("button", { name: "Add contact" }).click();
      await page.getByText("email must be an e-mail address").waitFor();
      await add("Grace Hopper", "CTO", "grace@example.com");
      await add("Ada Lovelace", "VP Engineering", "ada@example.com");
      const item = (name: string) => page.locator("ul.contacts > li").filter({ hasText: name });
      await expect.poll(() => item("Ada Lovelace").innerText()).toContain("Primary");
      expect(await item("Grace Hopper").innerText(), "the earlier primary lost the mark").not.toContain("Primary");

      await page.getByRole("button", { name: "Edit Grace Hopper" }).click();
      await page.getByLabel("Role").fill("Chief Technology Officer");
      await page.getByRole("button", { name: "Save contact" }).click();
      await expect.poll(() => item("Grace Hopper").innerText()).toContain("Chief Technology Officer");

      await page.getByRole("button", { name: "Delete Grace Hopper" }).click();
      await page.getByRole("button", { name: "Yes, delete" }).click();
      await expect.poll(() => item("Grace Hopper").count()).toBe(0);
      const [{ n }] = await sql`select count(*)::int as n from public.contacts where customer_id = ${c.id} and is_primary`;
      expect(n, "one primary contact").toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("History: the chart marks a configuration change, and two entries compare signal by signal", async () => {
    const c = await customer("E2E history", { logins: 10, adoption: 40 });
    // Two earlier entries, one under an older configuration version.
    const version = (await getCustomer(url, client, c.id)).customer.config_version ?? 2;
    await sql`insert into public.score_history (client_id, customer_id, score, status, reason, signals, config_version, created_at) values
      (${client.id}, ${c.id}, 35, 'atrisk', 'signals', ${sql.json({ logins: 4, adoption: 20, tickets: 3 })}, ${version - 1}, now() - interval '20 days'),
      (${client.id}, ${c.id}, 42, 'atrisk', 'signals', ${sql.json({ logins: 6, adoption: 30, tickets: 2 })}, ${version - 1}, now() - interval '10 days')`;
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await openTab(page, c.id, "History");
      await page.getByRole("heading", { name: "Score over time" }).waitFor();
      expect(await page.locator(".marker").count(), "one marker where the version changed").toBe(1);
      const boxes = page.getByRole("checkbox");
      expect(await boxes.count(), "one entry per history row").toBe(3);
      await boxes.nth(2).check();
      await boxes.nth(1).check();
      const compare = page.locator("section", { has: page.getByRole("heading", { name: "Compare two entries" }) });
      await compare.waitFor();
      await saveScreenshot(page, "record-history-compare");
      const row = (name: string) => compare.getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });
      expect(await row("Score").innerText()).toMatch(/35\s+42\s+\+7/);
      expect(await row("Logins").innerText()).toMatch(/4\s+6\s+\+2/);
      expect(await row("Tickets").innerText()).toMatch(/3\s+2\s+−1/);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("History: more than 500 entries — the latest 500 first, the older ones on request", async () => {
    const c = await customer("E2E long history");
    // 519 entries a day apart before the one the upsert wrote: 520 in all.
    await sql`insert into public.score_history (client_id, customer_id, score, status, reason, signals, created_at)
      select ${client.id}, ${c.id}, 20 + i % 60, 'watch', 'decay', '{}', now() - i * interval '1 day' from generate_series(1, 519) i`;
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await openTab(page, c.id, "History");
      await page.getByText("The latest 500 of 520 entries are loaded.").waitFor();
      await page.getByRole("button", { name: "Load 20 older entries" }).click();
      const entries = page.locator("section", { has: page.getByRole("heading", { name: "Entries" }) }).getByRole("checkbox");
      await expect.poll(() => entries.count(), { timeout: 15_000, message: "every entry listed, the oldest last" }).toBe(520);
      expect(await page.getByText(/entries are loaded/).count(), "nothing left to load").toBe(0);
      const [oldest] = await sql`select private.iso_instant(created_at) as at from public.score_history
        where customer_id = ${c.id} order by created_at limit 1`;
      expect(await page.locator("time").last().getAttribute("datetime"), "the oldest entry is the last row").toBe(oldest.at);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("the print view shows the record without the app's navigation or any control", async () => {
    const c = await customer("E2E print");
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await openTab(page, c.id, "Overview");
      await page.getByRole("heading", { name: "Score explained" }).waitFor();
      await page.emulateMedia({ media: "print" });
      expect(await page.locator(".sidebar").isVisible(), "no sidebar").toBe(false);
      expect(await page.getByRole("navigation", { name: "Customer record" }).isVisible(), "no tab bar").toBe(false);
      expect(await page.getByRole("button", { name: "Print" }).isVisible(), "no buttons").toBe(false);
      expect(await page.getByRole("heading", { level: 1, name: c.name }).isVisible(), "the record itself").toBe(true);
      expect(await page.getByRole("heading", { name: "Score explained" }).isVisible()).toBe(true);
      await saveScreenshot(page, "record-print");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("a viewer sees the record with every control disabled", async () => {
    const c = await customer("E2E viewer");
    await writeAction(url, client, "upsert_account", { id: c.id, note: "read only" });
    const { page, errors, close } = await openPage(browser(), url);
    try {
      await openTab(page, c.id, "Overview", { ...viewer, role: "member" });
      expect(await page.getByRole("button", { name: "Edit customer" }).isDisabled(), "no edit").toBe(true);
      expect(await page.getByRole("button", { name: "Delete customer" }).isDisabled(), "no delete").toBe(true);
      await page.getByText("editing needs a manager, admin or owner").waitFor();
      await page.goto(tabPath(c.id, "Notes"));
      expect(await page.getByLabel("New note").isDisabled()).toBe(true);
      await page.goto(tabPath(c.id, "Sentiment"));
      expect(await page.getByLabel("Positive").isDisabled()).toBe(true);
      await page.goto(tabPath(c.id, "Contacts"));
      expect(await page.getByLabel("Name").isDisabled()).toBe(true);
      expect(await page.getByRole("button", { name: "Add contact" }).isDisabled()).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  for (const viewport of [{ width: 1400, height: 900 }, { width: 390, height: 844 }]) {
    test(`every tab at ${viewport.width}px fits without scrolling sideways (screenshots saved)`, async () => {
      const c = await customer(`E2E shots ${viewport.width}`, { manager: "Dana Whitfield", tags: ["vip", "emea"], since: "2024-03-01" });
      await writeAction(url, client, "update_health", { id: c.id, field: "logins", value: 20 });
      // Two months of earlier scores, the settings changed once among them, so the chart has a shape.
      const version = (await getCustomer(url, client, c.id)).customer.config_version ?? 2;
      for (const [daysAgo, score, logins, v] of [[60, 38, 6, version - 1], [45, 44, 9, version - 1], [30, 41, 8, version - 1], [20, 52, 12, version], [8, 58, 16, version]]) {
        await sql`insert into public.score_history (client_id, customer_id, score, status, reason, signals, config_version, created_at)
          values (${client.id}, ${c.id}, ${score}, ${score < 50 ? "atrisk" : "watch"}, ${v === version && daysAgo === 20 ? "config_change" : "signals"},
                  ${sql.json({ logins, adoption: 40, tickets: 1, nps: 8, days: 5, growth: "mild" })}, ${v}, now() - make_interval(days => ${daysAgo}))`;
      }
      const token = await accessToken(url, stack().anonKey, owner);
      await api(token, "add_note", { customer_id: c.id, body: "Quarterly review booked; they want the new reporting module." });
      await api(token, "log_sentiment", { customer_id: c.id, sentiment: "positive", note: "Loved the new dashboards" });
      await api(token, "save_contact", { customer_id: c.id, name: "Grace Hopper", role: "CTO", email: "grace@example.com", phone: "+1 555 0100", is_primary: true });
      const { page, errors, close } = await openPage(browser(), url, viewport);
      try {
        await openTab(page, c.id, "Overview");
        for (const tab of tabs) {
          await page.goto(tabPath(c.id, tab));
          await page.getByRole("navigation", { name: "Customer record" }).waitFor();
          await page.locator('[aria-busy="true"]').first().waitFor({ state: "detached" }).catch(() => {});
          await page.waitForLoadState("networkidle");
          await saveScreenshot(page, `record-${tab.toLowerCase()}`);
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          expect(width, `${tab} fits ${viewport.width}px`).toBeLessThanOrEqual(viewport.width);
        }
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });
  }

  async function api(token: string, action: string, data: Record<string, unknown>) {
    const res = await fetch(`${url}/functions/v1/api-inbound`, {
      method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ action, data: { client_id: client.id, ...data } }),
    });
    if (!res.ok) throw new Error(`${action} answered ${res.status}: ${await res.text()}`);
  }
});
