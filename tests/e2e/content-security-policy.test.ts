// The dashboard under its Content-Security-Policy: every page works with no
// violation (an injected script or a connection elsewhere would be one), and
// a page of another origin cannot frame it (clickjacking).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { describe, expect, onTestFinished, test } from "vitest";
import { stack } from "../stack/context.ts";
import { openPage, useBrowser } from "./browser.ts";
import { listCustomers, openCustomers } from "./dashboard.ts";

/** Collects CSP violations: the DOM event (from before the page's own scripts run) and Chromium's console report. */
async function watchViolations(page: Page) {
  const console: string[] = [];
  page.on("console", (message) => {
    if (/content security policy|refused to/i.test(message.text())) console.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return async () => [...console, ...await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)];
}

describe("the Content-Security-Policy", () => {
  const { url, demo } = stack();
  const owner = demo.users.find((u) => u.role === "owner")!;
  const client = demo.clients[0];
  const browser = useBrowser();

  test("sign-in, customers, a customer and the account page run without a single CSP violation", async () => {
    const { page, errors, close } = await openPage(browser(), url);
    try {
      const violations = await watchViolations(page);
      await openCustomers(page, owner, client);
      expect(await violations(), "sign-in and customers").toEqual([]);

      const [first] = (await listCustomers(url, client, { limit: "1" })).customers;
      await page.goto(`/customers/${first.id}`);
      await page.getByLabel("Logins").waitFor();
      expect(await violations(), "a customer's page, loaded afresh").toEqual([]);

      await page.goto("/account");
      await page.getByLabel("New password", { exact: true }).waitFor();
      expect(await violations(), "the account page").toEqual([]);
      expect(errors, "no uncaught errors in the page").toEqual([]);
    } finally {
      await close();
    }
  });

  test("a script injected into the page is blocked and reported (the policy is in force)", async () => {
    const { page, close } = await openPage(browser(), url);
    try {
      const violations = await watchViolations(page);
      await page.goto("/login");
      await page.getByLabel("Email").waitFor();
      await page.evaluate(() => {
        const script = document.createElement("script");
        script.textContent = "window.injected = true";
        document.body.append(script);
      });
      await expect.poll(violations, { message: "the inline script is reported" }).not.toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected), "and did not run").toBeUndefined();
    } finally {
      await close();
    }
  });

  test("a page of another origin cannot frame the dashboard", async () => {
    const { page, close } = await openPage(browser(), url);
    try {
      // The attacker's page, from an origin of its own on this machine (a
      // public origin would be refused by Chromium's private-network rules
      // anyway, and prove nothing about our headers).
      const attacker = createServer((_req, res) => {
        res.setHeader("content-type", "text/html");
        res.end(`<!doctype html><title>Win a prize</title><iframe src="${url}/login" width="800" height="600"></iframe>`);
      });
      await new Promise<void>((ok) => attacker.listen(0, "127.0.0.1", ok));
      onTestFinished(() => new Promise((ok) => attacker.close(() => ok())));
      await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/prize.html`);
      const child = () => page.frames().find((f) => f !== page.mainFrame())?.url();
      // Chromium puts its error page where a refused frame would have been.
      await expect.poll(child, { message: "the frame was refused, not loaded" }).toBe("chrome-error://chromewebdata/");
      const framed = page.frameLocator("iframe");
      expect(await framed.getByLabel("Email").count(), "the sign-in form is not shown inside the frame").toBe(0);
    } finally {
      await close();
    }
  });
});
