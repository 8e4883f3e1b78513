/**
 * The librarians' inter-library page in a real browser with JavaScript turned off: the copy's
 * barcode typed into the row's field as a scanner types it (then Enter) sends the request, the page
 * says so and the row moves to "sent"; an unknown code is answered on the field, with focus back
 * on it, and changes nothing.
 */
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchChromium, signedInPage } from './chromium.js';
import { startTestServer, testContext, type TestServer } from '../support/context.js';
import { person, printedTitle, province, type TestPerson } from '../support/fixtures.js';
import { addPrintedCopies } from '../support/printedCopies.js';

describe('browser: sending an inter-library request by scanning, without JavaScript', function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: Browser;
  let librarian: TestPerson;
  let schoolId: string;
  let requestId: string;
  let barcode: string;

  before(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    const { schoolA, schoolB } = await province();
    schoolId = schoolA.id;
    librarian = await person([{ org: schoolA, role: 'librarian' }], 'Thủ thư A');
    const student = await person([{ org: schoolB, role: 'student' }], 'Em Khoa');
    const title = await printedTitle(librarian.actor, schoolA, { metadata: { title: 'Bỉ vỏ' } });
    barcode = (await addPrintedCopies(librarian.actor, schoolA.id, title.id, 1))[0]!.barcode;
    requestId = (
      await testContext().services.interLibrary.request(student.actor, {
        resourceId: title.id,
        borrowingOrgId: schoolB.id,
        lendingOrgId: schoolA.id,
        note: null,
      })
    ).id;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sends the copy scanned into the row, and answers an unknown code on the field', async () => {
    const page = await signedInPage(browser, server.url, librarian, { javaScriptEnabled: false });
    await page.goto(`${server.url}/library/schools/${schoolId}`);
    await page.getByRole('link', { name: 'Mượn liên thư viện (yêu cầu đến và đi)' }).click();

    const row = page.locator(`#request-${requestId}`);
    await row.getByText('Em Khoa').waitFor();
    const field = row.getByLabel('Mã vạch hoặc số đăng ký cá biệt');
    await field.click();
    await page.keyboard.type('KHONG-CO-123\n', { delay: 5 });
    await row.getByText('Thư viện trường không có bản sách nào mang mã «KHONG-CO-123»').waitFor();
    expect(
      await row.getByLabel('Mã vạch hoặc số đăng ký cá biệt').evaluate((el) => el === document.activeElement),
    ).to.equal(true);
    expect((await testContext().services.interLibrary.load(librarian.actor, requestId)).status).to.equal('requested');

    await row.getByLabel('Mã vạch hoặc số đăng ký cá biệt').fill('');
    await page.keyboard.type(`${barcode}\n`, { delay: 5 });
    await page.getByText('Đã ghi nhận: sách đã được gửi đi.').waitFor();
    expect(await page.locator(`#request-${requestId}`).getAttribute('data-status')).to.equal('sent');
    expect((await testContext().services.copies.byBarcode(librarian.actor, schoolId, barcode)).status).to.equal(
      'in_transit',
    );
    await page.context().close();
  });
});
