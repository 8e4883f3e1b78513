/**
 * The catalogue pages in a real browser: browsing and searching work with JavaScript turned off,
 * the skip link and focus work from the keyboard, and our scripts run under the CSP (no inline code).
 */
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { startTestServer, type TestServer } from '../support/context.js';
import { person, province, resource } from '../support/fixtures.js';

describe('browser: pages without JavaScript, by keyboard, under the CSP', function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: Browser;
  const marker = `k${Date.now().toString(36)}`;

  before(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    const { schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    await resource(teacher.actor, schoolA, { metadata: { title: `Hàm số bậc nhất ${marker}`, subject: 'toan' } });
    await resource(teacher.actor, schoolA, { metadata: { title: `Hàm lượng dinh dưỡng ${marker}`, subject: 'khtn' } });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('searches and filters by a facet with JavaScript turned off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('searchbox').fill(`ham ${marker}`);
    await Promise.all([
      page.waitForURL(/\/search\?q=/),
      page.getByRole('button', { name: 'Tìm', exact: true }).click(),
    ]);
    expect(await page.locator('.cards .card').count()).to.equal(2);

    await page.getByRole('checkbox', { name: /^Toán/ }).check();
    await Promise.all([
      page.waitForURL(/subject=toan/),
      page.locator('.facets').getByRole('button', { name: 'Áp dụng' }).click(),
    ]);
    expect(await page.locator('.cards .card').count()).to.equal(1);
    expect(await page.locator('.cards .card h3').textContent()).to.include('Hàm số bậc nhất');

    await Promise.all([
      page.waitForURL((url) => !url.search.includes('subject=')),
      page.locator('.chips a').first().click(),
    ]);
    expect(await page.locator('.cards .card').count(), 'removing the filter brings both back').to.equal(2);
    await context.close();
  });

  it('reaches the content through the skip link by keyboard, and runs our scripts without CSP violations', async () => {
    const context = await browser.newContext({ locale: 'vi-VN' });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') violations.push(m.text());
    });
    await page.goto(`${server.url}/search?q=${marker}`);
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).to.equal('Bỏ qua, đến nội dung chính');
    await page.keyboard.press('Enter');
    expect(await page.locator(':focus').getAttribute('id')).to.equal('main');

    // With JavaScript, a facet applies as soon as it is ticked.
    await Promise.all([
      page.waitForURL(/subject=khtn/),
      page.getByRole('checkbox', { name: /^Khoa học tự nhiên/ }).check(),
    ]);
    expect(await page.locator('.cards .card').count()).to.equal(1);
    expect(violations).to.deep.equal([]);
    await context.close();
  });
});
