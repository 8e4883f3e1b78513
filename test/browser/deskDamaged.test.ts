/**
 * Marking a copy damaged at the desk in a real browser (headless chromium): the librarian scans the
 * reader's card, lends a book, follows the desk's link to the reader's page, ticks "damaged", writes
 * what is wrong and takes the book back; the copy is set aside as damaged with that note. The same
 * form sent again (the page left open in a second tab) is refused, saying the loan already ended.
 */
import { expect } from 'chai';
import { browserDesk, type BrowserDesk } from './deskBrowser.js';
import { testContext } from '../support/context.js';
import { addPrintedCopies } from '../support/printedCopies.js';

describe('browser: a copy taken back damaged at the desk', function () {
  this.timeout(180_000);
  let desk: BrowserDesk;
  let barcode = '';

  before(async () => {
    desk = await browserDesk({ reader: 'Em Hoa', title: 'Số đỏ' });
    barcode = (await addPrintedCopies(desk.librarian.actor, desk.schoolId, desk.school.titleId, 1))[0]!.barcode;
  });
  after(() => desk?.close());

  it('lends at the desk, then takes the book back damaged from the reader’s page, once', async () => {
    const page = await desk.deskPage();
    const message = page.locator('#desk-message-text');
    await page.keyboard.type(`${desk.card}\n`, { delay: 5 });
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
    const copy = await testContext().services.copies.byBarcode(desk.librarian.actor, desk.schoolId, barcode);
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
    const after = await testContext().services.copies.byBarcode(desk.librarian.actor, desk.schoolId, barcode);
    expect(after.history.filter((e) => e.to === 'damaged')).to.have.length(1);
  });
});
