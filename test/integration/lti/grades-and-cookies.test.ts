import { expect } from 'chai';
import { startTestServer } from '../../support/context.js';
import { person, resource } from '../../support/fixtures.js';
import { ROLE } from '../../support/ltiPlatform.js';
import { startLtiHarness, type LtiHarness } from './harness.js';

describe('LTI completion (AGS) and browsers that block third-party cookies', function () {
  this.timeout(60_000);
  let h: LtiHarness;
  let itemId: string;

  before(async () => {
    h = await startLtiHarness();
    const teacher = await person([{ org: h.schoolA, role: 'teacher' }]);
    itemId = (await resource(teacher.actor, h.schoolA, { metadata: { title: 'Địa lí 9 – Vùng Đồng bằng sông Cửu Long' } })).id;
  });
  after(() => h.stop());

  const ltikOf = (html: string) => /data-ltik="([^"]+)"/.exec(html)![1]!;
  const progress = (ltik: string, body: unknown) => fetch(`${h.server.url}/lti/progress`, { method: 'POST', headers: { authorization: `Bearer ${ltik}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it("posts a score of 1/1 to the link's line item once the learner has opened the item", async () => {
    const launch = await h.platform.launch(h.server.url, { sub: 'hs-ags', roles: [ROLE.learner], custom: { tvs_resource_id: itemId }, lineItem: true });
    expect(launch.status, launch.html).to.equal(200);
    expect(launch.html).to.contain('data-progress-url="/lti/progress"');
    const res = await progress(ltikOf(launch.html), { event: 'opened' });
    expect(res.status).to.equal(204);
    const score = h.platform.scores.at(-1)!;
    expect(score.lineItem).to.equal('li-1');
    expect(score.body).to.deep.include({ userId: 'hs-ags', scoreGiven: 1, scoreMaximum: 1, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
  });

  it('posts nothing for a link without a line item, and refuses a progress event without a valid ltik or with a bad body', async () => {
    const before = h.platform.scores.length;
    const launch = await h.platform.launch(h.server.url, { roles: [ROLE.learner], custom: { tvs_resource_id: itemId } });
    expect(launch.html).not.to.contain('data-progress-url');
    expect((await progress(ltikOf(launch.html), { event: 'opened' })).status).to.equal(204);
    expect(h.platform.scores.length).to.equal(before);
    expect((await progress(ltikOf(launch.html), { event: 'hacked' })).status).to.equal(400);
    expect((await progress('not-a-token', { event: 'opened' })).status).to.equal(401);
  });

  it('offers to open the launch in a new window when the state cookie did not come back, and that launch works', async () => {
    // The platform posts the id_token without our state cookie, as a browser that refuses third-party cookies does.
    const again = await fetch(`${h.server.url}/lti/login?${new URLSearchParams({ iss: h.platform.url, login_hint: 'hs-nocookie', target_link_uri: `${h.server.url}/lti`, client_id: h.platform.clientId, lti_message_hint: JSON.stringify({ roles: [ROLE.learner], custom: { tvs_resource_id: itemId } }) })}`, { redirect: 'manual' });
    const params = Object.fromEntries(new URL(again.headers.get('location')!).searchParams) as Record<string, string>;
    const { action, form } = await h.platform.authorise(params, {});
    const noCookie = await fetch(action, { method: 'POST', body: new URLSearchParams(form) });
    expect(noCookie.status).to.equal(401);
    const html = await noCookie.text();
    expect(html).to.contain('Mở trong cửa sổ mới');
    expect(html).to.contain('target="_blank"');

    const relaunch = new URL(/href="([^"]*\/lti\/login\?[^"]*)"/.exec(html)![1]!.replace(/&amp;/g, '&').replace(/&#x3D;/g, '='), h.server.url);
    const top = await fetch(relaunch, { redirect: 'manual' });
    expect(top.status).to.equal(302);
    const cookie = top.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const topParams = Object.fromEntries(new URL(top.headers.get('location')!).searchParams) as Record<string, string>;
    expect(topParams.login_hint).to.equal('hs-nocookie');
    const answer = await h.platform.authorise(topParams, {});
    const opened = await fetch(answer.action, { method: 'POST', body: new URLSearchParams(answer.form), headers: { cookie } });
    expect(opened.status).to.equal(200);
    expect(await opened.text()).to.contain('Địa lí 9 – Vùng Đồng bằng sông Cửu Long');
  });

  const stateCookieFor = async (baseUrl: string) => {
    const server = await startTestServer({ baseUrl });
    try {
      const res = await fetch(`${server.url}/lti/login?${new URLSearchParams({ iss: h.platform.url, login_hint: 'x', target_link_uri: `${baseUrl}/lti`, client_id: h.platform.clientId })}`, { redirect: 'manual' });
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
