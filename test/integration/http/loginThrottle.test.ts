import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/context.js';
import { Client } from '../../support/client.js';
import { person, province } from '../../support/fixtures.js';
import { LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS, LOGIN_FAILURES_PER_ADDRESS } from '../../../src/http/routes/auth.js';

let address = 0;
/** A distinct client address per call (behind a trusted proxy, as in production behind a load balancer). */
const nextAddress = () => `198.51.100.${++address}`;

/** The login form posted from `from`; the answer's status and its body without what differs by request. */
async function attempt(server: TestServer, from: string, username: string, password: string) {
  const client = new Client(server.url);
  const csrf = await client.refreshCsrf();
  const res = await client.request('POST', '/login', {
    form: { username, password, _csrf: csrf },
    headers: { 'x-forwarded-for': from },
  });
  const body = (await res.text())
    .replace(/name="_csrf" value="[^"]*"/g, '')
    .replace(/[0-9a-f-]{36}/g, '')
    .replaceAll(username, 'USER');
  return { status: res.status, body, retryAfter: res.headers.get('retry-after') };
}

describe('sign-in throttling: by account and address together, the same answer for unknown and existing accounts, across instances', function () {
  this.timeout(120_000);
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    a = await startTestServer({ trustProxy: true });
    b = await startTestServer({ trustProxy: true });
  });
  after(async () => {
    await a.close();
    await b.close();
  });

  it('answers an unknown username exactly as an existing one, wrong password after wrong password', async () => {
    const { schoolA } = await province();
    const someone = await person([{ org: schoolA, role: 'librarian' }]);
    const unknown = `khong-co-${someone.username}`;
    const from = nextAddress();
    const existing: { status: number; body: string }[] = [];
    const missing: { status: number; body: string }[] = [];
    for (let i = 0; i <= LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
      existing.push(await attempt(a, from, someone.username, 'sai-mat-khau'));
      missing.push(await attempt(a, from, unknown, 'sai-mat-khau'));
    }
    const statuses = existing.map((r) => r.status);
    expect(statuses).to.deep.equal([...Array(LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS).fill(401), 429]);
    expect(missing.map((r) => r.status)).to.deep.equal(statuses);
    for (let i = 0; i < existing.length; i++) expect(missing[i]!.body, `attempt ${i + 1}`).to.equal(existing[i]!.body);
    expect(existing.at(-1)!.body).to.contain('Quá nhiều lần đăng nhập sai từ địa chỉ này');
  });

  it('does not let an attacker elsewhere lock a person out', async () => {
    const { schoolA } = await province();
    const someone = await person([{ org: schoolA, role: 'librarian' }]);
    const attacker = nextAddress();
    for (let i = 0; i < LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS + 3; i++)
      await attempt(a, attacker, someone.username, `doan-${i}`);
    expect((await attempt(a, attacker, someone.username, someone.password)).status, 'the attacker is held').to.equal(
      429,
    );
    const own = await attempt(a, nextAddress(), someone.username, someone.password);
    expect(own.status, 'the person, from their own address, signs in').to.equal(303);
  });

  it('counts the failures of one address across accounts (password spraying), and retries say when', async () => {
    const sprayer = nextAddress();
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_FAILURES_PER_ADDRESS; i++)
      statuses.push((await attempt(a, sprayer, `nguoi-${i}-${sprayer}`, 'matkhau123')).status);
    expect(statuses.slice(0, LOGIN_FAILURES_PER_ADDRESS).every((s) => s === 401)).to.equal(true);
    const last = await attempt(a, sprayer, `nguoi-moi-${sprayer}`, 'matkhau123');
    expect(last.status).to.equal(429);
    expect(Number(last.retryAfter)).to.be.within(60, 15 * 60);
  });

  it('lets a whole class behind its school’s one address sign in at the same moment', async () => {
    const { schoolA } = await province();
    const pupils = [];
    for (let i = 0; i < LOGIN_FAILURES_PER_ADDRESS + 10; i++)
      pupils.push(await person([{ org: schoolA, role: 'student' }]));
    const school = nextAddress();
    let n = 0;
    const statuses = await Promise.all(pupils.map((p) => attempt(n++ % 2 ? a : b, school, p.username, p.password)));
    expect(statuses.map((r) => r.status)).to.deep.equal(pupils.map(() => 303));
  });

  it('counts failures on every instance together (the counters are in the database)', async () => {
    const { schoolA } = await province();
    const someone = await person([{ org: schoolA, role: 'librarian' }]);
    const from = nextAddress();
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++)
      statuses.push((await attempt(i % 2 ? b : a, from, someone.username, 'sai')).status);
    expect(statuses.at(-1)).to.equal(429);
  });
});
