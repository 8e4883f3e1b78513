import { expect } from 'chai';
import { identityKey, IdentityModel } from '../../../src/models/identity.js';
import { PersonModel } from '../../../src/models/person.js';
import { testContext } from '../../support/context.js';
import { province } from '../../support/fixtures.js';

describe('accounts: one person per identity, whatever the timing', () => {
  it('makes one person when the same identity signs in for the first time several times at once', async () => {
    const { schoolA } = await province();
    const key = identityKey('lti', `https://moodle.example.edu.vn|hs-${Date.now()}`);
    const claim = { provider: 'lti' as const, key, displayName: 'Trần Thu Hà', email: `ha.${Date.now()}@example.edu.vn`, memberships: [{ orgId: schoolA.id, role: 'student' as const }], authoritativeFor: schoolA.id, matchByEmail: false };
    const people = await Promise.all(Array.from({ length: 6 }, () => testContext().services.accounts.provision(claim)));
    expect(new Set(people.map((p) => p.id)).size).to.equal(1);
    const identity = await IdentityModel.findById(key).lean();
    expect(identity!.personId.toHexString()).to.equal(people[0]!.id);
    expect(await PersonModel.countDocuments({ email: claim.email })).to.equal(1);
  });
});
