/**
 * The desk in a real browser (headless chromium), scans typed as a keyboard-wedge scanner types
 * them (the code, then Enter): a card, two books (both on loan), a return, an unknown code. Then
 * the same desk without JavaScript, where each scan is a form posted.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { browserDesk, type BrowserDesk } from './deskBrowser.js';
import { testContext } from '../support/context.js';
import { addPrintedCopies } from '../support/printedCopies.js';

describe('browser: the desk with a barcode scanner', function () {
  this.timeout(180_000);
  let desk: BrowserDesk;
  let barcodes: string[] = [];

  before(async () => {
    desk = await browserDesk({ reader: 'Em Hoa', title: 'Tắt đèn' });
    barcodes = (await addPrintedCopies(desk.librarian.actor, desk.schoolId, desk.school.titleId, 4)).map(
      (c) => c.barcode,
    );
  });
  after(() => desk?.close());

  const deskPage = (javaScriptEnabled: boolean) => desk.deskPage({ javaScriptEnabled });

  /** As a scanner does: the characters typed fast into whatever has focus, then Enter. */
  const scan = (page: Page, code: string) => page.keyboard.type(`${code}\n`, { delay: 5 });
  const statusOf = async (barcode: string) =>
    (await testContext().services.copies.byBarcode(desk.librarian.actor, desk.schoolId, barcode)).status;

  it('lends two books after a card, takes one back, and says so for an unknown code, focus staying on the scan field', async () => {
    const page = await deskPage(true);
    const message = page.locator('#desk-message-text');
    const field = page.getByLabel('Quét thẻ thư viện hoặc mã sách');
    expect(await field.evaluate((el) => el === document.activeElement)).to.equal(true);

    await scan(page, desk.card.toLowerCase());
    await page.waitForFunction(() => document.getElementById('desk-message-text')?.textContent?.includes('Em Hoa'));
    expect(await page.locator('#desk-patron').textContent()).to.contain('Em Hoa');

    await scan(page, barcodes[0]!);
    await page.waitForFunction(() => document.querySelectorAll('#desk-loans tbody tr').length === 1);
    await scan(page, barcodes[1]!);
    await page.waitForFunction(() => document.querySelectorAll('#desk-loans tbody tr').length === 2);
    expect(await message.textContent()).to.match(/^Đã cho mượn “Tắt đèn” \(TK-00002\), hạn trả \d{4}-\d{2}-\d{2}\.$/);
    expect(await page.locator('#desk').getAttribute('data-last-tone')).to.equal('ok');
    expect(await statusOf(barcodes[0]!)).to.equal('on_loan');
    expect(await statusOf(barcodes[1]!)).to.equal('on_loan');

    // The same copy again: nothing changes, the desk says why, with the error tone.
    await scan(page, barcodes[1]!);
    await page.waitForFunction(() => document.getElementById('desk-reasons')?.textContent !== '');
    expect(await page.locator('#desk-reasons').textContent()).to.equal('Bạn đọc đang mượn chính bản sách này.');
    expect(await page.locator('#desk').getAttribute('data-last-tone')).to.equal('error');

    // Next reader: a book scanned alone is taken back.
    await page.getByRole('link', { name: 'Xong, bạn đọc tiếp theo' }).click();
    expect(await field.evaluate((el) => el === document.activeElement)).to.equal(true);
    await scan(page, barcodes[0]!);
    await page.waitForFunction(() =>
      document.getElementById('desk-message-text')?.textContent?.startsWith('Đã nhận trả'),
    );
    expect(await message.textContent()).to.equal('Đã nhận trả “Tắt đèn” (TK-00001).');
    expect(await statusOf(barcodes[0]!)).to.equal('available');

    await scan(page, 'KHONG-CO-MA-NAY');
    await page.waitForFunction(() => document.getElementById('desk')?.dataset.lastTone === 'error');
    expect(await message.textContent()).to.equal(
      'Không tìm thấy mã KHONG-CO-MA-NAY: không phải thẻ thư viện hay bản sách của trường.',
    );
    expect(await field.evaluate((el) => el === document.activeElement)).to.equal(true);
    await page.context().close();
  });

  it('works without JavaScript: each scan is a form posted, a card then a book, then a return', async () => {
    const page = await deskPage(false);
    const field = page.getByLabel('Quét thẻ thư viện hoặc mã sách');
    await field.fill(desk.card);
    await Promise.all([page.waitForLoadState(), field.press('Enter')]);
    await page.getByText('Đang phục vụ bạn đọc Em Hoa').waitFor();
    await page.getByLabel('Quét thẻ thư viện hoặc mã sách').fill(barcodes[2]!);
    await Promise.all([page.waitForLoadState(), page.getByLabel('Quét thẻ thư viện hoặc mã sách').press('Enter')]);
    await page.getByText('Đã cho mượn “Tắt đèn” (TK-00003)').waitFor();
    expect(await page.locator('#desk-loans tbody tr').count()).to.equal(2);
    expect(await statusOf(barcodes[2]!)).to.equal('on_loan');
    await page.getByRole('link', { name: 'Xong, bạn đọc tiếp theo' }).click();
    await page.getByLabel('Quét thẻ thư viện hoặc mã sách').fill(barcodes[2]!);
    await Promise.all([page.waitForLoadState(), page.getByLabel('Quét thẻ thư viện hoặc mã sách').press('Enter')]);
    await page.getByText('Đã nhận trả “Tắt đèn” (TK-00003).').waitFor();
    expect(await statusOf(barcodes[2]!)).to.equal('available');
    await page.context().close();
  });
});
