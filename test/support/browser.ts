import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import type { Tool } from "./tools";

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM: Tool = {
  name: `Chromium (${CHROMIUM_PATH})`,
  install: "apt-get install chromium",
  present: () => existsSync(CHROMIUM_PATH),
};

/** Debian's Chromium, headless, with every background connection switched off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      "--disable-quic",
    ],
  });
}

export interface WatchedPage {
  page: Page;
  /** Requests that were refused because they left the allowed origin. */
  blocked: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
}

/**
 * A page whose requests outside `allowed` are refused and recorded (no network
 * reaches anything else), and whose console errors are collected.
 */
export async function watchedPage(browser: Browser, allowed: (url: string) => boolean): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // Speed is the benchmarks' business: the suite runs browsers beside kernels on two cores, where
  // a report with twenty charts can take longer to load than Playwright's default 30 s.
  page.setDefaultTimeout(120_000);
  const blocked: string[] = [];
  const errors: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (allowed(url)) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return { page, blocked, errors };
}

export const onlyFiles = (url: string): boolean => url.startsWith("file:");
export const onlyLoopback = (url: string): boolean => /^(http|ws):\/\/127\.0\.0\.1:/.test(url);
