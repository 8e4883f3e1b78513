/**
 * A learner places a hold on a printed title from inside Moodle, in headless Chromium: the test
 * platform's course page frames the tool after a real OIDC launch, the learner sees the copies on
 * the shelf at their school and presses the hold button inside the frame (the ltik is the session:
 * no cookie of ours), the frame says the hold is placed, the queue holds it, and launching again
 * shows it held with no second button.
 */
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { identityKey } from '../../../src/domain/person.js';
import { launchChromium } from '../../browser/chromium.js';
import { testContext } from '../../support/context.js';
import { person, printedTitle } from '../../support/fixtures.js';
import { ROLE } from '../../support/ltiPlatform.js';
import { addPrintedCopies } from '../../support/printedCopies.js';
import { coursePageUrl } from './coursePage.js';
import { startLtiHarness, type LtiHarness } from './harness.js';

describe('browser: a learner places a hold on a printed title inside the Moodle course frame', function () {
  this.timeout(120_000);
  let h: LtiHarness;
  let browser: Browser;
  let titleId: string;

  before(async () => {
    h = await startLtiHarness();
    const librarian = await person([{ org: h.schoolA, role: 'librarian' }]);
    titleId = (await printedTitle(librarian.actor, h.schoolA, { metadata: { title: 'Đất rừng phương Nam' } })).id;
    await addPrintedCopies(librarian.actor, h.schoolA.id, titleId, 3);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await h?.stop();
  });

  const coursePage = (hint: Record<string, unknown>, sub: string) => coursePageUrl(h, hint, sub);
  /** The learner's launch of the title; `launch` tells the platform's hints apart (each is answered once). */
  const learnerLaunch = (launch: string) => ({
    roles: [ROLE.learner],
    name: 'Trần Thị Hoa',
    custom: { tvs_resource_id: titleId },
    context: { id: 'c-doc-sach', title: 'Câu lạc bộ đọc sách' },
    launch,
  });

  it('shows the copies at the learner’s school, takes the hold from the button in the frame, and shows it held next time', async () => {
    const context = await browser.newContext({ locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(coursePage(learnerLaunch('first'), 'hs-browser-hold'));
    const tool = page.frameLocator('#tool');
    await tool.getByText(`Sách in tại thư viện ${h.schoolA.name}`).waitFor();
    await tool.getByText('Còn 3 trên 3 bản trên giá.').waitFor();

    await tool.getByRole('button', { name: 'Đặt trước sách này' }).click();
    await tool.getByText(`Đã đặt trước. Thư viện ${h.schoolA.name} sẽ báo cho bạn`).waitFor();
    expect(page.frames().some((f) => f.url().startsWith(`${h.server.url}/lti/holds`))).to.equal(true);
    expect(
      (await context.cookies(h.server.url)).filter((c) => c.name.startsWith('tvs.sid')),
      'the ltik is the session, not a cookie',
    ).to.deep.equal([]);

    const learner = await testContext().services.accounts.personByIdentity(
      identityKey('lti', h.platform.url, 'hs-browser-hold'),
    );
    const queue = await testContext().services.holds.queue(h.schoolA.id, titleId);
    expect(queue.map((q) => q.patronId)).to.deep.equal([learner!.id]);

    // Launched again from the course: the hold is shown, and no second button is offered.
    await page.goto(coursePage(learnerLaunch('again'), 'hs-browser-hold'));
    await tool.getByText('Bạn đã đặt trước sách này').waitFor();
    expect(await tool.getByRole('button', { name: 'Đặt trước sách này' }).count()).to.equal(0);
    await context.close();
  });
});
