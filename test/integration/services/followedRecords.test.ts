import { expect } from 'chai';
import { DomainError } from '../../../src/domain/errors.js';
import { identityKey } from '../../../src/models/identity.js';
import { PersonModel } from '../../../src/models/person.js';
import { createServices, type Services } from '../../../src/services/index.js';
import type { IdentityClaim } from '../../../src/services/accounts.js';
import { testContext } from '../../support/context.js';
import { person, province, resource, system } from '../../support/fixtures.js';
import { unique } from '../../support/toolkit.js';

/** A second app instance on the same database, following the change feed only when told to poll. */
async function secondInstance(): Promise<Services> {
  const { config, log } = testContext();
  const second = createServices(config, log, { pollMs: 60_000 });
  await second.changes.markStart();
  await second.tree.reloadAll();
  return second;
}

function launchClaim(orgId: string, sub: string, displayName = 'Trần Thị Lan'): IdentityClaim {
  return {
    provider: 'lti',
    key: identityKey('lti', 'https://moodle.example.edu.vn', sub),
    displayName,
    email: null,
    memberships: [{ orgId, role: 'student' }],
    authoritativeFor: orgId,
    matchByEmail: false,
  };
}

describe('people and items kept by each instance follow the change feed', () => {
  it('a person disabled on one instance can no longer sign in on another once it has polled', async () => {
    const { services } = testContext();
    const second = await secondInstance();
    const { department, schoolA } = await province();
    const admin = await person([{ org: department, role: 'org_admin' }]);
    const claim = launchClaim(schoolA.id, `hs-${unique()}`);
    const learner = await second.accounts.provision(claim);
    expect((await second.accounts.person(learner.id))?.disabled).to.equal(false);

    await services.organisations.setDisabled(admin.actor, learner.id, true);
    expect((await services.accounts.person(learner.id))?.disabled, 'the instance that wrote it knows at once').to.equal(
      true,
    );
    expect((await second.accounts.person(learner.id))?.disabled, 'the other keeps its copy until it polls').to.equal(
      false,
    );

    await second.changes.poll();
    expect((await second.accounts.person(learner.id))?.disabled).to.equal(true);
    const refused = await second.accounts.provision(claim).catch((err: unknown) => err);
    expect(refused).to.be.instanceOf(DomainError);
    expect((refused as DomainError).messageKey).to.equal('auth.disabled');
  });

  it('a sign-in on an instance with an old copy of the person keeps a role given meanwhile elsewhere', async () => {
    const { services } = testContext();
    const second = await secondInstance();
    const { department, schoolA, schoolB } = await province();
    const admin = await person([{ org: department, role: 'org_admin' }]);
    const sub = `hs-${unique()}`;
    const learner = await second.accounts.provision(launchClaim(schoolA.id, sub));

    await services.organisations.setRoles(admin.actor, learner.id, schoolB.id, ['librarian']);
    // Before the second instance polls, the person signs in there with a new name.
    const signedIn = await second.accounts.provision(launchClaim(schoolA.id, sub, 'Trần Thị Lan Anh'));

    const stored = await PersonModel.findById(learner.id).lean();
    const roles = stored!.memberships.map((m) => `${m.orgId.toHexString()}:${m.role}`).sort();
    expect(roles).to.deep.equal([`${schoolA.id}:student`, `${schoolB.id}:librarian`].sort());
    expect(stored!.displayName).to.equal('Trần Thị Lan Anh');
    expect(signedIn.memberships).to.deep.include({ orgId: schoolB.id, role: 'librarian' });
  });

  it('an item withdrawn on one instance is no longer opened as published by another once it has polled', async () => {
    const { services } = testContext();
    const second = await secondInstance();
    const { schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const item = await resource(teacher.actor, schoolA);
    expect((await second.resources.findToOpen(item.id))?.status).to.equal('published');

    const withdrawn = await services.resources.transition(await system(), item.id, item.version, 'withdraw');
    expect(withdrawn.status).to.equal('withdrawn');
    expect((await services.resources.findToOpen(item.id))?.status, 'the instance that wrote it knows at once').to.equal(
      'withdrawn',
    );
    expect((await second.resources.findToOpen(item.id))?.status, 'the other keeps its copy until it polls').to.equal(
      'published',
    );

    await second.changes.poll();
    expect((await second.resources.findToOpen(item.id))?.status).to.equal('withdrawn');
  });

  it('what an instance keeps cannot be changed by a caller', async () => {
    const { services } = testContext();
    const { schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const item = await resource(teacher.actor, schoolA);
    const opened = (await services.resources.findToOpen(item.id))!;
    expect(() => {
      opened.metadata.title = 'đổi';
    }).to.throw(TypeError);
    expect((await services.resources.findToOpen(item.id))?.metadata.title).to.equal(item.metadata.title);
  });
});
