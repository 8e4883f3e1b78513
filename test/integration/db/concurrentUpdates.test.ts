import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { grantedResources, grantResource } from '../../../src/services/ltiGrants.js';
import { ChangeModel } from '../../../src/models/change.js';
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

  it('changes published at the same moment get sequence numbers of their own', async () => {
    const { services } = testContext();
    const recorded: string[] = [];
    const keys = Array.from({ length: 8 }, () => `k-${unique()}`);
    await Promise.all(keys.map((key) => services.changes.publish('person', key)));
    for (const entry of await ChangeModel.find({}).lean()) if (keys.includes(entry.key)) recorded.push(entry.key);
    expect(recorded.sort()).to.deep.equal([...keys].sort());
  });
});
