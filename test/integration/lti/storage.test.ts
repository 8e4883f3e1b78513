import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { ltiStoreModels } from '../../../src/models/lti.js';
import { LtiStorage } from '../../../src/lti/storage.js';
import { rolesFromLti, mayPickResources } from '../../../src/lti/roles.js';
import { ROLE } from '../../support/ltiPlatform.js';

describe('LTI storage plugin for ltijs, on the real database', () => {
  const storage = new LtiStorage();
  const secret = 'a-test-secret-of-at-least-thirty-two-chars';

  it('keys each record by the fields ltijs looks it up by, so a launch reads by _id', async () => {
    const user = randomUUID();
    await storage.Replace(
      false,
      'idtoken',
      { iss: 'https://lms', clientId: 'c', deploymentId: 'd', user },
      { iss: 'https://lms', clientId: 'c', deploymentId: 'd', user, userInfo: { name: 'A' } },
    );
    expect(await ltiStoreModels.idtoken.exists({ _id: `https://lms|c|d|${user}` })).to.not.equal(null);
    const [found] =
      (await storage.Get(false, 'idtoken', { iss: 'https://lms', clientId: 'c', deploymentId: 'd', user })) || [];
    expect(found).to.deep.include({ user, userInfo: { name: 'A' } });
  });

  it('rewrites a launch record only when it changed, so a student reopening an activity costs no write', async () => {
    const user = randomUUID();
    const query = { iss: 'https://lms', clientId: 'c', deploymentId: 'd', user };
    const id = `https://lms|c|d|${user}`;
    await storage.Replace(false, 'idtoken', query, { ...query, userInfo: { name: 'A' } });
    const first = (await ltiStoreModels.idtoken.findById(id).lean())!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await storage.Replace(false, 'idtoken', query, { ...query, userInfo: { name: 'A' } });
    expect(
      (await ltiStoreModels.idtoken.findById(id).lean())!.createdAt.getTime(),
      'the same record again: not rewritten',
    ).to.equal(first.createdAt.getTime());
    await storage.Replace(false, 'idtoken', query, { ...query, userInfo: { name: 'B' } });
    const [changed] = (await storage.Get(false, 'idtoken', query)) || [];
    expect(changed).to.deep.include({ userInfo: { name: 'B' } });
  });

  it('refuses a nonce seen before', async () => {
    const nonce = randomUUID();
    await storage.Insert(false, 'nonce', { nonce });
    let refused: unknown;
    await storage.Insert(false, 'nonce', { nonce }).catch((e: unknown) => (refused = e));
    expect(refused, 'the second insert of a nonce fails').to.be.instanceOf(Error);
  });

  it('keeps signing keys encrypted at rest and hides expired records on read', async () => {
    const kid = randomUUID();
    await storage.Insert(
      secret,
      'privatekey',
      { key: '-----BEGIN RSA PRIVATE KEY-----secret', kid },
      { kid, platformUrl: 'https://lms', clientId: 'c' },
    );
    const raw = await ltiStoreModels.privatekey.findById(kid).lean();
    expect(raw!.data).not.to.contain('BEGIN RSA');
    expect(((await storage.Get(secret, 'privatekey', { kid })) || [])[0]).to.deep.include({
      key: '-----BEGIN RSA PRIVATE KEY-----secret',
    });
    await storage.expireAt('privatekey', kid, new Date(Date.now() - 1000));
    expect(await storage.Get(secret, 'privatekey', { kid })).to.equal(false);
  });

  it('maps only the standard LIS role URIs', () => {
    expect(rolesFromLti([ROLE.learner, ROLE.instructor])).to.deep.equal(['teacher', 'student']);
    expect(rolesFromLti(['https://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'])).to.deep.equal([]);
    expect(mayPickResources([ROLE.administrator])).to.equal(true);
    expect(mayPickResources([ROLE.learner])).to.equal(false);
  });
});
