/**
 * The class-list import in a real browser (headless chromium), as a librarian goes through it:
 * choose a file, see the preview ask for the column it could not guess, choose it in the list,
 * preview again with each bad row's number and reason, import the good rows, read the result.
 * The pages use no script: what is tested is the forms as the browser submits them.
 */
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { peopleByStudentCodes } from '../../src/models/classMembership.js';
import { startTestServer, type TestServer } from '../support/context.js';
import { person, province, type TestPerson } from '../support/fixtures.js';
import { unique } from '../support/toolkit.js';
import { launchChromium, signedInPage } from './chromium.js';

describe('browser: the class-list import preview', function () {
  this.timeout(180_000);
  let server: TestServer;
  let browser: Browser;
  let school: Awaited<ReturnType<typeof province>>['schoolA'];
  let librarian: TestPerson;

  before(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    school = (await province()).schoolA;
    librarian = await person([{ org: school, role: 'librarian' }], 'Cô Thư');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('asks for the column it could not guess, shows each bad row, and imports the good ones', async () => {
    const tag = unique().toUpperCase();
    const csv = ['Mã HS,Tên,Lớp', `${tag}-1,Lý Thu Trang,7A2`, `${tag}-2,Hồ Văn Sơn,7A2`, `${tag}-3,,7A2`].join('\n');
    const page = await signedInPage(browser, server.url, librarian);

    await page.goto(`${server.url}/library/schools/${school.id}/classes/import?year=2026-2027`);
    await page.getByLabel('Tệp danh sách').setInputFiles({
      name: 'lop7.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await Promise.all([
      page.waitForURL(/\/classes\/import\/[0-9a-f]{24}$/),
      page.getByRole('button', { name: 'Tải lên và xem trước' }).click(),
    ]);
    // "Tên" alone is not a header it knows for the full name: it asks, and shows no rows yet.
    expect(await page.locator('#col-fullName-error').textContent()).to.equal('Hãy chọn cột cho trường này.');
    expect(await page.locator('#import-rows').count()).to.equal(0);

    await page.getByLabel('Họ và tên').selectOption({ label: 'Tên' });
    await Promise.all([page.waitForURL(/col_fullName=1/), page.getByRole('button', { name: 'Xem trước lại' }).click()]);
    expect(await page.locator('#import-counts').textContent()).to.equal('3 dòng: 2 hợp lệ, 1 bị từ chối.');
    const refused = page.locator('tr.refused');
    expect(await refused.getAttribute('data-row')).to.equal('4');
    expect(await refused.locator('li').allTextContents()).to.deep.equal(['Họ và tên: không được để trống']);

    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Nhập 2 dòng hợp lệ' }).click(),
    ]);
    await page.locator('#import-result').waitFor();
    expect(await page.locator('#import-result').textContent()).to.equal(
      'Năm học 2026-2027: 2 học sinh mới, 0 cập nhật, 0 không thay đổi, 1 dòng bị từ chối.',
    );
    expect((await peopleByStudentCodes(school.id, [`${tag}-1`, `${tag}-2`, `${tag}-3`])).size).to.equal(2);
  });
});
