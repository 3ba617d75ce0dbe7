// Backup & Restore in Chromium: a client's backup downloaded, restored into an
// empty client after confirmation, and a backup of that client with the same
// content; a damaged file refused before anything is sent, and nothing changed.
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { comparableContent } from "../../shared/backup/tables.ts";
import { stack } from "../stack/context.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { accessToken, signIn } from "./dashboard.ts";

describe("backup and restore", () => {
  const { url, dbUrl, anonKey, demo } = stack();
  const owner = demo.users.find((u) => u.role === "owner")!;
  const browser = useBrowser();
  const sql = postgres(dbUrl, { max: 2, onnotice: () => {} });
  const suffix = randomBytes(4).toString("hex");
  const source = `Backup source ${suffix}`;
  const target = `Backup target ${suffix}`;
  const ids: Record<string, string> = {};

  async function call(action: string, data: Record<string, unknown>) {
    const token = await accessToken(url, anonKey, owner);
    const res = await fetch(`${url}/functions/v1/api-inbound`, {
      method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ action, data }),
    });
    if (!res.ok) throw new Error(`${action} answered ${res.status}: ${await res.text()}`);
    return res.json();
  }

  beforeAll(async () => {
    const [{ agency_id }] = await sql`select agency_id from public.clients where id = ${demo.clients[0].id}`;
    for (const name of [source, target]) [{ id: ids[name] }] = await sql`insert into public.clients (agency_id, name) values (${agency_id}, ${name}) returning id`;
    const imported = await call("import_customers", { client_id: ids[source], accounts: [
      { name: "Acme", tier: "mid", mrr: 1200, tags: ["vip"], logins: 22, adoption: 75 },
      { name: "Beta Co", tier: "smb", mrr: 90, logins: 1, note: "Call back" },
    ] });
    await call("add_note", { client_id: ids[source], customer_id: imported.results[0].id, body: "Kick-off call" });
  });

  afterAll(async () => {
    await sql`update public.clients set archived_at = now() where id = any(${Object.values(ids)}::uuid[])`.catch(() => {});
    await sql.end();
  });

  async function open(page: Page, client: string) {
    await signIn(page, owner, "/backup");
    await page.waitForURL("**/backup");
    await page.getByLabel("Client").selectOption({ label: client });
    await page.getByRole("button", { name: "Download backup" }).waitFor();
  }

  async function downloadBackup(page: Page) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download backup" }).click()]);
    return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, "utf8") };
  }

  test("backup, restore into an empty client after confirmation, and the new client's backup has the same content", async () => {
    const { page, errors, close } = await openPage(browser(), url, { width: 1400, height: 900 });
    try {
      await open(page, source);
      const first = await downloadBackup(page);
      expect(first.name).toMatch(/^pulseboard-backup-source-.+-backup-\d{4}-\d{2}-\d{2}T\d{4}Z\.json$/);
      const path = join(tmpdir(), `${suffix}-backup.json`);
      writeFileSync(path, first.text);

      await page.getByLabel("Client").selectOption({ label: target });
      await page.getByLabel("Choose a backup file").setInputFiles(path);
      const confirm = page.getByRole("group", { name: "Confirm the restore" });
      expect(await confirm.innerText()).toContain(`a backup of ${source}`);
      expect(await confirm.innerText()).toContain("2 customers");
      await saveScreenshot(page, "backup-confirm");
      await confirm.getByRole("button", { name: `Replace ${target}'s data` }).click();
      await page.getByRole("status").filter({ hasText: "Restored" }).waitFor();
      await saveScreenshot(page, "backup-restored");

      const second = await downloadBackup(page);
      expect(comparableContent(JSON.parse(second.text)), "the same content in the restored client").toEqual(comparableContent(JSON.parse(first.text)));
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("a damaged backup is refused before anything is sent, and the client is unchanged", async () => {
    const before = await sql`select count(*)::int as n from public.customers where client_id = ${ids[target]} and deleted_at is null`;
    const { page, errors, close } = await openPage(browser(), url, { width: 390, height: 844 });
    try {
      await open(page, target);
      const good = await downloadBackup(page);
      const path = join(tmpdir(), `${suffix}-damaged.json`);
      writeFileSync(path, good.text.slice(0, Math.floor(good.text.length / 2)));
      await page.getByLabel("Choose a backup file").setInputFiles(path);
      await page.getByRole("alert").filter({ hasText: "not valid JSON" }).waitFor();
      expect(await page.getByRole("button", { name: /^Replace/ }).count(), "nothing to confirm").toBe(0);
      await saveScreenshot(page, "backup-damaged");
      const after = await sql`select count(*)::int as n from public.customers where client_id = ${ids[target]} and deleted_at is null`;
      expect(after).toEqual(before);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
