import { expect } from 'chai';
import { generateKeyPair } from 'jose';
import { identityKey } from '../../../src/models/identity.js';
import { testContext } from '../../support/context.js';
import { person, resource } from '../../support/fixtures.js';
import { signedIn } from '../../support/client.js';
import { ROLE, TestLtiPlatform } from '../../support/ltiPlatform.js';
import { startLtiHarness, type LtiHarness } from './harness.js';
import { CookieJar } from '../../support/toolkit.js';
import { countUsageNow } from '../../support/usage.js';

describe('LTI 1.3 resource launch (test platform over HTTP)', function () {
  this.timeout(60_000);
  let h: LtiHarness;
  let publicItemId: string;
  let schoolOnlyOfBId: string;

  before(async () => {
    h = await startLtiHarness();
    const teacherB = await person([{ org: h.schoolB, role: 'teacher' }]);
    publicItemId = (await resource(teacherB.actor, h.schoolB, { metadata: { title: 'Hình học 7 – Tam giác cân' } })).id;
    schoolOnlyOfBId = (
      await resource(teacherB.actor, h.schoolB, { scope: 'school', metadata: { title: 'Đề kiểm tra nội bộ trường B' } })
    ).id;
  });
  after(() => h.stop());

  it('launches a learner into the item: shows it framed for the platform, provisions the person, records usage', async () => {
    await countUsageNow();
    const before = await testContext().services.usage.statsOf(publicItemId);
    const launch = await h.platform.launch(h.server.url, {
      sub: 'hs-001',
      name: 'Trần Thị Mai',
      roles: [ROLE.learner],
      custom: { tvs_resource_id: publicItemId },
      context: { id: 'c-42', title: 'Toán 7B' },
    });
    expect(launch.status, launch.html).to.equal(200);
    expect(launch.html).to.contain('Hình học 7 – Tam giác cân');
    expect(launch.html).to.contain('Toán 7B');

    const person = await testContext().services.accounts.personByIdentity(identityKey('lti', h.platform.url, 'hs-001'));
    expect(person?.displayName).to.equal('Trần Thị Mai');
    expect(person?.memberships).to.deep.equal([{ orgId: h.schoolA.id, role: 'student' }]);
    await countUsageNow();
    const after = await testContext().services.usage.statsOf(publicItemId);
    expect(after.launches).to.equal(before.launches + 1);
  });

  it('lets the platform frame the launch page, while other pages stay unframeable by others', async () => {
    const launch = await h.platform.launch(h.server.url, { custom: { tvs_resource_id: publicItemId } });
    expect(launch.status).to.equal(200);
    expect(launch.headers.get('x-frame-options')).to.equal(null);
    const csp = launch.headers.get('content-security-policy') ?? '';
    expect(csp).to.match(new RegExp(`frame-ancestors 'self' ${h.platform.url}(;|$)`));
    const home = await fetch(`${h.server.url}/`);
    expect(home.headers.get('content-security-policy')).to.contain("frame-ancestors 'self'");
    expect(home.headers.get('content-security-policy')).not.to.contain(h.platform.url);
  });

  it('gives a learner launched into a school-only item of another school access to it, also on later requests with the ltik', async () => {
    const launch = await h.platform.launch(h.server.url, {
      sub: 'hs-002',
      custom: { tvs_resource_id: schoolOnlyOfBId },
    });
    expect(launch.status, launch.html).to.equal(200);
    expect(launch.html).to.contain('Đề kiểm tra nội bộ trường B');
    const ltik = /data-ltik="([^"]+)"/.exec(launch.html)?.[1];
    expect(ltik).to.be.a('string');
    const withLtik = await fetch(`${h.server.url}/api/v1/resources/${schoolOnlyOfBId}?ltik=${ltik}`);
    expect(withLtik.status).to.equal(200);
    const without = await fetch(`${h.server.url}/api/v1/resources/${schoolOnlyOfBId}`);
    expect(without.status).to.equal(404);
  });

  it("keeps a launch's grant to its course: an ltik from another course of the same learner does not open the item", async () => {
    const ltikOf = (html: string) => /data-ltik="([^"]+)"/.exec(html)![1]!;
    const inCourseA = await h.platform.launch(h.server.url, {
      sub: 'hs-003',
      custom: { tvs_resource_id: schoolOnlyOfBId },
      context: { id: 'course-a', title: 'Lớp 7A' },
    });
    expect(inCourseA.status, inCourseA.html).to.equal(200);
    const inCourseB = await h.platform.launch(h.server.url, {
      sub: 'hs-003',
      custom: { tvs_resource_id: publicItemId },
      context: { id: 'course-b', title: 'Lớp 7B' },
    });
    expect(inCourseB.status, inCourseB.html).to.equal(200);

    const fromB = await fetch(`${h.server.url}/api/v1/resources/${schoolOnlyOfBId}?ltik=${ltikOf(inCourseB.html)}`);
    expect(fromB.status, 'course B never launched the school-only item').to.equal(404);
    const fromA = await fetch(`${h.server.url}/api/v1/resources/${schoolOnlyOfBId}?ltik=${ltikOf(inCourseA.html)}`);
    expect(fromA.status, 'the launch of course B took nothing from course A').to.equal(200);
    const publicFromB = await fetch(`${h.server.url}/api/v1/resources/${publicItemId}?ltik=${ltikOf(inCourseB.html)}`);
    expect(publicFromB.status).to.equal(200);
  });

  it('refuses a replayed id_token post (state and nonce are single-use) with our clear page', async () => {
    const launch = await h.platform.launch(h.server.url, { custom: { tvs_resource_id: publicItemId } });
    expect(launch.status).to.equal(200);
    const replay = await fetch(launch.launchUrl, {
      method: 'POST',
      body: new URLSearchParams(launch.form),
      headers: { cookie: launch.cookie },
    });
    expect(replay.status).to.equal(401);
    const html = await replay.text();
    expect(html).to.contain('Lần mở này đã được dùng');
  });

  it('refuses a second id_token (fresh state) that reuses a nonce', async () => {
    const first = await h.platform.launch(h.server.url, { custom: { tvs_resource_id: publicItemId } });
    expect(first.status).to.equal(200);
    const nonce = (
      JSON.parse(Buffer.from(first.form.id_token.split('.')[1]!, 'base64url').toString()) as { nonce: string }
    ).nonce;
    // A new login (new state and cookie), answered with an id_token carrying the old nonce.
    const login = await fetch(
      `${h.server.url}/lti/login?${new URLSearchParams({ iss: h.platform.url, login_hint: 'student-1', target_link_uri: `${h.server.url}/lti`, client_id: h.platform.clientId })}`,
      { redirect: 'manual' },
    );
    const params = Object.fromEntries(new URL(login.headers.get('location')!).searchParams) as Record<string, string>;
    const { action, form } = await h.platform.authorise(
      { ...params, nonce },
      { custom: { tvs_resource_id: publicItemId } },
    );
    const cookie = new CookieJar().keep(login).header();
    const replay = await fetch(action, { method: 'POST', body: new URLSearchParams(form), headers: { cookie } });
    expect(replay.status).to.equal(401);
    expect(await replay.text()).to.contain('Lần mở này đã được dùng rồi');
  });

  it('refuses a state whose sealed login was altered, even with a cookie to match', async () => {
    const login = await fetch(
      `${h.server.url}/lti/login?${new URLSearchParams({ iss: h.platform.url, login_hint: 'student-2', target_link_uri: `${h.server.url}/lti`, client_id: h.platform.clientId })}`,
      { redirect: 'manual' },
    );
    const params = Object.fromEntries(new URL(login.headers.get('location')!).searchParams) as Record<string, string>;
    const [ltijsState, iv, sealed] = params.state!.split('.');
    expect(sealed, 'the state carries the sealed login').to.be.a('string');
    const altered = `${ltijsState}.${iv}.${sealed!.slice(0, -2)}${sealed!.endsWith('AA') ? 'BB' : 'AA'}`;
    const { action, form } = await h.platform.authorise(
      { ...params, state: altered },
      { custom: { tvs_resource_id: publicItemId } },
    );
    // The cookie renamed after the altered state, as a forger holding the real one could do.
    const cookie = new CookieJar().keep(login).header().replace(params.state!, altered);
    const refused = await fetch(action, { method: 'POST', body: new URLSearchParams(form), headers: { cookie } });
    expect(refused.status).to.equal(401);
    expect(await refused.text()).to.contain('Lần mở này đã được dùng hoặc đã hết hạn');
  });

  it('refuses a token signed by another key, an expired or old token, a wrong audience and a foreign azp', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const cases = [
      { tamper: { signWith: privateKey }, text: 'Chữ ký của yêu cầu mở không hợp lệ' },
      { tamper: { iatOffsetS: -600, expOffsetS: -300 }, text: 'Yêu cầu mở đã hết hạn' },
      { tamper: { iatOffsetS: -120 }, text: 'Yêu cầu mở đã hết hạn' },
      { tamper: { aud: 'someone-else' }, text: 'chưa được đăng ký với Thư viện số' },
      { tamper: { azp: 'another-client' }, text: 'chưa được đăng ký với Thư viện số' },
    ];
    for (const c of cases) {
      const launch = await h.platform.launch(h.server.url, {
        custom: { tvs_resource_id: publicItemId },
        tamper: c.tamper,
      });
      expect(launch.status, JSON.stringify(c.tamper)).to.equal(401);
      expect(launch.html, JSON.stringify(c.tamper)).to.contain(c.text);
      expect(launch.html).not.to.contain('Hình học 7');
      expect(
        launch.headers.get('content-security-policy'),
        'the platform may show our refusal in its frame',
      ).to.contain(`frame-ancestors 'self' ${h.platform.url}`);
    }
  });

  it('refuses an unknown deployment with a clear page in Vietnamese then English', async () => {
    const launch = await h.platform.launch(h.server.url, {
      deploymentId: 'not-registered',
      custom: { tvs_resource_id: publicItemId },
    });
    expect(launch.status).to.equal(403);
    expect(launch.html).to.contain('chưa được đăng ký với Thư viện số');
    const english = await h.platform.launch(h.server.url, {
      deploymentId: 'not-registered',
      custom: { tvs_resource_id: publicItemId },
      acceptLanguage: 'en',
    });
    expect(english.status).to.equal(403);
    expect(english.html).to.contain('is not registered with Thư viện số');
  });

  it("checks signatures against the platform's JWKS fetched once, not on every launch, and follows its key rotation", async () => {
    await h.platform.launch(h.server.url, { custom: { tvs_resource_id: publicItemId } });
    const fetched = h.platform.jwksFetches;
    for (let i = 0; i < 3; i++)
      expect((await h.platform.launch(h.server.url, { custom: { tvs_resource_id: publicItemId } })).status).to.equal(
        200,
      );
    expect(h.platform.jwksFetches).to.equal(fetched);
    await h.platform.rotateKey();
    const rotated = await h.platform.launch(h.server.url, { custom: { tvs_resource_id: publicItemId } });
    expect(rotated.status, rotated.html).to.equal(200);
    expect(h.platform.jwksFetches).to.be.greaterThan(fetched);
  });

  it('serves launches of one learner at the same moment (a double click in the course)', async () => {
    const launches = await Promise.all(
      Array.from({ length: 6 }, () =>
        h.platform.launch(h.server.url, { sub: 'hs-double', custom: { tvs_resource_id: schoolOnlyOfBId } }),
      ),
    );
    expect(launches.map((l) => l.status)).to.deep.equal([200, 200, 200, 200, 200, 200]);
  });

  it('puts people launched from a deployment mapped to another organisation into that organisation', async () => {
    const departmentAdmin = await signedIn(h.server.url, await person([{ org: h.department, role: 'org_admin' }]));
    const id = encodeURIComponent(`${h.platform.url}|${h.platform.clientId}`);
    const lines = `${h.platform.deploymentId}\ndep-school-b ${h.schoolB.code}`;
    const saved = await departmentAdmin.request('POST', `/admin/lti/platforms/${id}`, {
      form: { orgId: h.schoolA.id, deploymentIds: lines },
    });
    expect(saved.status).to.equal(303);
    expect(await (await departmentAdmin.get(`/admin/lti/platforms/${id}`)).text()).to.contain(
      `dep-school-b ${h.schoolB.code}`,
    );

    const launch = await h.platform.launch(h.server.url, {
      sub: 'hs-b-01',
      deploymentId: 'dep-school-b',
      custom: { tvs_resource_id: publicItemId },
    });
    expect(launch.status, launch.html).to.equal(200);
    const learner = await testContext().services.accounts.personByIdentity(
      identityKey('lti', h.platform.url, 'hs-b-01'),
    );
    expect(learner?.memberships).to.deep.equal([{ orgId: h.schoolB.id, role: 'student' }]);

    const unknownCode = await departmentAdmin.request('POST', `/admin/lti/platforms/${id}`, {
      form: { orgId: h.schoolA.id, deploymentIds: 'dep-x KHONG-CO' },
    });
    expect(unknownCode.status).to.equal(400);
    expect(await unknownCode.text()).to.contain('KHONG-CO');
    const schoolAdmin = await h.admin.request('POST', `/admin/lti/platforms/${id}`, {
      form: { orgId: h.schoolA.id, deploymentIds: `dep-y ${h.schoolB.code}` },
    });
    expect(schoolAdmin.status, 'a school admin cannot map a deployment to another school').to.equal(403);
  });

  it('launches when the target link carries a query string (ltijs keeps a state record for it)', async () => {
    const login = await fetch(
      `${h.server.url}/lti/login?${new URLSearchParams({ iss: h.platform.url, login_hint: 'hs-q', target_link_uri: `${h.server.url}/lti?from=course`, client_id: h.platform.clientId })}`,
      { redirect: 'manual' },
    );
    expect(login.status).to.equal(302);
    const params = Object.fromEntries(new URL(login.headers.get('location')!).searchParams) as Record<string, string>;
    const { action, form } = await h.platform.authorise(params, { custom: { tvs_resource_id: publicItemId } });
    const cookie = new CookieJar().keep(login).header();
    const page = await fetch(action, { method: 'POST', body: new URLSearchParams(form), headers: { cookie } });
    expect(page.status).to.equal(200);
    expect(await page.text()).to.contain('Hình học 7 – Tam giác cân');
  });

  it('refuses a platform that is not registered at all (login initiation)', async () => {
    const stranger = await new TestLtiPlatform().start(h.server.url);
    try {
      const res = await fetch(
        `${h.server.url}/lti/login?${new URLSearchParams({ iss: stranger.url, login_hint: 'x', target_link_uri: `${h.server.url}/lti`, client_id: stranger.clientId })}`,
        { redirect: 'manual' },
      );
      expect(res.status).to.equal(400);
      expect(await res.text()).to.contain('chưa được đăng ký với Thư viện số');
    } finally {
      await stranger.stop();
    }
  });
});
