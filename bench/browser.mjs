// What the browser benchmarks share: the browser tests' Chromium and flags
// (tests/e2e/browser.ts), signing in through the login page, and waiting
// for something to be shown, checked on every animation frame.
import { chromium } from "playwright-core";

export const launch = () => chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-quic"],
});

/** Signs `user` in on the login page and waits for Home Base. */
export async function signIn(page, user) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/home");
}

/**
 * Until the first element matching `selector` is visible, checked on every
 * animation frame. (A locator's waitFor polls at growing intervals, up to
 * 500 ms apart: it saw an alert painted at 450 ms only at 900 ms.)
 */
export const shown = (page, selector) => page.waitForFunction((s) => document.querySelector(s)?.checkVisibility() ?? false,
  selector, { polling: "raf", timeout: 30_000 });
