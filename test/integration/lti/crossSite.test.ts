/**
 * The tool and the platform on different sites over plain http (the tool on localhost, the platform
 * on 127.0.0.1), in a Chromium profile that blocks third-party cookies: how a Moodle tried beside
 * the tool on one machine sees it. Browsers keep our Secure, partitioned state cookie there (a
 * loopback address is a secure context), so the launch completes inside the frame.
 */
import { expect } from 'chai';
import type { BrowserContext } from 'playwright-core';
import { blockThirdPartyCookies, launchChromiumWithPreferences } from '../../browser/chromium.js';
import { person, resource } from '../../support/fixtures.js';
import { ROLE } from '../../support/ltiPlatform.js';
import { startLtiHarness, type LtiHarness } from './harness.js';

describe('browser: the tool on another site than the platform, third-party cookies blocked', function () {
  this.timeout(120_000);
  let h: LtiHarness;
  let browser: Awaited<ReturnType<typeof launchChromiumWithPreferences>>;
  let context: BrowserContext;
  const title = `Sinh học 7 – Quang hợp ${Date.now().toString(36)}`;
  let itemId: string;

  before(async () => {
    h = await startLtiHarness({ toolHost: 'localhost' });
    const teacher = await person([{ org: h.schoolA, role: 'teacher' }]);
    itemId = (await resource(teacher.actor, h.schoolA, { metadata: { title } })).id;
    browser = await launchChromiumWithPreferences({ profile: blockThirdPartyCookies }, { locale: 'vi-VN' });
    context = browser.context;
  });
  after(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('opens the item inside the frame, and the platform shows our icon', async () => {
    const login = new URL(`${h.toolUrl}/lti/login`);
    const hint = { roles: [ROLE.learner], custom: { tvs_resource_id: itemId } };
    login.search = new URLSearchParams({
      iss: h.platform.url,
      login_hint: 'hs-cross-site',
      target_link_uri: `${h.toolUrl}/lti`,
      client_id: h.platform.clientId,
      lti_deployment_id: h.platform.deploymentId,
      lti_message_hint: JSON.stringify(hint),
    }).toString();
    const page = await context.newPage();
    await page.goto(`${h.platform.url}/course?src=${encodeURIComponent(login.toString())}`);
    await page.frameLocator('#tool').getByRole('heading', { name: title }).waitFor();
    // The partitioned state cookie came back with the platform's post (else the new-window page would show), and was cleared.
    expect((await context.cookies(h.toolUrl)).filter((c) => c.name.startsWith('state'))).to.deep.equal([]);
    expect(
      await page.locator('#tool-icon').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
    ).to.equal(true);
  });
});
