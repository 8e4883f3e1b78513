import { expect } from 'chai';
import type { SessionData } from 'express-session';
import { DatabaseSessionStore } from '../../../src/http/sessions.js';
import { SessionModel } from '../../../src/models/session.js';
import { purgeExpired } from '../../../src/db/expiry.js';

const store = new DatabaseSessionStore(3600_000);
const call = <T>(fn: (cb: (err?: unknown, value?: T) => void) => void) =>
  new Promise<T | undefined>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));

const sessionExpiring = (at: Date) =>
  ({ cookie: { originalMaxAge: 1000, expires: at }, visits: 1 }) as unknown as SessionData;

describe('sessions stored in the database', () => {
  it('keeps, reads, renews and destroys a session', async () => {
    const later = new Date(Date.now() + 3600_000);
    await call((cb) => store.set('sid-keep', sessionExpiring(later), cb));
    const read = (await call<SessionData | null>((cb) => store.get('sid-keep', cb))) as unknown as { visits: number };
    expect(read.visits).to.equal(1);

    const muchLater = new Date(Date.now() + 7200_000);
    await call((cb) => store.touch('sid-keep', sessionExpiring(muchLater), cb));
    expect((await SessionModel.findById('sid-keep').lean())?.expiresAt.getTime()).to.equal(muchLater.getTime());
    // Requests right after do not write again: the expiry moves at most every few minutes.
    await call((cb) => store.touch('sid-keep', sessionExpiring(new Date(Date.now() + 9000_000)), cb));
    expect((await SessionModel.findById('sid-keep').lean())?.expiresAt.getTime()).to.equal(muchLater.getTime());

    await call((cb) => store.destroy('sid-keep', cb));
    expect(await call((cb) => store.get('sid-keep', cb))).to.equal(null);
  });

  it('treats an expired session as absent, and the periodic purge deletes it', async () => {
    await call((cb) => store.set('sid-old', sessionExpiring(new Date(Date.now() - 1000)), cb));
    await call((cb) => store.set('sid-new', sessionExpiring(new Date(Date.now() + 60_000)), cb));
    expect(await call((cb) => store.get('sid-old', cb))).to.equal(null);

    const deleted = await purgeExpired({ model: SessionModel, field: 'expiresAt' });
    expect(deleted).to.be.at.least(1);
    expect(await SessionModel.exists({ _id: 'sid-old' })).to.equal(null);
    expect(await SessionModel.exists({ _id: 'sid-new' })).to.not.equal(null);
  });
});
