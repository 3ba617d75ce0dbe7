// Debian's Chromium driven by playwright-core, for the browser tests. Each
// launch gets a fresh profile (launch + newContext), and the flags keep it
// from phoning home, so tests run the same offline and on CI.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

export const executablePath = "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

export type OpenedPage = { page: Page; errors: string[]; close: () => Promise<void> };

/**
 * A page in a context of its own (no shared storage, so no shared session),
 * collecting uncaught page errors so a test can assert there were none.
 */
export async function openPage(browser: Browser, baseURL: string, viewport = { width: 1280, height: 800 }): Promise<OpenedPage> {
  const context = await browser.newContext({ baseURL, viewport });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return { page, errors, close: () => context.close() };
}

/**
 * One browser for the test file it is called in (launched before its tests,
 * closed after): `const browser = useBrowser();` then `openPage(browser(), url)`.
 */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}

/** Where the screenshots go (git-ignored): open them before calling a page done. */
export const screenshotDir = join(import.meta.dirname, "screenshots");

/**
 * Saves the whole page as `<name>-<width>.png`, so every page is there at
 * desktop and at phone width. Animations are stopped, so a shot is the page
 * at rest.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: join(screenshotDir, `${name}-${width}.png`), fullPage: true, animations: "disabled" });
}
