import { expect } from 'chai';
import { PersonModel } from '../../../src/models/person.js';
import { SamlBrowser } from './browser.js';
import { portalSettings, startSamlHarness, type SamlHarness } from './harness.js';

describe('SAML sign-in through a real IdP (SimpleSAMLphp)', function () {
  this.timeout(60_000);
  let h: SamlHarness;
  before(async () => {
    h = await startSamlHarness();
  });
  after(async () => h?.stop());

  const signIn = async (uid: string, next = '/') => {
    const browser = new SamlBrowser({ username: uid, password: h.users[uid]!.password });
    const page = await browser.visit(`${h.server.url}/saml/login/${h.idpId}?next=${encodeURIComponent(next)}`);
    return { browser, page };
  };

  const me = async (browser: SamlBrowser) => {
    const res = await browser.request(`${h.server.url}/api/v1/me`);
    const person = (
      (await res.json()) as { person: { displayName: string; roles: { orgId: string; role: string }[] } | null }
    ).person;
    return (
      person && {
        displayName: person.displayName,
        memberships: person.roles.map(({ orgId, role }) => ({ orgId, role })),
      }
    );
  };

  it('lists the portal on the login page', async () => {
    const page = await new SamlBrowser().visit(`${h.server.url}/login`);
    expect(page.body).to.include('Cổng Sở GD&amp;ĐT (thử)');
    expect(page.body).to.include(`/saml/login/${h.idpId}`);
    expect(page.body, 'local login stays').to.include('name="password"');
  });

  it('remembers the portal someone picked and marks it on the login page next time', async () => {
    const browser = new SamlBrowser();
    expect((await browser.visit(`${h.server.url}/login`)).body).not.to.include('lần trước bạn dùng cổng này');
    await browser.request(`${h.server.url}/saml/login/${h.idpId}?next=/search`);
    expect(browser.cookie('tvs.portal')).to.equal(h.idpId);
    expect((await browser.visit(`${h.server.url}/login`)).body).to.include('lần trước bạn dùng cổng này');
  });

  it('signs a teacher in to their school with the teacher role and returns them to the page they started from', async () => {
    const { browser, page } = await signIn('gv-a', '/search?q=to%C3%A1n');
    expect(page.url, h.idp.log()).to.equal(`${h.server.url}/search?q=to%C3%A1n`);
    expect(page.status).to.equal(200);
    const person = await me(browser);
    expect(person?.displayName).to.equal('Nguyễn Văn Giáo');
    expect(person?.memberships).to.deep.include({ orgId: h.schoolA.id, role: 'teacher' });
    expect(browser.cookie('tvs.portal'), 'the last portal is remembered').to.equal(h.idpId);
  });

  it('signs a student of another school in there as a student, and maps staff to the configured role', async () => {
    const student = await me((await signIn('hs-b')).browser);
    expect(student?.memberships).to.deep.equal([{ orgId: h.schoolB.id, role: 'student' }]);
    const staff = await me((await signIn('nv-a')).browser);
    expect(staff?.memberships).to.deep.equal([{ orgId: h.schoolA.id, role: 'librarian' }]);
  });

  it('updates the person at the next login when the IdP changes their attributes', async () => {
    await signIn('gv-a');
    h.idp.setUsers({
      ...h.users,
      'gv-a': {
        ...h.users['gv-a']!,
        attributes: {
          ...h.users['gv-a']!.attributes,
          displayName: ['Nguyễn Văn Giáo Mới'],
          schoolCode: [h.schoolB.code],
        },
      },
    });
    try {
      const person = await me((await signIn('gv-a')).browser);
      expect(person?.displayName).to.equal('Nguyễn Văn Giáo Mới');
      expect(person?.memberships, 'moved school: the portal is authoritative for its subtree').to.deep.equal([
        { orgId: h.schoolB.id, role: 'teacher' },
      ]);
    } finally {
      h.idp.setUsers(h.users);
    }
  });

  it('refuses, with a page in Vietnamese then English, someone whose school it cannot find, and creates nobody', async () => {
    const before = await PersonModel.countDocuments();
    const { browser, page } = await signIn('la-truong');
    expect(page.status).to.equal(403);
    expect(page.body).to.include('KHONG-CO');
    expect(page.body.indexOf('Không thể đăng nhập'))
      .to.be.greaterThan(-1)
      .and.lessThan(page.body.indexOf('Sign-in is not possible'));
    expect(await me(browser)).to.equal(null);
    expect(await PersonModel.countDocuments()).to.equal(before);
  });

  it('signs in when the portal is set to sign both the response and the assertion (SimpleSAMLphp signs both)', async () => {
    const set = (signature: string) =>
      h.admin.request('POST', `/admin/saml/idps/${h.idpId}`, {
        form: { ...portalSettings(h.department.id), signature },
      });
    expect((await set('both')).status).to.equal(303);
    try {
      expect((await me((await signIn('hs-b')).browser))?.displayName).to.equal('Trần Thị Học');
    } finally {
      await set('assertion');
    }
  });

  it('never sends anyone to another site after sign-in', async () => {
    const { page } = await signIn('gv-a', 'https://evil.example/');
    expect(page.url).to.equal(`${h.server.url}/`);
  });
});
