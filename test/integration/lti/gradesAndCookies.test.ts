import { expect } from 'chai';
import { startTestServer, testContext } from '../../support/context.js';
import { person, resource } from '../../support/fixtures.js';
import { ROLE } from '../../support/ltiPlatform.js';
import { startLtiHarness, type LtiHarness } from './harness.js';
import { CookieJar } from '../../support/toolkit.js';

describe('LTI completion (AGS) and browsers that block third-party cookies', function () {
  this.timeout(60_000);
  let h: LtiHarness;
  let itemId: string;

  before(async () => {
    h = await startLtiHarness();
    const teacher = await person([{ org: h.schoolA, role: 'teacher' }]);
    itemId = (
      await resource(teacher.actor, h.schoolA, { metadata: { title: 'Địa lí 9 – Vùng Đồng bằng sông Cửu Long' } })
    ).id;
  });
  after(() => h.stop());

  const ltikOf = (html: string) => /data-ltik="([^"]+)"/.exec(html)![1]!;
  const progress = (ltik: string, body: unknown) =>
    fetch(`${h.server.url}/lti/progress`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ltik}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it("posts a score of 1/1 to the link's line item once the learner has opened the item", async () => {
    const launch = await h.platform.launch(h.server.url, {
      sub: 'hs-ags',
      roles: [ROLE.learner],
      custom: { tvs_resource_id: itemId },
      lineItem: true,
    });
    expect(launch.status, launch.html).to.equal(200);
    expect(launch.html).to.contain('data-progress-url="/lti/progress"');
    const res = await progress(ltikOf(launch.html), { event: 'opened' });
    expect(res.status).to.equal(204);
    const score = h.platform.scores.at(-1)!;
    expect(score.lineItem).to.equal('li-1');
    expect(score.body).to.deep.include({
      userId: 'hs-ags',
      scoreGiven: 1,
      scoreMaximum: 1,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    });
  });

  it('posts nothing for a link without a line item, and refuses a progress event without a valid ltik or with a bad body', async () => {
    const before = h.platform.scores.length;
    const launch = await h.platform.launch(h.server.url, {
      roles: [ROLE.learner],
      custom: { tvs_resource_id: itemId },
    });
    expect(launch.html).not.to.contain('data-progress-url');
    expect((await progress(ltikOf(launch.html), { event: 'opened' })).status).to.equal(204);
    expect(h.platform.scores.length).to.equal(before);
    expect((await progress(ltikOf(launch.html), { event: 'hacked' })).status).to.equal(400);
    expect((await progress('not-a-token', { event: 'opened' })).status).to.equal(401);
  });

  /** A login with a message hint, answered by the platform and posted back without our state cookie. */
  async function launchWithoutCookie(sub: string) {
    const login = await fetch(
      `${h.server.url}/lti/login?${new URLSearchParams({ iss: h.platform.url, login_hint: sub, target_link_uri: `${h.server.url}/lti`, client_id: h.platform.clientId, lti_message_hint: JSON.stringify({ roles: [ROLE.learner], custom: { tvs_resource_id: itemId }, launch: sub }) })}`,
      { redirect: 'manual' },
    );
    const params = Object.fromEntries(new URL(login.headers.get('location')!).searchParams) as Record<string, string>;
    const { action, form } = await h.platform.authorise(params, {});
    return { params, form, answer: await fetch(action, { method: 'POST', body: new URLSearchParams(form) }) };
  }
  const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)![1]!;
  const newWindow = (form: Record<string, string>, headers: Record<string, string>) =>
    fetch(`${h.server.url}/lti/new-window`, {
      method: 'POST',
      body: new URLSearchParams(form),
      headers,
      redirect: 'manual',
    });

  it('carries a launch whose state cookie did not come back on to a new window, where it opens without asking the platform again', async () => {
    const { params, form, answer } = await launchWithoutCookie('hs-nocookie');
    expect(answer.status).to.equal(401);
    const html = await answer.text();
    expect(html).to.contain('Mở trong cửa sổ mới');
    expect(html).to.match(/<form method="post" action="\/lti\/new-window" target="_blank" rel="opener">/);
    expect(hidden(html, 'id_token')).to.equal(form.id_token);
    expect(hidden(html, 'state')).to.equal(form.state);
    // Like Moodle, the platform answers a message hint once: the new window must not start the login again.
    await h.platform.authorise(params, {}).then(
      () => expect.fail('the platform answered the same message hint twice'),
      (err: Error) => expect(err.message).to.contain('invalid request'),
    );

    const opened = await newWindow(form, { 'sec-fetch-site': 'same-origin' });
    expect(opened.status).to.equal(200);
    const cookie = new CookieJar().keep(opened).header();
    expect(cookie).to.match(new RegExp(`^state${form.state}=`));
    const continuing = await opened.text();
    expect(continuing).to.match(/<form method="post" action="\/lti" data-autosubmit>/);
    const launched = await fetch(`${h.server.url}/lti`, {
      method: 'POST',
      body: new URLSearchParams({ id_token: hidden(continuing, 'id_token'), state: hidden(continuing, 'state') }),
      headers: { cookie },
    });
    expect(launched.status).to.equal(200);
    expect(await launched.text()).to.contain('Địa lí 9 – Vùng Đồng bằng sông Cửu Long');

    const again = await newWindow(form, { 'sec-fetch-site': 'same-origin' });
    expect(again.status).to.equal(401);
    expect(await again.text()).to.contain('Lần mở này đã được dùng hoặc đã hết hạn');
  });

  it('refuses to carry a launch on to a new window for a page of another site', async () => {
    const { form } = await launchWithoutCookie('hs-foreign');
    for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { origin: 'https://evil.example' }, {}] as Record<
      string,
      string
    >[]) {
      const res = await newWindow(form, headers);
      expect(res.status, JSON.stringify(headers)).to.equal(403);
      expect(res.headers.getSetCookie()).to.deep.equal([]);
      expect(await res.text()).to.contain('Chỉ nút “Mở trong cửa sổ mới” của Thư viện số mới mở được trang này.');
    }
    // A browser without Fetch Metadata: our own Origin.
    const own = await newWindow(form, { origin: new URL(testContext().config.baseUrl).origin });
    expect(own.status).to.equal(200);
  });

  const stateCookieFor = async (baseUrl: string) => {
    const server = await startTestServer({ baseUrl });
    try {
      const res = await fetch(
        `${server.url}/lti/login?${new URLSearchParams({ iss: h.platform.url, login_hint: 'x', target_link_uri: `${baseUrl}/lti`, client_id: h.platform.clientId })}`,
        { redirect: 'manual' },
      );
      expect(res.status).to.equal(302);
      return res.headers.getSetCookie().find((c) => c.startsWith('state'))!;
    } finally {
      await server.close();
    }
  };

  it('sets the state cookie SameSite=None; Secure; Partitioned over https and on a loopback address (secure contexts)', async () => {
    for (const baseUrl of ['https://thuvien.example.edu.vn', 'http://localhost:3999', 'http://127.0.0.1:3999']) {
      const state = await stateCookieFor(baseUrl);
      expect(state, baseUrl).to.match(/SameSite=None/i);
      expect(state, baseUrl).to.match(/;\s*Secure/i);
      expect(state, baseUrl).to.match(/;\s*Partitioned/i);
    }
  });

  it('sets a SameSite=Lax state cookie on plain http elsewhere, where browsers refuse Secure cookies', async () => {
    const state = await stateCookieFor('http://thuvien.truong.lan');
    expect(state).to.match(/SameSite=Lax/i);
    expect(state).not.to.match(/;\s*Secure/i);
  });
});
