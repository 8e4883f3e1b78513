/** Debian's chromium, headless, as the browser tests drive it (playwright-core brings no browser of its own). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

const executablePath = '/usr/bin/chromium';
const args = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args });
}

/** Profile preferences: chrome://settings/cookies → "Block third-party cookies". */
export const blockThirdPartyCookies = { block_third_party_cookies: true, cookie_controls_mode: 1 };

/** …and a site exception refusing `site`'s cookies under `topSite` altogether, partitioned ones too, as Safari does. */
export const refuseCookiesOf = (site: string, topSite: string) => ({
  ...blockThirdPartyCookies,
  content_settings: { exceptions: { cookies: { [`${site},${topSite}`]: { setting: 2 } } } },
});

/**
 * A browser with a profile of its own whose preferences are set as a person would set them in
 * chrome://settings (a fresh context of `launchChromium` is an incognito one, with Chromium's
 * defaults for it). Closing it removes the profile.
 */
export async function launchChromiumWithPreferences(
  preferences: Record<string, unknown>,
  options: { locale?: string } = {},
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tvs-chromium-'));
  fs.mkdirSync(path.join(userDataDir, 'Default'));
  fs.writeFileSync(path.join(userDataDir, 'Default', 'Preferences'), JSON.stringify(preferences));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args,
    ...options,
  });
  return {
    context,
    close: async () => {
      await context.close();
      // Chromium may still be writing its profile as it exits.
      fs.rmSync(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

/** A fresh context (Vietnamese unless told otherwise) signed in through the login page, as a person types it. */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  who: { username: string; password: string },
  options: BrowserContextOptions = {},
): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'vi-VN', ...options })).newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Tên đăng nhập').fill(who.username);
  await page.getByLabel('Mật khẩu').fill(who.password);
  await Promise.all([page.waitForURL(`${baseUrl}/`), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
  return page;
}
