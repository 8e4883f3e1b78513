/**
 * Marking a copy damaged at the desk in a real browser (headless chromium): the librarian scans the
 * reader's card, lends a book, follows the desk's link to the reader's page, ticks "damaged", writes
 * what is wrong and takes the book back; the copy is set aside as damaged with that note. The same
 * form sent again (the page left open in a second tab) is refused, saying the loan already ended.
 */
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchChromium, signedInPage } from './chromium.js';
import { startTestServer, testContext, type TestServer } from '../support/context.js';
import { deskSchool, type DeskSchool } from '../support/deskSchool.js';
import type { TestPerson } from '../support/fixtures.js';
import { addPrintedCopies } from '../support/printedCopies.js';

describe('browser: a copy taken back damaged at the desk', function () {
  this.timeout(180_000);
  let server: TestServer;
  let browser: Browser;
  let world: DeskSchool['world'];
  let librarian: TestPerson;
  let card = '';
  let barcode = '';

  before(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    const school = await deskSchool(server.url, { reader: 'Em Hoa', title: 'Số đỏ' });
    ({ world, librarian } = school);
    barcode = (await addPrintedCopies(librarian.actor, world.schoolA.id, school.titleId, 1))[0]!.barcode;
    card = (await testContext().services.patrons.cardOf(librarian.actor, world.schoolA.id, school.reader.id)).number;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const signedIn = () => signedInPage(browser, server.url, librarian);

  it('lends at the desk, then takes the book back damaged from the reader’s page, once', async () => {
    const page = await signedIn();
    await page.goto(`${server.url}/library/schools/${world.schoolA.id}/desk`);
    const message = page.locator('#desk-message-text');
    await page.keyboard.type(`${card}\n`, { delay: 5 });
    await page.waitForFunction(() => document.querySelector('#desk-patron')?.textContent?.includes('Em Hoa'));
    await page.keyboard.type(`${barcode}\n`, { delay: 5 });
    await page.waitForFunction(() =>
      document.querySelector('#desk-message-text')?.textContent?.includes('Đã cho mượn'),
    );
    expect(await message.textContent()).to.contain('Số đỏ');

    // The link the desk's script pointed at the reader being served.
    await Promise.all([
      page.waitForURL(/\/patrons\/[0-9a-f]{24}$/),
      page.getByRole('link', { name: 'Xem hồ sơ bạn đọc' }).click(),
    ]);
    expect(await page.locator('h1').textContent()).to.equal('Bạn đọc Em Hoa');
    const second = await page.context().newPage();
    await second.goto(page.url());

    const row = page.locator('#patron-loans tbody tr', { hasText: 'Số đỏ' });
    await row.getByLabel('Sách bị hỏng').check();
    await row.locator('input[name="note"]').first().fill('Rách bìa sau');
    await Promise.all([page.waitForURL(/done=damaged/), row.getByRole('button', { name: 'Nhận trả' }).click()]);
    expect(await page.getByRole('status').textContent()).to.contain('Đã nhận trả sách và ghi sách bị hỏng.');
    expect(await page.locator('#patron-loans').count()).to.equal(0);
    const copy = await testContext().services.copies.byBarcode(librarian.actor, world.schoolA.id, barcode);
    expect(copy.status).to.equal('damaged');
    expect(copy.history.at(-1)).to.include({ to: 'damaged', note: 'Rách bìa sau' });

    const stale = second.locator('#patron-loans tbody tr', { hasText: 'Số đỏ' });
    await stale.getByLabel('Sách bị hỏng').check();
    await stale.locator('input[name="note"]').first().fill('Rách bìa sau');
    const [answer] = await Promise.all([
      second.waitForResponse((r) => r.request().method() === 'POST'),
      stale.getByRole('button', { name: 'Nhận trả' }).click(),
    ]);
    expect(answer.status()).to.equal(409);
    await second.waitForLoadState();
    expect(await second.getByRole('alert').textContent()).to.contain('Lượt mượn này đã kết thúc');
    const after = await testContext().services.copies.byBarcode(librarian.actor, world.schoolA.id, barcode);
    expect(after.history.filter((e) => e.to === 'damaged')).to.have.length(1);
  });
});
