/**
 * Issue 12, case 8: the CSRF token belongs to the session, not to a cookie of its own, and a new
 * one comes with every sign-in and sign-out (with a new session id at sign-in).
 */
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/context.js';
import { Client, signedIn } from '../../support/client.js';
import { person, province } from '../../support/fixtures.js';

const cookiesOf = (client: Client) =>
  Object.fromEntries(
    client.cookieHeader.split('; ').map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)]),
  );
const cookieHeader = (cookies: Record<string, string | undefined>) =>
  Object.entries(cookies)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');

describe('hardening: the CSRF token is bound to the session and changes at sign-in and sign-out', function () {
  this.timeout(60_000);
  let server: TestServer;
  let who: { username: string; password: string };
  let schoolId: string;

  before(async () => {
    server = await startTestServer();
    const { schoolA } = await province();
    schoolId = schoolA.id;
    who = await person([{ org: schoolA, role: 'teacher' }], 'Cô Hạnh');
  });
  after(() => server.close());

  /** A change that needs the token: creating a reading list. */
  const change = (cookies: string, token: string) =>
    fetch(`${server.url}/api/v1/collections`, {
      method: 'POST',
      headers: { cookie: cookies, 'x-csrf-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({ orgId: schoolId, title: 'Sách đọc thêm', scope: 'school' }),
    });

  it('case 8 as written: a token tied to its own cookie is refused; the token changes at sign-in', async () => {
    const attacker = await signedIn(server.url, null);
    const victim = new Client(server.url);
    const tokenBeforeSignIn = await victim.refreshCsrf();
    await victim.signIn(who.username, who.password);
    expect(victim.csrfToken, 'a new token after sign-in').to.not.equal(tokenBeforeSignIn);

    // The attacker plants their own CSRF cookie in the victim's browser and sends their own token.
    const planted = cookieHeader({ ...cookiesOf(victim), 'tvs.csrf': cookiesOf(attacker)['tvs.csrf'] });
    const forged = await change(planted, attacker.csrfToken!);
    expect(forged.status, 'the cookie of the attacker does not bring the token along').to.equal(403);
    expect(((await forged.json()) as { error: { code: string } }).error.code).to.equal('forbidden');

    const stale = await change(victim.cookieHeader, tokenBeforeSignIn);
    expect(stale.status, 'the token from before sign-in no longer works').to.equal(403);
    const own = await change(victim.cookieHeader, victim.csrfToken!);
    expect(own.status, 'the session token works').to.equal(201);
  });

  it('a token is good for its own session only, not for another session of the same person', async () => {
    const first = await signedIn(server.url, who);
    const second = await signedIn(server.url, who);
    expect(first.csrfToken).to.not.equal(second.csrfToken);
    expect((await change(second.cookieHeader, first.csrfToken!)).status).to.equal(403);
  });

  it('regenerates the session id at sign-in, and changes the token again at sign-out', async () => {
    const client = new Client(server.url);
    await client.refreshCsrf();
    await client.request('GET', '/login');
    const anonymous = cookiesOf(client);
    await client.signIn(who.username, who.password);
    const session = cookiesOf(client)['tvs.sid'];
    expect(session).to.be.a('string').and.not.equal(anonymous['tvs.sid']);
    const signedInToken = client.csrfToken!;

    const out = await client.request('POST', '/logout', { form: { _csrf: signedInToken } });
    expect(out.status).to.equal(303);
    const afterToken = await client.refreshCsrf();
    expect(afterToken).to.not.equal(signedInToken);
    // The old session cookie and token together open nothing any more.
    expect((await change(cookieHeader({ 'tvs.sid': session }), signedInToken)).status).to.be.oneOf([401, 403]);
    // Signing in again gives yet another token; the one from the last session is refused.
    await client.signIn(who.username, who.password);
    expect(client.csrfToken).to.not.equal(signedInToken).and.not.equal(afterToken);
    expect((await change(client.cookieHeader, signedInToken)).status).to.equal(403);
    expect((await change(client.cookieHeader, client.csrfToken!)).status).to.equal(201);
  });
});
