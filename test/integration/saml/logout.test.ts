import { expect } from 'chai';
import { SamlBrowser } from './browser.js';
import { startSamlHarness, type SamlHarness } from './harness.js';

describe('SAML single logout with a real IdP (SimpleSAMLphp)', function () {
  this.timeout(60_000);
  let h: SamlHarness;
  before(async () => {
    h = await startSamlHarness();
  });
  after(async () => h?.stop());

  const signedInBrowser = async () => {
    const browser = new SamlBrowser({ username: 'gv-a', password: h.users['gv-a']!.password });
    await browser.visit(`${h.server.url}/saml/login/${h.idpId}`);
    expect(await whoIs(browser)).to.equal('Nguyễn Văn Giáo');
    return browser;
  };
  const whoIs = async (browser: SamlBrowser) => {
    const res = await browser.request(`${h.server.url}/api/v1/me`);
    return ((await res.json()) as { person: { displayName: string } | null }).person?.displayName ?? null;
  };
  const csrfOf = async (browser: SamlBrowser) =>
    ((await (await browser.request(`${h.server.url}/api/v1/me`)).json()) as { csrfToken: string }).csrfToken;

  for (const binding of ['redirect', 'post'] as const) {
    it(`ends both sessions when the person signs out here (IdP answers by ${binding})`, async () => {
      h.idp.useLogoutBinding(binding);
      const browser = await signedInBrowser();
      const page = await browser.visit(`${h.server.url}/logout`, { form: { _csrf: await csrfOf(browser) } });
      expect(page.url, h.idp.log().slice(-3000)).to.equal(`${h.server.url}/`);
      expect(await whoIs(browser)).to.equal(null);
      // The IdP's own session is gone: signing in again asks for the password.
      await browser.visit(`${h.server.url}/saml/login/${h.idpId}`);
      expect(browser.passwordPrompts).to.equal(2);
    });

    it(`ends our session when the person signs out at the portal (IdP asks by ${binding})`, async () => {
      h.idp.useLogoutBinding(binding);
      const browser = await signedInBrowser();
      const cookieBefore = browser.cookie('tvs.sid');
      const page = await browser.visit(
        `${h.idp.baseUrl}/saml2/idp/SingleLogoutService.php?ReturnTo=${encodeURIComponent(`${h.server.url}/search`)}`,
      );
      expect(page.url, h.idp.log().slice(-3000)).to.equal(`${h.server.url}/search`);
      expect(await whoIs(browser)).to.equal(null);
      // Even a copy of the old cookie no longer opens the session (it was deleted, not just forgotten by this browser).
      const res = await fetch(`${h.server.url}/api/v1/me`, { headers: { cookie: `tvs.sid=${cookieBefore}` } });
      expect(((await res.json()) as { person: unknown }).person).to.equal(null);
    });
  }

  it('issue 12, case 5 as written: GET /saml/logout (a link any page could hold) signs nobody out', async () => {
    const browser = await signedInBrowser();
    const page = await browser.visit(`${h.server.url}/saml/logout`);
    expect(await whoIs(browser), 'still signed in').to.equal('Nguyễn Văn Giáo');
    expect(page.status, 'there is no sign-out by GET').to.equal(404);
    // Nor at the portal: signing in again needs no password.
    await browser.visit(`${h.server.url}/saml/login/${h.idpId}`);
    expect(browser.passwordPrompts).to.equal(1);
  });

  it('signs out only by POST with the CSRF token: a cross-site form without it changes nothing', async () => {
    const browser = await signedInBrowser();
    for (const path of ['/logout', '/saml/logout']) {
      const res = await browser.request(`${h.server.url}${path}`, { form: { _csrf: 'forged' } });
      expect(res.status, path).to.be.oneOf([403, 404]);
      expect(await whoIs(browser), path).to.equal('Nguyễn Văn Giáo');
    }
    const res = await browser.request(`${h.server.url}/logout`, { form: {} });
    expect(res.status).to.equal(403);
    expect(await whoIs(browser)).to.equal('Nguyễn Văn Giáo');
  });
});
