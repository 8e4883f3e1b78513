/**
 * A librarian imports the school's book list from Excel in a real browser (headless chromium): the
 * XLSX (made here with exceljs) is uploaded, the title column the guesser cannot know is chosen by
 * hand, the preview shows the row with a wrong ISBN and its reason, the import starts, the progress
 * bar moves while the worker runs, and the page turns into the result with the counts and the
 * refused row.
 */
import ExcelJS from 'exceljs';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchChromium, signedInPage } from './chromium.js';
import { startTestServer, testContext, type TestServer } from '../support/context.js';
import { person, province, uniqueIsbn, type TestPerson } from '../support/fixtures.js';
import { unique } from '../support/toolkit.js';

/** Ten steps of the worker's 100 rows: the bar has values to show between 0 and the result. */
const ROWS = 1000;

/** The list as a school keeps it: the title under a header of its own ("Tác phẩm"), one row with a misprinted ISBN. */
async function bookList(word: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh mục sách');
  sheet.addRow(['STT', 'Tác phẩm', 'Tác giả', 'ISBN', 'Số lượng']);
  for (let i = 1; i <= ROWS; i++)
    sheet.addRow([i, `Truyện ngắn ${word} số ${i}`, 'Nam Cao', i === 3 ? '978-604-0-25173-5' : uniqueIsbn(), 1]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Notes the bar's value as each page shows it and as it changes; a plain script, as tsx would add
 * its helpers to a function passed from here.
 */
const NOTE_BAR_VALUES = `document.addEventListener('DOMContentLoaded', function () {
  var el = document.getElementById('import-bar');
  if (!el) return;
  function note() {
    var seen = JSON.parse(sessionStorage.getItem('seen') || '[]');
    sessionStorage.setItem('seen', JSON.stringify(seen.concat([el.value])));
  }
  note();
  new MutationObserver(note).observe(el, { attributes: true, childList: true });
});`;

describe('browser: importing a spreadsheet', function () {
  this.timeout(300_000);
  let server: TestServer;
  let browser: Browser;
  let librarian: TestPerson;
  let schoolId = '';

  before(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    const { schoolA } = await province();
    schoolId = schoolA.id;
    librarian = await person([{ org: schoolA, role: 'librarian' }], 'Cô Thư');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await testContext().services.imports.worker.stop();
  });

  const signedIn = () => signedInPage(browser, server.url, librarian);

  it('uploads, maps a column, previews the bad row, imports with a moving progress bar, and shows the result', async () => {
    const { imports } = testContext().services;
    // The worker waits until the progress page is open, so that the bar is seen moving from 0.
    await imports.worker.stop();
    const word = unique('w');
    const page = await signedIn();
    await page.goto(`${server.url}/library/schools/${schoolId}/imports`);
    await page.getByLabel('Tệp biểu ghi').setInputFiles({
      name: 'danh-muc.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await bookList(word),
    });
    await Promise.all([
      page.waitForURL(/\/library\/imports\/[0-9a-f]{24}\/columns/),
      page.getByRole('button', { name: 'Tải lên và nhập' }).click(),
    ]);

    const titleColumn = page.getByLabel('Nhan đề', { exact: true });
    expect(await titleColumn.inputValue(), 'an unknown header is not guessed').to.equal('');
    expect(await page.getByLabel('Tác giả', { exact: true }).inputValue()).to.equal('Tác giả');
    await titleColumn.selectOption('Tác phẩm');
    await Promise.all([page.waitForURL(/\/preview$/), page.getByRole('button', { name: 'Xem trước' }).click()]);

    const badRow = page.locator('tr.error');
    expect(await badRow.count(), 'one row refused in the preview').to.equal(1);
    expect(await badRow.textContent()).to.include('ISBN 978-604-0-25173-5 sai chữ số kiểm tra');
    expect(await page.locator('tbody tr').first().textContent()).to.include(`Truyện ngắn ${word} số 1`);

    // Every value the bar shows is noted where reloads keep it: the page's own (the Refresh header,
    // every 3 s, as without JavaScript) as well as the script's polls (every second).
    await page.context().addInitScript({ content: NOTE_BAR_VALUES });
    await Promise.all([
      page.waitForURL(/\/library\/imports\/[0-9a-f]{24}$/),
      page.getByRole('button', { name: 'Bắt đầu nhập' }).click(),
    ]);
    const bar = page.locator('#import-bar');
    expect(await bar.evaluate((el) => (el as HTMLProgressElement).value)).to.equal(0);
    expect(await page.locator('#import-text').textContent(), 'nothing done yet').to.include('Đã xử lý 0 /');

    imports.worker.start(200);
    await page.waitForSelector('#import[data-finished="true"]', { timeout: 120_000 });
    const seen = JSON.parse((await page.evaluate(() => sessionStorage.getItem('seen'))) ?? '[]') as number[];
    expect(
      seen.filter((v) => v > 0 && v < 100),
      `the bar moved before the result (${seen.join(', ')})`,
    ).to.not.be.empty;

    expect(await page.locator('#import-counts').textContent()).to.equal(`Đã thêm ${ROWS - 1}, đã có 0, bị từ chối 1.`);
    expect(await page.locator('#import-bar').evaluate((el) => (el as HTMLProgressElement).value)).to.equal(100);
    const refused = page.locator('#import table tbody tr');
    expect(await refused.count()).to.equal(1);
    expect(await refused.textContent()).to.include('ISBN 978-604-0-25173-5 sai chữ số kiểm tra');
    expect(await page.getByRole('link', { name: 'Tải kết quả (XLSX)' }).getAttribute('href')).to.match(/result\.xlsx$/);
  });
});
