/**
 * A damaged return straight from the desk page in a real browser (headless chromium): with no
 * reader served, the librarian picks "damaged" beside the scan field, writes what is wrong and scans
 * the book as a scanner types it. The answer says it was recorded damaged, the copy is set aside
 * with that note, and the choice is back to "good" for the next scan.
 */
import { expect } from 'chai';
import { browserDesk, type BrowserDesk } from './deskBrowser.js';
import { testContext } from '../support/context.js';
import { lentCopies } from '../support/deskSchool.js';

describe('browser: a damaged return from the desk’s scan field', function () {
  this.timeout(180_000);
  let desk: BrowserDesk;
  let barcode = '';

  before(async () => {
    desk = await browserDesk({ reader: 'Em Hoa', title: 'Lão Hạc' });
    barcode = (await lentCopies(desk.school, 1))[0]!.copy.barcode;
  });
  const copy = () => testContext().services.copies.byBarcode(desk.librarian.actor, desk.schoolId, barcode);
  after(() => desk?.close());

  it('picks "damaged", writes the note, scans the book: recorded damaged, then back to "good"', async () => {
    const page = await desk.deskPage();

    await page.getByLabel('Bị hỏng').check();
    await page.getByLabel('Ghi chú (bắt buộc khi sách hỏng)').fill('Bong gáy sách');
    // The scanner types into the scan field once the librarian clicks back there (or any key brings it).
    await page.locator('#desk-code').focus();
    await page.keyboard.type(`${barcode}\n`, { delay: 5 });
    await page.waitForFunction(() => document.querySelector('#desk-message-text')?.textContent?.includes('hỏng'));
    expect(await page.locator('#desk-message-text').textContent()).to.equal(
      `Đã nhận trả “Lão Hạc” (${(await copy()).accessionNumber}) và ghi sách bị hỏng: Bong gáy sách.`,
    );
    expect(await page.getByLabel('Bình thường').isChecked()).to.equal(true);
    expect(await page.getByLabel('Ghi chú (bắt buộc khi sách hỏng)').inputValue()).to.equal('');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('desk-code');

    const after = await copy();
    expect(after.status).to.equal('damaged');
    expect(after.history.at(-1)).to.include({ to: 'damaged', note: 'Bong gáy sách' });
  });
});
