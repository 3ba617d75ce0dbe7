// The account page: an invited user replaces the temporary password, signs
// out and signs in with the new one; the form says what is wrong beside the
// field. Each test uses a fresh user, so the demo users' passwords stay.
import { describe, expect, test } from "vitest";
import { stack } from "../stack/context.ts";
import { makeUser } from "../integration/stack/gotrue.ts";
import { openPage, saveScreenshot, useBrowser } from "./browser.ts";
import { signIn } from "./dashboard.ts";

describe("the account page", () => {
  const { url } = stack();
  const browser = useBrowser();

  for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 812 }]) {
    test(`at ${viewport.width}px a user changes the password, signs out and signs in with the new one`, async () => {
      const user = await makeUser("account-page");
      const newPassword = `new-${crypto.randomUUID()}`;
      const { page, errors, close } = await openPage(browser(), url, viewport);
      try {
        await signIn(page, user, "/customers");
        await page.waitForURL("**/customers");
        await page.goto("/account");
        await expect.poll(() => page.locator("dd").first().innerText(), { message: "the page shows who is signed in" }).toBe(user.email);
        await saveScreenshot(page, "account");

        await page.getByLabel("New password", { exact: true }).fill(newPassword);
        await page.getByLabel("Confirm new password").fill(`${newPassword}-typo`);
        await page.getByRole("button", { name: "Change password" }).click();
        await page.locator("#confirm-password-error").waitFor();
        expect(await page.locator("#confirm-password-error").innerText(), "a mismatch is named beside the confirmation").toMatch(/do not match/);

        await page.getByLabel("New password", { exact: true }).fill("12345");
        await page.getByLabel("Confirm new password").fill("12345");
        await page.getByRole("button", { name: "Change password" }).click();
        await page.locator("#new-password-error").waitFor();
        expect(await page.locator("#new-password-error").innerText(), "a short password is refused beside the field").toMatch(/at least 6/);
        await saveScreenshot(page, "account-refused");

        await page.getByLabel("New password", { exact: true }).fill(newPassword);
        await page.getByLabel("Confirm new password").fill(newPassword);
        await page.getByRole("button", { name: "Change password" }).click();
        await page.getByRole("status").waitFor();
        expect(await page.getByRole("status").innerText()).toMatch(/password has been changed/i);
        await saveScreenshot(page, "account-changed");
        expect(await page.evaluate(() => document.documentElement.scrollWidth), "nothing scrolls sideways").toBeLessThanOrEqual(viewport.width);

        if (viewport.width < 640) await page.getByRole("button", { name: "Menu" }).click();
        await page.getByRole("button", { name: "Sign out" }).click();
        await page.waitForURL("**/login");
        await signIn(page, { email: user.email, password: user.password });
        await page.getByRole("alert").waitFor();
        expect(await page.getByRole("alert").innerText(), "the old password no longer works").toMatch(/wrong email or password/i);
        await signIn(page, { email: user.email, password: newPassword });
        await page.waitForURL("**/home");
        expect(errors, "no uncaught errors in the page").toEqual([]);
      } finally {
        await close();
      }
    });
  }

  test("the signed-in user's e-mail in the sidebar opens the account page", async () => {
    const user = await makeUser("account-link");
    const { page, close } = await openPage(browser(), url);
    try {
      await signIn(page, user, "/customers");
      await page.waitForURL("**/customers");
      await page.getByRole("link", { name: user.email }).click();
      await page.waitForURL("**/account");
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Account");
    } finally {
      await close();
    }
  });
});
