import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../browser/chromium.js';
import { startSamlHarness, type SamlHarness } from './harness.js';

describe('SAML sign-in and sign-out in headless chromium', function () {
  this.timeout(90_000);
  let h: SamlHarness;
  let browser: Browser;
  before(async () => {
    h = await startSamlHarness();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('picks the portal on the login page, signs in at the IdP, comes back signed in, and signs out of both', async () => {
    const page = await browser.newPage();
    await page.goto(`${h.server.url}/login?next=${encodeURIComponent('/search')}`);
    await page.locator(`a[href^="/saml/login/${h.idpId}?"]`).click();
    await page.waitForURL((url) => url.origin === h.idp.baseUrl);
    await page.fill('input[name="username"]', 'gv-a');
    await page.fill('input[name="password"]', h.users['gv-a']!.password);
    await page.locator('button[type="submit"], input[type="submit"]').first().click();
    await page.waitForURL(`${h.server.url}/search`);
    expect(await page.locator('.user-name').textContent()).to.equal('Nguyễn Văn Giáo');

    await page.locator('form[action="/logout"] button[type="submit"]').click();
    await page.waitForURL(`${h.server.url}/`);
    expect(await page.locator('.user-name').count()).to.equal(0);
    // The portal's session ended too: choosing it again asks for the password.
    await page.goto(`${h.server.url}/saml/login/${h.idpId}`);
    await page.waitForURL((url) => url.origin === h.idp.baseUrl);
    expect(await page.locator('input[name="password"]').count()).to.equal(1);
  });
});
