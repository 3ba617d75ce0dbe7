// The Reports page in Chromium against the demo data: pick a report, preview
// it (the figures the API's document carries), download its PDF (a real PDF,
// read back with pdftotext) and its CSV; a one-account report asks for the account.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { stack } from "../stack/context.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { signIn } from "./dashboard.ts";

describe("Reports", () => {
  const { url, demo } = stack();
  const owner = demo.users.find((u) => u.role === "owner")!;
  const client = demo.clients[0];
  const browser = useBrowser();

  test("picks a report, previews it, and downloads its PDF and CSV", async () => {
    for (const viewport of [{ width: 1400, height: 900 }, { width: 390, height: 844 }]) {
      const { page, errors, close } = await openPage(browser(), url, viewport);
      try {
        await signIn(page, owner, "/reports");
        await page.waitForURL("**/reports");
        await page.getByLabel("Client").selectOption({ label: client.name });
        await page.getByRole("combobox", { name: /^Report/ }).selectOption({ label: "At-Risk Accounts" });
        await page.getByRole("button", { name: "Preview report" }).click();
        const preview = page.getByRole("article", { name: "Preview: At-Risk Accounts" });
        await preview.waitFor();
        expect(await preview.innerText(), "the header names the agency and the client").toContain(client.name);
        const below = await preview.locator("dd").first().innerText();

        const [pdf] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download PDF" }).click()]);
        expect(pdf.suggestedFilename()).toMatch(/^at_risk-\d{4}-\d{2}-\d{2}\.pdf$/);
        const file = join(mkdtempSync(join(tmpdir(), "report-dl-")), pdf.suggestedFilename());
        await pdf.saveAs(file);
        const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
        expect(text, "the PDF carries the preview's count").toMatch(new RegExp(`Accounts below 50[\\s\\S]*${below}`));
        const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV" }).click()]);
        expect(csv.suggestedFilename()).toMatch(/\.csv$/);

        if (viewport.width === 390) {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, "no sideways scroll on a phone").toBeLessThanOrEqual(0);
        }
        await saveScreenshot(page, "reports");

        await page.getByRole("combobox", { name: /^Report/ }).selectOption({ label: "Customer Health" });
        expect(await page.getByRole("button", { name: "Download PDF" }).isDisabled(), "a one-account report waits for its account").toBe(true);
        await page.getByRole("combobox", { name: /^Customer/ }).selectOption({ index: 1 });
        await page.getByRole("button", { name: "Preview report" }).click();
        await page.getByRole("article", { name: "Preview: Customer Health" }).getByRole("heading", { name: "Signals" }).waitFor();
        expect(errors, "no uncaught errors in the page").toEqual([]);
      } finally {
        await close();
      }
    }
  });
});
