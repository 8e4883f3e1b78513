/**
 * The upload and approval flow in a real browser (headless chromium): a teacher creates a resource
 * and uploads a PDF, submits it; a librarian of the school approves it; a student of the school
 * finds it by a search typed without diacritics and opens it; a student of another school does not
 * find it (school-only scope) and gets 404 on its URL.
 */
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchChromium, signedInPage } from './chromium.js';
import { startTestServer, type TestServer } from '../support/context.js';
import { person, province, type TestPerson } from '../support/fixtures.js';
import { onePagePdf } from './pdf.js';

describe('browser: a teacher uploads, a librarian approves, students search', function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh browser profile signed in through the login page. */
  const signIn = (who: TestPerson) => signedInPage(browser, server.url, who);

  it('goes from upload to approval to a search that finds it only in its own school', async () => {
    const { schoolA, schoolB } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }], 'Cô Hạnh');
    const librarian = await person([{ org: schoolA, role: 'librarian' }], 'Thầy Tâm');
    const studentA = await person([{ org: schoolA, role: 'student' }], 'Em An');
    const studentB = await person([{ org: schoolB, role: 'student' }], 'Em Bình');
    const marker = `m${Date.now().toString(36)}`;
    const title = `Địa lí địa phương: sông Đà ${marker}`;

    // The teacher creates the resource, uploads a PDF and submits it.
    const t = await signIn(teacher);
    await t.getByRole('link', { name: 'Tải lên' }).click();
    await t.getByLabel('Nhan đề').fill(title);
    await t.getByLabel('Loại học liệu').selectOption('sach-dien-tu');
    await t.getByLabel('Cấp học').selectOption('thcs');
    await t.getByLabel('Môn học').selectOption('lich-su-dia-li');
    await t.getByLabel('Lớp 8').check();
    await t.getByLabel('Chỉ trường tôi').check();
    await Promise.all([
      t.waitForURL(/\/resources\/[0-9a-f]{24}$/),
      t.getByRole('button', { name: 'Tạo học liệu' }).click(),
    ]);
    const itemUrl = t.url();
    expect(await t.getByRole('heading', { level: 1 }).textContent()).to.equal(title);

    await t
      .getByLabel(/Thêm tệp/)
      .setInputFiles({ name: 'sông-Đà.pdf', mimeType: 'application/pdf', buffer: onePagePdf('Song Da') });
    // The upload and the submission come back to the same page: wait for what changes on it.
    await t.getByRole('button', { name: 'Tải tệp lên' }).click();
    await t.getByText('sông-Đà.pdf').first().waitFor();
    expect(t.url()).to.equal(itemUrl);
    expect(await t.getByRole('button', { name: 'Gỡ tệp “sông-Đà.pdf”' }).count(), 'its editor may remove it').to.equal(
      1,
    );
    await t.getByRole('button', { name: 'Gửi duyệt' }).click();
    await t.locator('.card-meta .status', { hasText: 'Chờ duyệt' }).waitFor();

    // The librarian approves it from the review queue.
    const l = await signIn(librarian);
    await l.getByRole('link', { name: 'Duyệt học liệu' }).click();
    const queued = l.locator('.review-item', { hasText: title });
    await queued.getByRole('button', { name: 'Duyệt và xuất bản' }).click();
    await queued.waitFor({ state: 'detached' });
    expect(l.url()).to.equal(`${server.url}/review`);

    // A student of the school finds it without diacritics and opens it.
    const a = await signIn(studentA);
    await a.getByRole('searchbox').fill(`dia li song da ${marker}`);
    await Promise.all([a.waitForURL(/\/search\?/), a.getByRole('button', { name: 'Tìm', exact: true }).click()]);
    await Promise.all([a.waitForURL(itemUrl), a.getByRole('link', { name: title }).click()]);
    expect(await a.getByRole('heading', { level: 1 }).textContent()).to.equal(title);
    expect(await a.getByText('sông-Đà.pdf').count(), 'the student sees the file').to.be.greaterThan(0);
    expect(await a.locator('.pdf-viewer canvas').count(), 'in the PDF viewer').to.equal(1);
    expect(await a.getByRole('button', { name: /Gỡ tệp/ }).count(), 'but may not remove it').to.equal(0);

    // A student of another school finds nothing and may not open it.
    const b = await signIn(studentB);
    await b.getByRole('searchbox').fill(`dia li song da ${marker}`);
    await Promise.all([b.waitForURL(/\/search\?/), b.getByRole('button', { name: 'Tìm', exact: true }).click()]);
    expect(await b.getByRole('link', { name: title }).count()).to.equal(0);
    expect(await b.getByText('Không tìm thấy học liệu phù hợp').count()).to.equal(1);
    const refused = await b.goto(itemUrl);
    expect(refused!.status()).to.equal(404);
  });
});
