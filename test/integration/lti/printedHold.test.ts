/**
 * A printed title in a Moodle course, through the test platform's real OIDC launches: a teacher
 * picks it in the picker (deep linking), a learner launched into it sees the copies on the shelf at
 * their school and places a hold from inside the course, with the ltik as the session; a second
 * hold, or a hold where the school has no copy, is answered clearly and changes nothing.
 */
import { expect } from 'chai';
import { testContext } from '../../support/context.js';
import { person, printedTitle } from '../../support/fixtures.js';
import { ROLE } from '../../support/ltiPlatform.js';
import { identityKey } from '../../../src/domain/person.js';
import { startLtiHarness, type LtiHarness } from './harness.js';

const decode = (s: string) =>
  s
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&')
    .replace(/&#x2F;/g, '/');
const formLtik = (html: string) => decode(/name="ltik" value="([^"]*)"/.exec(html)![1]!);
const batch = { date: '2025-09-05', source: 'purchase' as const, supplier: null, documentNumber: null, note: null };

describe('LTI: a printed title in the course, and a hold placed from inside Moodle', function () {
  this.timeout(90_000);
  let h: LtiHarness;
  let titleId: string;
  let onlyAtB: string;

  before(async () => {
    h = await startLtiHarness();
    const { copies } = testContext().services;
    const librarianA = await person([{ org: h.schoolA, role: 'librarian' }]);
    const librarianB = await person([{ org: h.schoolB, role: 'librarian' }]);
    const addCopies = (actor: typeof librarianA.actor, orgId: string, resourceId: string, count: number) =>
      copies.add(actor, resourceId, {
        orgId,
        collection: 'TK',
        location: 'KHO',
        numbering: { count },
        batch,
        price: null,
        volume: null,
        note: null,
      });
    titleId = (await printedTitle(librarianA.actor, h.schoolA, { metadata: { title: 'Tuổi thơ dữ dội' } })).id;
    await addCopies(librarianA.actor, h.schoolA.id, titleId, 2);
    onlyAtB = (await printedTitle(librarianB.actor, h.schoolB, { metadata: { title: 'Kính vạn hoa' } })).id;
    await addCopies(librarianB.actor, h.schoolB.id, onlyAtB, 1);
  });
  after(() => h.stop());

  it('lets a teacher pick a printed title in the picker, as a link naming it', async () => {
    const picker = await h.platform.launch(h.server.url, {
      sub: 'gv-in',
      roles: [ROLE.instructor],
      messageType: 'LtiDeepLinkingRequest',
      context: { id: 'c-read', title: 'Câu lạc bộ đọc sách' },
    });
    const ltik = formLtik(picker.html);
    const found = await (
      await fetch(`${h.server.url}/lti/picker?${new URLSearchParams({ ltik, q: 'tuoi tho du doi' })}`)
    ).text();
    expect(found).to.contain(`name="resourceIds" value="${titleId}"`);
    const answer = await fetch(`${h.server.url}/lti/picker`, {
      method: 'POST',
      body: new URLSearchParams({ ltik, resourceIds: titleId }),
    });
    expect(answer.status).to.equal(200);
    const jwt = decode(/name="JWT" value="([^"]*)"/.exec(await answer.text())![1]!);
    const back = await fetch(`${h.platform.url}/deep-link-return`, {
      method: 'POST',
      body: new URLSearchParams({ JWT: jwt }),
    });
    expect(back.status).to.equal(200);
    const items = h.platform.deepLinkResponses.at(-1)![
      'https://purl.imsglobal.org/spec/lti-dl/claim/content_items'
    ] as { title: string; custom: Record<string, string> }[];
    expect(items.map((i) => [i.title, i.custom.tvs_resource_id])).to.deep.equal([['Tuổi thơ dữ dội', titleId]]);
  });

  it('shows the learner the copies at their school and takes their hold once', async () => {
    const launch = () =>
      h.platform.launch(h.server.url, {
        sub: 'hs-hold',
        name: 'Lê Văn Nam',
        roles: [ROLE.learner],
        custom: { tvs_resource_id: titleId },
        context: { id: 'c-read', title: 'Câu lạc bộ đọc sách' },
      });
    const first = await launch();
    expect(first.status, first.html).to.equal(200);
    expect(first.html).to.contain(`Sách in tại thư viện ${h.schoolA.name}`);
    expect(first.html).to.contain('Còn 2 trên 2 bản trên giá.');
    expect(first.html).to.contain('action="/lti/holds"');

    // A post without the launch's ltik is no session at all.
    expect(
      (await fetch(`${h.server.url}/lti/holds`, { method: 'POST', body: new URLSearchParams({}) })).status,
    ).to.equal(401);

    const placed = await fetch(`${h.server.url}/lti/holds`, {
      method: 'POST',
      body: new URLSearchParams({ ltik: formLtik(first.html), resourceId: onlyAtB }),
    });
    const placedHtml = await placed.text();
    expect(placed.status, placedHtml).to.equal(201);
    expect(placedHtml).to.contain(`Thư viện ${h.schoolA.name} sẽ báo cho bạn`);
    expect(placed.headers.get('content-security-policy')).to.contain(`frame-ancestors 'self' ${h.platform.url}`);

    const learner = await testContext().services.accounts.personByIdentity(
      identityKey('lti', h.platform.url, 'hs-hold'),
    );
    const queue = await testContext().services.holds.queue(h.schoolA.id, titleId);
    expect(
      queue.map((q) => q.patronId),
      'the hold is on the launched title, whatever the form says',
    ).to.deep.equal([learner!.id]);
    expect(await testContext().services.holds.queue(h.schoolB.id, onlyAtB)).to.deep.equal([]);

    const again = await fetch(`${h.server.url}/lti/holds`, {
      method: 'POST',
      body: new URLSearchParams({ ltik: formLtik(first.html) }),
    });
    expect(again.status).to.equal(409);
    expect(await again.text()).to.contain('Bạn đọc đã đặt trước đầu sách này.');
    expect(await testContext().services.holds.queue(h.schoolA.id, titleId)).to.have.length(1);

    const later = await launch();
    expect(later.html).to.contain('Bạn đã đặt trước sách này');
    expect(later.html).not.to.contain('action="/lti/holds"');
  });

  it('says so when the learner’s school has no copy, in English too, and places nothing', async () => {
    const launch = await h.platform.launch(h.server.url, {
      sub: 'hs-none',
      roles: [ROLE.learner],
      custom: { tvs_resource_id: onlyAtB },
      acceptLanguage: 'en',
    });
    expect(launch.status, launch.html).to.equal(200);
    expect(launch.html).to.contain('library has no copy of this book yet.');
    const refused = await fetch(`${h.server.url}/lti/holds`, {
      method: 'POST',
      headers: { 'accept-language': 'en' },
      body: new URLSearchParams({ ltik: decode(/data-ltik="([^"]+)"/.exec(launch.html)![1]!) }),
    });
    expect(refused.status).to.equal(409);
    expect(await refused.text()).to.contain('no hold can be placed');
    expect(await testContext().services.holds.queue(h.schoolA.id, onlyAtB)).to.deep.equal([]);
  });
});
