/**
 * Launches in a real Chromium that blocks third-party cookies, with the course page (the test
 * platform, on 127.0.0.1) and our tool (on localhost) on different sites, and the tool on its
 * production cookie settings (an https base URL: the login state cookie is SameSite=None; Secure;
 * Partitioned; Chromium treats http://localhost as a secure origin).
 */
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { expect } from 'chai';
import type { Frame, Page } from 'playwright-core';
import { blockThirdPartyCookies, launchChromiumWithPreferences, refuseCookiesOf } from '../../browser/chromium.js';
import { startTestServer, type TestServer } from '../../support/context.js';
import { freePort } from '../../support/toolkit.js';
import { person, resource } from '../../support/fixtures.js';
import { ROLE } from '../../support/ltiPlatform.js';
import { startLtiHarness, type LtiHarness } from './harness.js';

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function frameOf(page: Page): Promise<Frame> {
  return (await (await page.locator('#tool').elementHandle())!.contentFrame())!;
}

describe('browser: LTI launches when the browser blocks third-party cookies', function () {
  this.timeout(120_000);
  let h: LtiHarness;
  let tool: TestServer;
  let toolUrl: string;
  let cookieProbe: Server;
  let probeUrl: string;
  let schoolOnlyId: string;
  const title = `Vật lí 9 – Đề ôn tập nội bộ ${Date.now().toString(36)}`;
  const browsers: { close(): Promise<void> }[] = [];

  before(async () => {
    h = await startLtiHarness();
    const port = await freePort();
    tool = await startTestServer({ baseUrl: `https://localhost:${port}` }, port);
    toolUrl = `http://localhost:${port}`;
    // A page that sets an ordinary cross-site cookie (SameSite=None; Secure) and shows what comes back.
    cookieProbe = createServer((req, res) => {
      if (req.url === '/set') {
        res.writeHead(302, { 'set-cookie': 'probe=1; SameSite=None; Secure; Path=/', location: '/echo' }).end();
      } else {
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(`<!doctype html><p id="cookies">${req.headers.cookie ?? 'no cookie'}</p>`);
      }
    });
    probeUrl = `http://localhost:${await listen(cookieProbe)}`;
    const teacherB = await person([{ org: h.schoolB, role: 'teacher' }]);
    schoolOnlyId = (await resource(teacherB.actor, h.schoolB, { scope: 'school', metadata: { title } })).id;
  });
  afterEach(async () => {
    for (const browser of browsers.splice(0)) await browser.close();
  });
  after(async () => {
    await new Promise((resolve) => cookieProbe?.close(resolve));
    await tool?.close();
    await h?.stop();
  });

  const browserWith = async (profile: Record<string, unknown>) => {
    const browser = await launchChromiumWithPreferences({ profile }, { locale: 'vi-VN' });
    browsers.push(browser);
    return browser.context;
  };

  const coursePage = (src: string) => `${h.platform.url}/course?src=${encodeURIComponent(src)}`;
  const launchInCourse = (sub: string) => {
    const login = new URL(`${toolUrl}/lti/login`);
    const hint = { roles: [ROLE.learner], custom: { tvs_resource_id: schoolOnlyId }, launch: sub }; // a platform answers each hint once
    login.search = new URLSearchParams({
      iss: h.platform.url,
      login_hint: sub,
      target_link_uri: `${toolUrl}/lti`,
      client_id: h.platform.clientId,
      lti_deployment_id: h.platform.deploymentId,
      lti_message_hint: JSON.stringify(hint),
    }).toString();
    return coursePage(login.toString());
  };

  it('really blocks them: a cookie set inside the course page’s frame by another site is not sent back, the same cookie at top level is', async () => {
    const context = await browserWith(blockThirdPartyCookies);
    const page = await context.newPage();
    await page.goto(coursePage(`${probeUrl}/set`));
    await page.frameLocator('#tool').locator('#cookies').waitFor();
    expect(await page.frameLocator('#tool').locator('#cookies').textContent()).to.equal('no cookie');
    await page.goto(`${probeUrl}/set`);
    expect(await page.locator('#cookies').textContent()).to.equal('probe=1');
  });

  it('launches inside the frame all the same: the state cookie is partitioned, then the ltik alone carries the session', async () => {
    const context = await browserWith(blockThirdPartyCookies);
    const page = await context.newPage();
    const [login] = await Promise.all([
      page.waitForResponse((r) => r.url().startsWith(`${toolUrl}/lti/login`)),
      page.goto(launchInCourse('hs-3pc')),
    ]);
    await page.frameLocator('#tool').getByRole('heading', { name: title }).waitFor();
    const stateCookie = (await login.headerValue('set-cookie'))!.split('; ');
    expect(stateCookie[0]).to.match(/^state[\w.-]+=/);
    expect(stateCookie).to.include.members(['Secure', 'Partitioned', 'SameSite=None']);
    expect(
      await context.cookies(toolUrl),
      'the state cookie is cleared after the launch, and no session cookie is set',
    ).to.deep.equal([]);

    // The viewer's requests from the frame: the school-only item of another school opens with the ltik, sending no cookie.
    const frame = await frameOf(page);
    const ltik = (await frame.locator('[data-ltik]').getAttribute('data-ltik'))!;
    const statuses = await frame.evaluate(
      (urls) => Promise.all(urls.map((url) => fetch(url, { credentials: 'omit' }).then((r) => r.status))),
      [`/api/v1/resources/${schoolOnlyId}?ltik=${encodeURIComponent(ltik)}`, `/api/v1/resources/${schoolOnlyId}`],
    );
    expect(statuses).to.deep.equal([200, 404]);
  });

  it('offers a new window when the browser refuses even partitioned cookies in the frame, and the launch completes there at top level', async () => {
    // As Safari does: no cookie at all for the tool inside the course page (a site exception in chrome://settings/cookies).
    const context = await browserWith(refuseCookiesOf(toolUrl, h.platform.url));
    const page = await context.newPage();
    await page.goto(launchInCourse('hs-3pc-window'));
    const frame = page.frameLocator('#tool');
    const open = frame.getByRole('button', { name: 'Mở trong cửa sổ mới' });
    await open.waitFor();
    expect(await frame.getByRole('heading', { name: title }).count()).to.equal(0);
    const [popup] = await Promise.all([context.waitForEvent('page'), open.click()]);
    await popup.getByRole('heading', { name: title }).waitFor();
    expect(popup.url()).to.equal(`${toolUrl}/lti`);
  });
});
