import { expect } from 'chai';
import { identityKey, IdentityModel } from '../../../src/models/identity.js';
import { PersonModel } from '../../../src/models/person.js';
import { testContext } from '../../support/context.js';
import { province } from '../../support/fixtures.js';

describe('accounts: one person per identity, whatever the timing', () => {
  it('makes one person when the same identity signs in for the first time several times at once', async () => {
    const { schoolA } = await province();
    const key = identityKey('lti', `https://moodle.example.edu.vn|hs-${Date.now()}`);
    const claim = {
      provider: 'lti' as const,
      key,
      displayName: 'Trần Thu Hà',
      email: `ha.${Date.now()}@example.edu.vn`,
      memberships: [{ orgId: schoolA.id, role: 'student' as const }],
      authoritativeFor: schoolA.id,
      matchByEmail: false,
    };
    const people = await Promise.all(Array.from({ length: 6 }, () => testContext().services.accounts.provision(claim)));
    expect(new Set(people.map((p) => p.id)).size).to.equal(1);
    const identity = await IdentityModel.findById(key).lean();
    expect(identity!.personId.toHexString()).to.equal(people[0]!.id);
    expect(await PersonModel.countDocuments({ email: claim.email })).to.equal(1);
  });

  it('brings name and roles up to date at every sign-in, and writes nothing when a repeated sign-in brings nothing new', async () => {
    const { schoolA } = await province();
    const key = identityKey('lti', `https://moodle.example.edu.vn|gv-${Date.now()}`);
    const claim = {
      provider: 'lti' as const,
      key,
      displayName: 'Lê Văn Nam',
      email: null,
      memberships: [{ orgId: schoolA.id, role: 'student' as const }],
      authoritativeFor: schoolA.id,
      matchByEmail: false,
    };
    const { accounts } = testContext().services;
    const first = await accounts.provision(claim);
    const written = await PersonModel.findById(first.id).lean();
    const seen = (await IdentityModel.findById(key).lean())!.lastSeenAt;

    const again = await accounts.provision(claim);
    expect(again.id).to.equal(first.id);
    expect((await PersonModel.findById(first.id).lean())!.modifiedAt.getTime()).to.equal(written!.modifiedAt.getTime());
    expect((await IdentityModel.findById(key).lean())!.lastSeenAt!.getTime()).to.equal(seen!.getTime());

    const renamed = await accounts.provision({ ...claim, displayName: 'Lê Văn Nam (GV)' });
    expect(renamed.displayName).to.equal('Lê Văn Nam (GV)');
    const promoted = await accounts.provision({
      ...claim,
      displayName: 'Lê Văn Nam (GV)',
      memberships: [{ orgId: schoolA.id, role: 'teacher' }],
    });
    expect(promoted.memberships).to.deep.equal([{ orgId: schoolA.id, role: 'teacher' }]);
    expect((await PersonModel.findById(first.id).lean())!.displayName).to.equal('Lê Văn Nam (GV)');
  });
});
