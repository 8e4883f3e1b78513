/**
 * In a real browser (headless chromium): a visitor searches the catalogue page, opens the item,
 * and the first page of its PDF is drawn by pdf.js from our own origin, with its words in the
 * text layer; the full-page viewer and a simulation's sandboxed frame work too, under our CSP.
 */
import { Readable } from 'node:stream';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { person, province, resource, system } from '../../support/fixtures.js';
import { demoPdf, demoSimulation } from '../../../src/seed/files.js';

describe('files: browser viewers', function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    server = await startTestServer();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await (await browser.newContext({ locale: 'vi-VN' })).newPage();
    page.on('console', (m) => {
      // Resources that fail are reported with their URL below; the favicon, which we do not have, is not one of ours.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`${res.status()} ${res.url()}`);
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A public, published resource with one file, uploaded through the service like any upload. */
  async function published(title: string, name: string, bytes: Buffer) {
    const { schoolA } = await province();
    const owner = await person([{ org: schoolA, role: 'teacher' }]);
    const draft = await resource(owner.actor, schoolA, { status: 'draft', metadata: { title } });
    const { files, resources } = testContext().services;
    const withFile = await files.upload(owner.actor, draft.id, draft.version, {
      stream: Readable.from([bytes]),
      filename: name,
    });
    const submitted = await resources.transition(owner.actor, draft.id, withFile.version, 'submit');
    return resources.transition(await system(), draft.id, submitted.version, 'approve');
  }

  it('finds a resource by search, opens it, and renders the first page of its PDF with a text layer', async () => {
    const marker = `sach${Date.now().toString(36)}`;
    const title = `Truyện cổ tích Việt Nam ${marker}`;
    const r = await published(
      title,
      'Tấm Cám.pdf',
      await demoPdf(title, ['Ngày xửa ngày xưa, có hai chị em cùng cha khác mẹ là Tấm và Cám.']),
    );

    await page.goto(`${server.url}/search?q=${encodeURIComponent(marker)}`);
    await Promise.all([
      page.waitForURL(`${server.url}/resources/${r.id}`),
      page.getByRole('link', { name: title }).click(),
    ]);
    const viewer = page.locator('.pdf-viewer[data-rendered-page="1"]');
    await viewer.waitFor({ timeout: 30_000 });
    expect(await page.locator('.pdf-viewer [data-role=pages]').textContent()).to.equal('1');
    const drawn = await page.locator('.pdf-viewer canvas').evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 128 && data[i + 3]! > 0) dark++;
      return { width: canvas.width, dark };
    });
    expect(drawn.width).to.be.greaterThan(100);
    expect(drawn.dark, 'dark pixels: the text is drawn').to.be.greaterThan(200);
    const text = await page.locator('.pdf-viewer .textLayer').textContent();
    expect(text).to.contain('Tấm');
    expect(text).to.contain(marker);
    expect(problems, 'no script or CSP errors').to.deep.equal([]);
  });

  it('runs a simulation in a sandboxed frame, on the full-page viewer', async () => {
    const r = await published(
      `Mô phỏng chuyển động ${Date.now().toString(36)}`,
      'chuyen-dong.zip',
      await demoSimulation('Chuyển động đều'),
    );
    await page.goto(`${server.url}/resources/${r.id}/view/${r.files[0]!.id}`);
    expect(await page.locator('iframe.simulation-frame').getAttribute('sandbox')).to.equal('allow-scripts');
    const frame = page.frameLocator('iframe.simulation-frame');
    await frame.getByRole('button', { name: 'Chạy' }).click();
    await frame.getByText('s = 40 × 1.5 = 60 km').waitFor({ timeout: 15_000 });
    const origin = await frame.locator('body').evaluate(() => window.origin);
    expect(origin, 'the simulation runs in an opaque origin').to.equal('null');
    expect(problems).to.deep.equal([]);
  });
});
