/**
 * The LTI login guard (src/lti/loginGuard.ts) over real HTTP, without a database: what it does to
 * the OIDC login's redirect and state cookie, and every way it refuses an id_token post or a
 * new-window request before it would record a state as used. Recording it (single use) needs the
 * database and is covered with the real ltijs and test platform in test/integration/lti.
 *
 * In front of the guard stands a stand-in for ltijs's login route, doing what ltijs does there
 * (node_modules/ltijs/dist/Provider/Provider.js): a signed cookie `state<state>` holding the
 * platform's issuer, and a redirect to the platform's authorisation endpoint with state and nonce.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import cookieParser from 'cookie-parser';
import express from 'express';
import { languageMiddleware } from '../../../src/i18n/index.js';
import { installViews } from '../../../src/web/views.js';
import {
  consumeLoginState,
  continueInNewWindow,
  isNonceOfCurrentLogin,
  ltijsStateOf,
  NEW_WINDOW_PATH,
  rememberLogins,
} from '../../../src/lti/loginGuard.js';
import { CookieJar } from '../../support/toolkit.js';

const SECRET = 'an-lti-key-secret-of-thirty-two-characters';
const PLATFORM = 'https://moodle.truong.example.edu.vn';
const LTIJS_STATE = 'ltijs-chosen-state-0123456789';
const NONCE = 'nonce-sent-with-the-login';

interface Guarded {
  url: string;
  close(): Promise<void>;
}

async function guardedApp(partitioned: boolean): Promise<Guarded> {
  const app = express();
  installViews(app);
  app.use(cookieParser(SECRET), express.urlencoded({ extended: false }), languageMiddleware(false));
  app.use(rememberLogins('/login', partitioned, SECRET));
  app.get('/login', (_req, res) => {
    res.cookie(`state${LTIJS_STATE}`, PLATFORM, { httpOnly: true, signed: true });
    res.redirect(`${PLATFORM}/mod/lti/auth.php?state=${LTIJS_STATE}&nonce=${NONCE}&client_id=tool`);
  });
  app.use(consumeLoginState('/', partitioned, SECRET));
  // What reaches ltijs after the guard, and what the guard tells our storage about it.
  app.all('/', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    res.json({ reached: true, ltijs: ltijsStateOf(body.state), nonceOfLogin: isNonceOfCurrentLogin(NONCE) });
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app.post(NEW_WINDOW_PATH, continueInNewWindow(url, SECRET, { secure: false, sameSite: 'lax' }));
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** An id_token as the platform would post it; the guard reads its claims before ltijs checks the signature. */
const idToken = (claims: Record<string, unknown>) =>
  [{ alg: 'RS256', typ: 'JWT' }, claims].map((p) => Buffer.from(JSON.stringify(p)).toString('base64url')).join('.') +
  '.not-checked-here';
const claims = { iss: PLATFORM, aud: 'tool', nonce: NONCE };

describe('LTI login guard (no database)', () => {
  let guarded: Guarded;
  before(async () => (guarded = await guardedApp(true)));
  after(() => guarded.close());

  /** Starts a login as a platform's browser would: our state from the redirect, and the cookies set with it. */
  async function login(app = guarded) {
    const res = await fetch(`${app.url}/login`, { redirect: 'manual' });
    expect(res.status).to.equal(302);
    const target = new URL(res.headers.get('location')!);
    return { res, target, state: target.searchParams.get('state')!, cookies: new CookieJar().keep(res) };
  }
  const post = (form: Record<string, string>, headers: Record<string, string> = {}, path = '/') =>
    fetch(`${guarded.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form),
    });

  it('sends the platform a state of its own that carries ltijs’s, and names the state cookie after it', async () => {
    const { res, target, state, cookies } = await login();
    expect(target.origin).to.equal(PLATFORM);
    expect(target.searchParams.get('nonce'), 'the nonce goes unchanged').to.equal(NONCE);
    expect(state.startsWith(`${LTIJS_STATE}.`)).to.equal(true);
    expect(state.split('.')).to.have.length(3);
    expect(cookies.get(`state${LTIJS_STATE}`), 'no cookie under ltijs’s bare state').to.equal(undefined);
    expect(decodeURIComponent(cookies.get(`state${state}`)!)).to.match(new RegExp(`^s:${PLATFORM}\\.`));
    const [setCookie] = res.headers.getSetCookie();
    expect(setCookie).to.match(/; Partitioned/i);
    const second = await login();
    expect(second.state, 'every login gets a state of its own').not.to.equal(state);
  });

  it('leaves the state cookie unpartitioned where the tool does not ask for it (plain http)', async () => {
    const plain = await guardedApp(false);
    try {
      const { res } = await login(plain);
      expect(res.headers.getSetCookie()[0]).not.to.match(/Partitioned/i);
    } finally {
      await plain.close();
    }
  });

  it('refuses a state it did not seal, an altered one, or one past its ten minutes, with our page in Vietnamese', async () => {
    const { state, cookies } = await login();
    const [ltijs, iv, sealed] = state.split('.') as [string, string, string];
    const altered = `${ltijs}.${iv}.${sealed.slice(0, -2)}${sealed.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const forged of ['', LTIJS_STATE, `${LTIJS_STATE}.x.y`, altered, `${state}.extra`, `other${state}`]) {
      const res = await post({ id_token: idToken(claims), state: forged }, { cookie: cookies.header() });
      expect(res.status, forged).to.equal(401);
      expect(await res.text(), forged).to.include('Lần mở này đã được dùng hoặc đã hết hạn');
    }
    // Without the cookie a live state is offered the new window (below); past its lifetime it is refused.
    const realNow = Date.now;
    Date.now = () => realNow() + 10 * 60_000 + 1000;
    try {
      const late = await post({ id_token: idToken(claims), state });
      expect(late.status).to.equal(401);
      expect(await late.text()).to.include('Lần mở này đã được dùng hoặc đã hết hạn');
    } finally {
      Date.now = realNow;
    }
  });

  it('refuses an id_token whose azp names none of its audiences, and lets that platform frame the refusal', async () => {
    const { state, cookies } = await login();
    const res = await post(
      { id_token: idToken({ ...claims, azp: 'someone-else' }), state },
      { cookie: cookies.header() },
    );
    expect(res.status).to.equal(401);
    expect(await res.text()).to.include('Hệ thống học tập gửi yêu cầu này chưa được đăng ký với Thư viện số');
    expect(res.headers.get('content-security-policy')).to.include(`frame-ancestors 'self' ${PLATFORM}`);
  });

  it('offers a new window, carrying the id_token on, to a browser that did not send the state cookie back', async () => {
    const { state } = await login();
    const token = idToken(claims);
    const res = await post({ id_token: token, state });
    expect(res.status).to.equal(401);
    expect(res.headers.get('referrer-policy')).to.equal('same-origin');
    expect(res.headers.get('content-security-policy')).to.include(`frame-ancestors 'self' ${PLATFORM}`);
    const page = await res.text();
    expect(page).to.include('Mở trong cửa sổ mới');
    expect(page).to.include(`action="${NEW_WINDOW_PATH}"`);
    expect(page).to.include(`name="id_token" value="${token}"`);
    expect(page).to.include(`name="state" value="${state}"`);
  });

  it('lets through to ltijs what is not an id_token post, untouched, outside any login', async () => {
    const { state } = await login();
    for (const res of [
      await fetch(`${guarded.url}/?state=${state}`),
      await post({ ltik: 'a-launch-token', id_token: idToken(claims), state }),
      await post({ state }),
    ]) {
      expect(res.status).to.equal(200);
      const body = (await res.json()) as { ltijs: { state: unknown; hasRecord: boolean }; nonceOfLogin: boolean };
      expect(body.nonceOfLogin, 'no login is being answered').to.equal(false);
      expect(body.ltijs.hasRecord).to.equal(true);
    }
  });

  describe('the new window', () => {
    it('opens only from our own page: refused to another site, whatever it posts', async () => {
      const { state } = await login();
      const form = { id_token: idToken(claims), state };
      const foreign: Record<string, string>[] = [
        { 'sec-fetch-site': 'cross-site' },
        { origin: 'https://evil.example' },
        {},
      ];
      for (const headers of foreign) {
        const res = await post(form, headers, NEW_WINDOW_PATH);
        expect(res.status, JSON.stringify(headers)).to.equal(403);
        expect(await res.text()).to.include('Chỉ nút “Mở trong cửa sổ mới” của Thư viện số mới mở được trang này');
      }
    });

    it('refuses an incomplete form (400) and a state it did not seal (401), in the person’s language', async () => {
      const sameOrigin = { 'sec-fetch-site': 'same-origin' };
      const missing = await post({ state: 'x' }, sameOrigin, NEW_WINDOW_PATH);
      expect(missing.status).to.equal(400);
      expect(await missing.text()).to.include('Yêu cầu mở không hợp lệ');
      const forged = await post(
        { id_token: idToken(claims), state: `${LTIJS_STATE}.a.b` },
        { origin: guarded.url },
        `${NEW_WINDOW_PATH}?lang=en`,
      );
      expect(forged.status).to.equal(401);
      expect(await forged.text()).to.match(/<html lang="en">/);
    });
  });
});
