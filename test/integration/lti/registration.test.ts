import { expect } from 'chai';
import { decodeProtectedHeader } from 'jose';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { person, province, resource } from '../../support/fixtures.js';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { signedIn, type Client } from '../../support/client.js';
import { createApp } from '../../../src/app.js';
import { Lifecycle } from '../../../src/lifecycle.js';
import { OutboundClient } from '../../../src/outbound/client.js';
import { guardLtijsRequests } from '../../../src/lti/ltijsModule.js';
import { ROLE, TestLtiPlatform } from '../../support/ltiPlatform.js';
import { rotateSigningKeys } from '../../../src/lti/keys.js';
import { LtiStorage, PLATFORM_CACHE_MS } from '../../../src/lti/storage.js';

describe('LTI registration: registration links, dynamic round trip, confirmation by an admin, manual values, key rotation', function () {
  this.timeout(60_000);
  let server: TestServer;
  let platform: TestLtiPlatform;

  before(async () => {
    server = await startTestServer();
    platform = await new TestLtiPlatform().start(server.url);
  });
  after(async () => {
    await platform.stop();
    await server.close();
  });

  /** An admin creates a registration link on /admin/lti; the token, as pasted into Moodle. */
  async function registrationLink(admin: Client, orgId: string): Promise<string> {
    const created = await admin.request('POST', '/admin/lti/registration-links', { form: { orgId } });
    expect(created.status).to.equal(201);
    const html = await created.text();
    const link = /data-registration-link>([^<]+)</.exec(html)![1]!;
    expect(link.startsWith(`${testContext().config.baseUrl}/lti/register/`)).to.equal(true);
    return link.split('/').at(-1)!;
  }
  const moodleOpens = (base: string, path: string, p: TestLtiPlatform, extra: Record<string, string> = {}) =>
    fetch(
      `${base}${path}${path.includes('?') ? '&' : '?'}${new URLSearchParams({
        openid_configuration: `${p.url}/.well-known/openid-configuration`,
        registration_token: 'reg-token',
        ...extra,
      })}`,
    );

  it('registers itself through a link without organisation, stays pending until an admin confirms, then launches', async () => {
    const { schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const item = await resource(teacher.actor, schoolA, { metadata: { title: 'Sinh học 8 – Hệ tuần hoàn' } });
    const admin = await signedIn(server.url, await person([{ org: schoolA, role: 'org_admin' }]));
    const token = await registrationLink(admin, '');

    const reg = await moodleOpens(server.url, `/lti/register/${token}`, platform);
    expect(reg.status, await reg.clone().text()).to.equal(200);
    expect(await reg.text()).to.contain('/assets/lti/registered.js');
    const sent = platform.registrations.at(-1)!;
    const base = testContext().config.baseUrl;
    expect(sent).to.deep.include({
      initiate_login_uri: `${base}/lti/login`,
      jwks_uri: `${base}/lti/keys`,
      redirect_uris: [`${base}/lti`],
    });
    const toolConfig = sent['https://purl.imsglobal.org/spec/lti-tool-configuration'] as {
      messages: { type: string }[];
      claims: string[];
    };
    expect(toolConfig.messages.map((m) => m.type)).to.include('LtiDeepLinkingRequest');
    expect(toolConfig.claims).to.include.members(['sub', 'name', 'email']);
    expect(String(sent.scope)).to.contain('https://purl.imsglobal.org/spec/lti-ags/scope/score');

    const pending = await platform.launch(server.url, { custom: { tvs_resource_id: item.id } }).catch((e: Error) => e);
    expect(pending, 'login at a pending platform is refused').to.be.instanceOf(Error);
    expect((pending as Error).message).to.contain('đang chờ quản trị viên');

    const list = await admin.get('/admin/lti');
    expect(list.status).to.equal(200);
    const listHtml = await list.text();
    expect(listHtml).to.contain('Chờ xác nhận');
    const id = encodeURIComponent(`${platform.url}|${platform.clientId}`);
    const page = await admin.get(`/admin/lti/platforms/${id}`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.contain(platform.deploymentId);
    const confirmed = await admin.request('POST', `/admin/lti/platforms/${id}`, {
      form: { orgId: schoolA.id, deploymentIds: platform.deploymentId },
    });
    expect(confirmed.status).to.equal(303);

    const launch = await platform.launch(server.url, { roles: [ROLE.learner], custom: { tvs_resource_id: item.id } });
    expect(launch.status, launch.html).to.equal(200);
    expect(launch.html).to.contain('Sinh học 8 – Hệ tuần hoàn');
  });

  it("registers through an organisation's link active at once (no confirmation), and the link works only once", async () => {
    const { schoolB } = await province();
    const teacher = await person([{ org: schoolB, role: 'teacher' }]);
    const item = await resource(teacher.actor, schoolB, { metadata: { title: 'Địa lí 9 – Vùng Tây Nguyên' } });
    const admin = await signedIn(server.url, await person([{ org: schoolB, role: 'org_admin' }]));
    const moodle = await new TestLtiPlatform().start(server.url);
    try {
      const token = await registrationLink(admin, schoolB.id);
      const reg = await moodleOpens(server.url, `/lti/register?link=${token}`, moodle);
      expect(reg.status, await reg.clone().text()).to.equal(200);
      expect(await reg.text()).to.contain('dùng được ngay');
      const launch = await moodle.launch(server.url, { roles: [ROLE.learner], custom: { tvs_resource_id: item.id } });
      expect(launch.status, launch.html).to.equal(200);
      expect(launch.html).to.contain('Địa lí 9 – Vùng Tây Nguyên');

      const fetches = moodle.configurationFetches;
      const again = await moodleOpens(server.url, `/lti/register/${token}`, moodle);
      expect(again.status).to.equal(403);
      expect(await again.text()).to.contain('đã được dùng, đã hết hạn');
      expect(moodle.configurationFetches, 'a used link fetches nothing').to.equal(fetches);
    } finally {
      await moodle.stop();
    }
  });

  it('fetches nothing for an anonymous request without a valid registration link', async () => {
    const before = platform.configurationFetches;
    const bare = await moodleOpens(server.url, '/lti/register', platform);
    expect(bare.status).to.equal(403);
    expect(await bare.text()).to.contain('cần một liên kết đăng ký');
    const forged = await moodleOpens(server.url, `/lti/register/${'A'.repeat(43)}`, platform, { lang: 'en' });
    expect(forged.status).to.equal(403);
    expect(await forged.text()).to.contain('cannot be used');
    expect(platform.configurationFetches).to.equal(before);
  });

  it('refuses a loopback platform when OUTBOUND_ALLOW does not name it, and gives the link back', async () => {
    const ctx = testContext();
    const strict = new OutboundClient({ allow: [] });
    const app = createApp({
      config: ctx.config,
      db: ctx.db,
      log: ctx.log,
      lifecycle: new Lifecycle(ctx.log),
      services: { ...ctx.services, outbound: strict },
    });
    const guarded = app.listen(0, '127.0.0.1');
    await once(guarded, 'listening');
    const url = `http://127.0.0.1:${(guarded.address() as AddressInfo).port}`;
    const other = await new TestLtiPlatform().start(server.url);
    try {
      const { schoolA } = await province();
      const admin = await signedIn(url, await person([{ org: schoolA, role: 'org_admin' }]));
      const token = await registrationLink(admin, schoolA.id);
      const refused = await moodleOpens(url, `/lti/register/${token}`, other);
      expect(refused.status).to.equal(502);
      expect(await refused.text())
        .to.contain('không được phép truy cập')
        .and.to.contain('OUTBOUND_ALLOW');
      expect(other.configurationFetches, 'the request never left').to.equal(0);
      // The link was given back: with a client that may reach loopback, the same link registers.
      const retried = await moodleOpens(server.url, `/lti/register/${token}`, other);
      expect(retried.status, await retried.clone().text()).to.equal(200);
    } finally {
      await other.stop();
      guarded.closeAllConnections();
      guarded.close();
      await strict.close();
      guardLtijsRequests(ctx.services.outbound);
    }
  });

  it('answers a bad registration request with a clear 400, and limits attempts per address', async () => {
    const fresh = await startTestServer({ trustProxy: true });
    const from = { 'x-forwarded-for': `203.0.113.${Date.now() % 250}` };
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++)
        statuses.push(
          (await fetch(`${fresh.url}/lti/register?openid_configuration=not-a-url`, { headers: from })).status,
        );
      expect(statuses.slice(0, 10)).to.deep.equal(Array(10).fill(400));
      expect(statuses[10]).to.equal(429);
    } finally {
      await fresh.close();
    }
  });

  it('shows the values to paste into Moodle and the registration-link form, and refuses the admin pages to a teacher', async () => {
    const { schoolB } = await province();
    const admin = await signedIn(server.url, await person([{ org: schoolB, role: 'org_admin' }]));
    const form = await admin.get('/admin/lti/new');
    expect(form.status).to.equal(200);
    const html = await form.text();
    const base = testContext().config.baseUrl;
    for (const url of [`${base}/lti/login`, `${base}/lti/keys`]) expect(html).to.contain(url);
    expect(html).to.contain('name="_csrf"');
    expect(await (await admin.get('/admin/lti')).text()).to.contain('action="/admin/lti/registration-links"');
    const invalid = await admin.request('POST', '/admin/lti/platforms', {
      form: {
        name: 'Moodle trường B',
        issuer: 'not a url',
        clientId: 'abc',
        authUrl: '',
        tokenUrl: '',
        jwksUrl: '',
        deploymentIds: '',
        orgId: schoolB.id,
      },
    });
    expect(invalid.status).to.equal(400);
    const again = await invalid.text();
    expect(again, 'the form comes back with what was typed')
      .to.contain('value="Moodle trường B"')
      .and.to.contain('value="not a url"');
    expect(again).to.contain('id="issuer-error"').and.to.contain('id="deploymentIds-error"');

    const teacher = await signedIn(server.url, await person([{ org: schoolB, role: 'teacher' }]));
    expect((await teacher.get('/admin/lti')).status).to.equal(403);
  });

  it('rotates our signing keys, publishing old and new together during the overlap', async () => {
    const before = ((await (await fetch(`${server.url}/lti/keys`)).json()) as { keys: { kid: string }[] }).keys.map(
      (k) => k.kid,
    );
    expect(before.length).to.be.greaterThan(0);
    const rotations = await rotateSigningKeys(new LtiStorage(), testContext().config.secrets.ltiKeySecret, 3600_000);
    const after = ((await (await fetch(`${server.url}/lti/keys`)).json()) as { keys: { kid: string }[] }).keys.map(
      (k) => k.kid,
    );
    expect(after).to.include.members(before);
    expect(after).to.include.members(rotations.map((r) => r.newKid));

    const expired = await rotateSigningKeys(new LtiStorage(), testContext().config.secrets.ltiKeySecret, 0);
    const later = ((await (await fetch(`${server.url}/lti/keys`)).json()) as { keys: { kid: string }[] }).keys.map(
      (k) => k.kid,
    );
    expect(later).to.include.members(expired.map((r) => r.newKid));
    for (const r of expired) expect(later).not.to.include(r.oldKid);

    // What we sign once instances have dropped their cached registration carries the new key, and the platform verifies it.
    await new Promise((resolve) => setTimeout(resolve, PLATFORM_CACHE_MS + 100));
    const picker = await platform.launch(server.url, {
      roles: [ROLE.instructor],
      messageType: 'LtiDeepLinkingRequest',
    });
    expect(picker.status, picker.html).to.equal(200);
    const ltik = /name="ltik" value="([^"]+)"/.exec(picker.html)![1]!;
    const item = /name="resourceIds" value="([0-9a-f]{24})"/.exec(picker.html)![1]!;
    const answer = await (
      await fetch(`${server.url}/lti/picker`, {
        method: 'POST',
        body: new URLSearchParams({ ltik, resourceIds: item }),
      })
    ).text();
    const jwt = /name="JWT" value="([^"]+)"/.exec(answer)![1]!;
    expect(decodeProtectedHeader(jwt).kid).to.be.oneOf(expired.map((r) => r.newKid));
    expect(
      (await fetch(`${platform.url}/deep-link-return`, { method: 'POST', body: new URLSearchParams({ JWT: jwt }) }))
        .status,
    ).to.equal(200);
  });
});
