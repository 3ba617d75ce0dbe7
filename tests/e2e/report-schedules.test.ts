// The Reports page's Schedules section in Chromium: an owner schedules a
// report by its labelled fields, sees it listed, runs it now (the e-mail
// with its PDF reaches the mail catcher), pauses and resumes it, and deletes
// it; at phone width nothing scrolls sideways.
import { randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import { stack } from "../stack/context.ts";
import { waitFor } from "../stack/wait-for.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { signIn } from "./dashboard.ts";

type Caught = { to: string[]; subject: string; attachments?: { filename: string; content_type?: string }[] };

describe("Scheduled reports", () => {
  const { url, demo, mailUrl } = stack();
  const owner = demo.users.find((u) => u.role === "owner")!;
  const client = demo.clients[0];
  const browser = useBrowser();

  test("schedule a report, run it now, pause and resume it, delete it", async () => {
    for (const viewport of [{ width: 1400, height: 900 }, { width: 390, height: 844 }]) {
      const { page, errors, close } = await openPage(browser(), url, viewport);
      const address = `schedule.${viewport.width}.${randomBytes(3).toString("hex")}@reports.test`;
      try {
        await signIn(page, owner, "/reports");
        await page.waitForURL("**/reports");
        await page.getByLabel("Client").selectOption({ label: client.name });
        const section = page.getByRole("region", { name: "Schedules" });
        await section.getByText("No scheduled reports yet.").waitFor();

        const form = section.getByRole("form", { name: "Schedule a report" });
        await form.getByLabel("Scheduled report").selectOption({ label: "At-Risk Accounts" });
        await form.getByLabel("How often").selectOption({ label: "Every day" });
        await form.getByLabel("Files").selectOption({ label: "PDF and CSV" });
        await form.getByLabel(/^Send to/).fill("not-an-address");
        await form.getByRole("button", { name: "Schedule report" }).click();
        await expect.poll(() => form.getByRole("alert").innerText()).toMatch(/not an e-mail address/);
        await form.getByLabel(/^Send to/).fill(address);
        await form.getByRole("button", { name: "Schedule report" }).click();

        const item = section.getByRole("listitem", { name: "At-Risk Accounts" });
        await item.waitFor();
        expect(await item.innerText()).toContain(`To ${address}`);
        expect(await item.innerText()).toMatch(/Active[\s\S]*Every day[\s\S]*PDF and CSV/);

        await item.getByRole("button", { name: "Run At-Risk Accounts now" }).click();
        await expect.poll(() => item.getByRole("status").innerText(), { timeout: 20_000 }).toContain(`Sent to ${address}`);
        const mail = await waitFor(async () => {
          const got: Caught[] = await (await fetch(`${mailUrl}/api/messages?to=${encodeURIComponent(address)}`)).json();
          return got.length > 0 ? got : undefined;
        }, 20_000) ?? [];
        expect(mail, "the e-mail reached the mail catcher").toHaveLength(1);
        expect(mail[0].subject).toMatch(new RegExp(`^At-Risk Accounts · ${client.name}`));
        expect(mail[0].attachments!.map((a) => a.content_type)).toEqual(["application/pdf", "text/csv"]);

        await item.getByRole("button", { name: "Pause At-Risk Accounts" }).click();
        await item.getByRole("button", { name: "Resume At-Risk Accounts" }).waitFor();
        expect(await item.innerText()).toContain("Paused");
        if (viewport.width === 390) {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, "no sideways scroll on a phone").toBeLessThanOrEqual(0);
        }
        await section.scrollIntoViewIfNeeded();
        await saveScreenshot(page, "report-schedules");
        await item.getByRole("button", { name: "Resume At-Risk Accounts" }).click();
        await item.getByRole("button", { name: "Pause At-Risk Accounts" }).waitFor();

        await item.getByRole("button", { name: "Delete At-Risk Accounts" }).click();
        await item.getByRole("button", { name: "Yes, delete" }).click();
        await section.getByText("No scheduled reports yet.").waitFor();
        expect(errors, "no uncaught errors in the page").toEqual([]);
      } finally {
        await close();
      }
    }
  });
});
