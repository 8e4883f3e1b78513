/**
 * The picker and a launch in headless Chromium, inside an iframe of the test platform's course
 * page, as Moodle shows them.
 */
import { Readable } from 'node:stream';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { demoPdf } from '../../../src/seed/files.js';
import { launchChromium, launchChromiumWithPreferences, refuseCookiesOf } from '../../browser/chromium.js';
import { testContext } from '../../support/context.js';
import { person, resource, system } from '../../support/fixtures.js';
import { ROLE } from '../../support/ltiPlatform.js';
import { pollUntil } from '../../support/toolkit.js';
import { coursePageUrl } from './coursePage.js';
import { startLtiHarness, type LtiHarness } from './harness.js';

describe('browser: the LTI picker and a launch inside the platform’s iframe', function () {
  this.timeout(120_000);
  let h: LtiHarness;
  let browser: Browser;
  const marker = `b${Date.now().toString(36)}`;
  const manyTitles = Array.from({ length: 22 }, (_, i) => `Địa lí 8 – Bài ${i + 1} ${marker}`);
  const manyIds = new Map<string, string>();

  before(async () => {
    h = await startLtiHarness();
    const teacher = await person([{ org: h.schoolA, role: 'teacher' }]);
    for (const title of [
      'Lịch sử 8 – Cách mạng tư sản Anh',
      'Lịch sử 8 – Cách mạng Pháp',
      'Lịch sử 8 – Cách mạng công nghiệp',
      'Lịch sử 8 – Phong trào công nhân',
    ]) {
      await resource(teacher.actor, h.schoolA, { metadata: { title: `${title} ${marker}`, subject: 'lich-su' } });
    }
    for (const title of manyTitles)
      manyIds.set(title, (await resource(teacher.actor, h.schoolA, { metadata: { title, subject: 'dia-li' } })).id);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await h?.stop();
  });

  // The picker opens narrowed to the course's subject and grade; these courses' names say neither,
  // so that the picker starts on everything (the narrowing has its own test: courseNarrowing.test.ts).
  const course = { id: 'course-browser', title: 'Bồi dưỡng thường xuyên giáo viên' };
  const coursePage = (hint: Record<string, unknown>, sub: string) => coursePageUrl(h, hint, sub);

  it('lets a teacher pick three items; the platform receives three ltiResourceLinks', async () => {
    const context = await browser.newContext({ locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(
      coursePage({ messageType: 'LtiDeepLinkingRequest', roles: [ROLE.instructor], context: course }, 'gv-browser'),
    );
    const tool = page.frameLocator('#tool');
    await tool.getByRole('searchbox').fill(`lich su 8 ${marker}`);
    await tool.getByRole('button', { name: 'Tìm', exact: true }).click();
    await tool.locator(`input[name="q"][value="lich su 8 ${marker}"]`).waitFor();
    expect(await tool.locator('input[name="resourceIds"]').count()).to.equal(4);
    for (const i of [0, 1, 2]) await tool.locator('input[name="resourceIds"]').nth(i).check();
    const received = h.platform.deepLinkResponses.length;
    await tool.getByRole('button', { name: 'Thêm vào khoá học' }).click();
    await tool.locator('#received').waitFor();
    expect(h.platform.deepLinkResponses.length).to.equal(received + 1);
    const items = h.platform.deepLinkResponses.at(-1)![
      'https://purl.imsglobal.org/spec/lti-dl/claim/content_items'
    ] as { type: string; title: string }[];
    expect(items.map((i) => i.type)).to.deep.equal(['ltiResourceLink', 'ltiResourceLink', 'ltiResourceLink']);
    expect(items.every((i) => i.title.includes(marker))).to.equal(true);
    await context.close();
  });

  it('keeps the items a teacher picks on two result pages, lets one be removed, and returns one ltiResourceLink for each', async () => {
    const context = await browser.newContext({ locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(
      coursePage(
        { messageType: 'LtiDeepLinkingRequest', roles: [ROLE.instructor], launch: 'picker-pages', context: course },
        'gv-pages',
      ),
    );
    const tool = page.frameLocator('#tool');
    await tool.getByRole('searchbox').fill(`dia li 8 ${marker}`);
    await tool.getByRole('searchbox').press('Enter');
    await tool.getByText('Trang 1/2').waitFor();
    const titleOf = async (i: number) => (await tool.locator('.lti-results li strong').nth(i).textContent())!;
    const firstPage = [await titleOf(0), await titleOf(1)];
    for (const i of [0, 1]) await tool.locator('input[name="resourceIds"]').nth(i).check();

    await tool.getByRole('button', { name: 'Trang sau →' }).click();
    await tool.getByText('Trang 2/2').waitFor();
    await tool.getByRole('heading', { name: 'Đã chọn 2 mục' }).waitFor();
    await tool.getByRole('button', { name: `Bỏ chọn “${firstPage[0]}”` }).click();
    await tool.getByRole('heading', { name: 'Đã chọn 1 mục' }).waitFor();
    await tool.getByText('Trang 2/2').waitFor();
    const secondPage = await titleOf(0);
    await tool.locator('input[name="resourceIds"]').nth(0).check();

    const received = h.platform.deepLinkResponses.length;
    await tool.getByRole('button', { name: 'Thêm vào khoá học' }).click();
    await tool.locator('#received').waitFor();
    expect(h.platform.deepLinkResponses.length).to.equal(received + 1);
    const items = h.platform.deepLinkResponses.at(-1)![
      'https://purl.imsglobal.org/spec/lti-dl/claim/content_items'
    ] as { type: string; title: string; custom: Record<string, string> }[];
    expect(items.map((i) => i.title)).to.deep.equal([firstPage[1], secondPage]);
    expect(items.map((i) => i.custom.tvs_resource_id)).to.deep.equal([
      manyIds.get(firstPage[1]!),
      manyIds.get(secondPage),
    ]);
    expect(items.every((i) => i.type === 'ltiResourceLink')).to.equal(true);
    await context.close();
  });

  it('shows a school-only PDF of another school in the iframe through the ltik alone, and reports completion at its last page', async () => {
    const title = `Toán 9 – Hệ thức lượng ${marker}`;
    const owner = await person([{ org: h.schoolB, role: 'teacher' }]);
    const draft = await resource(owner.actor, h.schoolB, { status: 'draft', scope: 'school', metadata: { title } });
    const { files, resources } = testContext().services;
    const withFile = await files.upload(owner.actor, draft.id, draft.version, {
      stream: Readable.from([await demoPdf(title, ['sin, cos, tan trong tam giác vuông.'])]),
      filename: 'He thuc luong.pdf',
    });
    const submitted = await resources.transition(owner.actor, draft.id, withFile.version, 'submit');
    await resources.transition(await system(), draft.id, submitted.version, 'approve');

    const context = await browser.newContext({ locale: 'vi-VN' });
    const page = await context.newPage();
    const scores = h.platform.scores.length;
    await page.goto(
      coursePage({ roles: [ROLE.learner], custom: { tvs_resource_id: draft.id }, lineItem: true }, 'hs-pdf'),
    );
    const tool = page.frameLocator('#tool');
    await tool.locator('.pdf-viewer [data-role=pages]').filter({ hasText: '1' }).waitFor();
    expect(await context.cookies(h.server.url)).to.satisfy((cookies: { name: string }[]) =>
      cookies.every((c) => !c.name.startsWith('tvs.sid')),
    );
    const drawn = await tool
      .locator('.pdf-viewer canvas')
      .evaluate((canvas: HTMLCanvasElement) => canvas.width > 0 && canvas.height > 0);
    expect(drawn).to.equal(true);
    await pollUntil(() => h.platform.scores.length > scores, { message: 'the platform received a score' });
    expect(h.platform.scores.length).to.equal(scores + 1);
    expect(h.platform.scores.at(-1)!.body).to.deep.include({ userId: 'hs-pdf', scoreGiven: 1, scoreMaximum: 1 });
    await context.close();
  });

  it('lets a teacher whose frame gets no cookie pick in a new window; the answer reaches the platform inside its frame, as Moodle needs', async () => {
    // A browser that refuses our cookies inside the course page, partitioned or not, as Safari does
    // (a site exception in chrome://settings/cookies); at top level, in the new window, it keeps them.
    const refusing = await launchChromiumWithPreferences(
      { profile: refuseCookiesOf(h.server.url, h.platform.url) },
      { locale: 'vi-VN' },
    );
    const { context } = refusing;
    const page = await context.newPage();
    await page.goto(
      coursePage(
        {
          messageType: 'LtiDeepLinkingRequest',
          roles: [ROLE.instructor],
          launch: 'picker-new-window',
          context: course,
        },
        'gv-new-window',
      ),
    );
    const tool = page.frameLocator('#tool');
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      tool.getByRole('button', { name: 'Mở trong cửa sổ mới' }).click(),
    ]);
    await popup.getByRole('searchbox').fill(`lich su 8 ${marker}`);
    await popup.getByRole('button', { name: 'Tìm', exact: true }).click();
    await popup.locator(`input[name="q"][value="lich su 8 ${marker}"]`).waitFor();
    await popup.locator('input[name="resourceIds"]').first().check();
    const received = h.platform.deepLinkResponses.length;
    await popup.getByRole('button', { name: 'Thêm vào khoá học' }).click();
    // Moodle's return page works only inside its own dialogue: the answer must arrive in the course page's frame.
    await tool.locator('#received').waitFor();
    expect(h.platform.deepLinkResponses.length).to.equal(received + 1);
    await refusing.close();
  });
});
