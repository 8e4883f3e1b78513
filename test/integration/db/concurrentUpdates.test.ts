import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { grantedResources, grantResource } from '../../../src/services/ltiGrants.js';
import { ChangeModel } from '../../../src/models/change.js';
import { ChangeFeed } from '../../../src/services/changeFeed.js';
import { countHit, hitsOf } from '../../../src/models/rateLimit.js';
import { testContext } from '../../support/context.js';
import { unique } from '../../support/toolkit.js';

/**
 * Updates of one document that arrive at the same moment must all land, on MongoDB and on the
 * embedded FerretDB, which applies an update operator as a read and a write (src/db/documentLocks.ts).
 */
describe('updates of one document at the same moment all land', () => {
  it('a learner launched into ten items of one course at once is granted all ten', async () => {
    const personId = `p-${unique()}`;
    const course = { platformUrl: 'https://moodle.example.edu.vn', courseId: `toan-6a-${unique()}` };
    const items = Array.from({ length: 10 }, () => randomBytes(12).toString('hex'));
    await Promise.all(items.map((id) => grantResource(personId, course, id)));
    expect([...(await grantedResources(personId, course))].sort()).to.deep.equal([...items].sort());
  });

  it('failed sign-ins counted at the same moment each count', async () => {
    const key = `login-test:${unique()}`;
    await Promise.all(Array.from({ length: 12 }, () => countHit(key, 60_000)));
    expect((await hitsOf(key))?.hits).to.equal(12);
  });

  it('changes published at once by two instances are all recorded, each entry with a number of its own', async () => {
    const { services, log } = testContext();
    const otherInstance = new ChangeFeed(log, 60_000);
    const keys = Array.from({ length: 8 }, () => `k-${unique()}`);
    // A change published while another is being written goes into a later entry with the others
    // that arrived meanwhile (src/services/changeFeed.ts, record): fewer entries than changes.
    await Promise.all(keys.map((key, i) => (i % 2 ? otherInstance : services.changes).publish('person', key)));
    const entries = (await ChangeModel.find({}).lean()).filter((e) =>
      (e.keys ?? [e.key]).some((k) => keys.includes(k)),
    );
    expect(entries.flatMap((e) => e.keys ?? [e.key]).sort()).to.deep.equal([...keys].sort());
    expect(new Set(entries.map((e) => e._id)).size).to.equal(entries.length);
    expect(entries.length, 'changes that arrived during a write share an entry').to.be.below(keys.length);
  });
});
