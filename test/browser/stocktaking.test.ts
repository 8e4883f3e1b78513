/**
 * The stocktaking scan page in a real browser (headless chromium), scans typed as a keyboard-wedge
 * scanner types them (the code, then Enter): found, repeated, misplaced, unknown, each answered in
 * place with its tone, the progress bar moving, focus staying on the field; then the camera page
 * in a browser without BarcodeDetector falls back to typing.
 */
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage } from './chromium.js';
import { startTestServer, testContext, type TestServer } from '../support/context.js';
import { person, printedTitle, province, type TestPerson } from '../support/fixtures.js';

describe('browser: stocktaking with a barcode scanner', function () {
  this.timeout(180_000);
  let server: TestServer;
  let browser: Browser;
  let world: Awaited<ReturnType<typeof province>>;
  let librarian: TestPerson;
  let kho: string[] = [];
  let pd = '';
  let sessionId = '';

  before(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    world = await province();
    librarian = await person([{ org: world.schoolA, role: 'librarian' }], 'Cô Thư');
    const { copies, stocktaking } = testContext().services;
    const title = await printedTitle(librarian.actor, world.schoolA, { metadata: { title: 'Số đỏ' } });
    const add = async (location: string, count: number) =>
      (
        await copies.add(librarian.actor, title.id, {
          orgId: world.schoolA.id,
          collection: 'TK',
          location,
          numbering: { count },
          batch: { date: '2025-09-05', source: 'purchase', supplier: null, documentNumber: null, note: null },
          price: null,
          volume: null,
          note: null,
        })
      ).copies.map((c) => c.barcode);
    kho = await add('KHO', 3);
    pd = (await add('PD', 1))[0]!;
    sessionId = (await stocktaking.open(librarian.actor, world.schoolA.id, { name: 'Kho chính', location: 'KHO' })).id;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function scanPage(path: string): Promise<Page> {
    const page = await signedInPage(browser, server.url, librarian);
    await page.goto(`${server.url}${path}`);
    return page;
  }

  const scan = (page: Page, code: string) => page.keyboard.type(`${code}\n`, { delay: 5 });
  const answered = (page: Page, outcome: string) =>
    page.waitForFunction((o) => document.getElementById('stocktaking-message')?.dataset.outcome === o, outcome);

  it('answers each scan in place with its tone, moves the progress bar, and keeps focus on the field', async () => {
    const page = await scanPage(`/library/stocktaking/${sessionId}/scan`);
    const field = page.getByLabel('Quét hoặc gõ mã vạch / số ĐKCB');
    const root = page.locator('#stocktaking-scan');
    expect(await field.evaluate((el) => el === document.activeElement)).to.equal(true);
    expect(await page.locator('#stocktaking-progress-text').textContent()).to.equal(
      'Đã quét 0 / 3 bản cần có trên giá',
    );

    await scan(page, kho[0]!);
    await answered(page, 'found');
    expect(await page.locator('#stocktaking-message-text').textContent()).to.equal('Có trên giá: TK-00001');
    expect(await root.getAttribute('data-last-tone')).to.equal('ok');
    expect(await page.locator('#stocktaking-progress').evaluate((el) => (el as HTMLProgressElement).value)).to.equal(1);

    await scan(page, kho[0]!);
    await answered(page, 'already_scanned');
    expect(await root.getAttribute('data-last-tone')).to.equal('warn');

    await scan(page, pd);
    await answered(page, 'misplaced');
    expect(await page.locator('#stocktaking-message-text').textContent()).to.equal(
      'Để sai vị trí: TK-00004 thuộc Phòng đọc',
    );

    // A click elsewhere must not swallow the next scan.
    await page.locator('h1').click();
    await scan(page, 'KHONG-CO-MA-NAY');
    await answered(page, 'unknown');
    expect(await root.getAttribute('data-last-tone')).to.equal('error');
    await scan(page, kho[1]!);
    await answered(page, 'found');
    expect(await page.locator('#stocktaking-progress-text').textContent()).to.equal(
      'Đã quét 2 / 3 bản cần có trên giá',
    );
    expect(await page.locator('#stocktaking-tally li').count()).to.equal(5);
    expect(await field.evaluate((el) => el === document.activeElement)).to.equal(true);

    const { result } = await testContext().services.stocktaking.result(librarian.actor, sessionId);
    expect([result.scanned, result.scans, result.missing.length]).to.deep.equal([2, 5, 1]);
    await page.context().close();
  });

  it('falls back to typing on the camera page where the browser has no barcode detection', async () => {
    const page = await scanPage(`/library/stocktaking/${sessionId}/scan?mode=camera`);
    const hasDetector = await page.evaluate(() => 'BarcodeDetector' in window);
    const note = page.locator('#stocktaking-camera-note');
    if (!hasDetector) expect(await note.isVisible()).to.equal(true);
    else expect(await page.locator('#stocktaking-camera-start').isVisible()).to.equal(true);
    await page.getByLabel('Quét hoặc gõ mã vạch / số ĐKCB').fill(kho[2]!);
    await page.getByLabel('Quét hoặc gõ mã vạch / số ĐKCB').press('Enter');
    await answered(page, 'found');
    expect(await page.locator('#stocktaking-progress-text').textContent()).to.equal(
      'Đã quét 3 / 3 bản cần có trên giá',
    );
    await page.context().close();
  });
});
