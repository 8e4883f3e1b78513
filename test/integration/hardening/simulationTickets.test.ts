/**
 * Issue 12, case 9: a simulation's link (/play → /sim/…/<ticket>/…) is bound to who opened it and
 * checked against the policy on every request, opens its entry page only for minutes, and still
 * works inside an LMS, where the launch token is the only session.
 */
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { simulationUrl } from '../../../src/http/routes/simulations.js';
import { zipOf } from '../../../src/seed/files.js';
import type { Organisation } from '../../../src/domain/organisation.js';
import { testContext } from '../../support/context.js';
import { signedIn } from '../../support/client.js';
import { person, resource, system, type TestPerson } from '../../support/fixtures.js';
import { ROLE } from '../../support/ltiPlatform.js';
import { startLtiHarness, type LtiHarness } from '../lti/harness.js';

describe('hardening: simulation links are bound to who opened them and short-lived', function () {
  this.timeout(120_000);
  let h: LtiHarness;
  let owner: TestPerson;

  before(async () => {
    h = await startLtiHarness();
    owner = await person([{ org: h.schoolA, role: 'teacher' }], 'Thầy Bình');
  });
  after(() => h.stop());

  /** A simulation in a resource of `org`, left as a draft or published. */
  async function simulation(org: Organisation, by: TestPerson, status: 'draft' | 'published') {
    const { files, resources } = testContext().services;
    const zip = await zipOf({ 'index.html': '<!doctype html><script src="app.js"></script>', 'app.js': 'void 0;' });
    let r = await resource(by.actor, org, {
      status: 'draft',
      scope: 'school',
      metadata: { title: 'Mô phỏng con lắc' },
    });
    r = await files.upload(by.actor, r.id, r.version, { stream: Readable.from([zip]), filename: 'con-lac.zip' });
    const fileId = r.files[0]!.id;
    if (status === 'published') {
      r = await resources.transition(by.actor, r.id, r.version, 'submit');
      r = await resources.transition(await system(), r.id, r.version, 'approve');
    }
    return { id: r.id, fileId };
  }

  const open = (link: string, path = 'index.html') =>
    fetch(`${h.server.url}${link.replace(/index\.html$/, path)}`).then((r) => r.status);

  /** The change feed tells the process within a poll (200 ms in tests). */
  const eventually = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 50 && !(await check()); i++) await sleep(100);
    return check();
  };

  it("case 9 as written: a school-only draft's link dies for everyone once its opener may no longer see the item", async () => {
    const sim = await simulation(h.schoolA, owner, 'draft');
    const librarian = await person([{ org: h.schoolA, role: 'librarian' }], 'Cô Thư');
    const client = await signedIn(h.server.url, librarian);
    const play = await client.get(`/resources/${sim.id}/files/${sim.fileId}/play`);
    expect(play.status).to.equal(302);
    const link = play.headers.get('location')!;
    expect(await open(link), 'the librarian may see the draft: the link works').to.equal(200);

    // The librarian leaves the school: nobody holding their link may open the draft any more.
    await testContext().services.organisations.setRoles(await system(), librarian.id, h.schoolA.id, []);
    expect(await eventually(async () => (await open(link)) === 404), 'entry page refused').to.equal(true);
    expect(await open(link, 'app.js'), 'parts refused too').to.equal(404);
    expect(link, 'the link names its opener').to.match(
      new RegExp(`^/sim/${sim.id}/${sim.fileId}/\\d+\\.${librarian.id}\\.p\\.[A-Za-z0-9_-]+/index\\.html$`),
    );

    // The owner's own link dies when the owner is disabled.
    const ownerLink = simulationUrl(testContext().config.secrets.tokenSecret, sim.id, sim.fileId, owner.actor);
    expect(await open(ownerLink)).to.equal(200);
    await testContext().services.organisations.setDisabled(await system(), owner.id, true);
    try {
      expect(await eventually(async () => (await open(ownerLink)) === 404)).to.equal(true);
    } finally {
      await testContext().services.organisations.setDisabled(await system(), owner.id, false);
    }
  });

  it('opens the entry page only for minutes after the link was made; the parts for a lesson', async () => {
    const sim = await simulation(h.schoolA, owner, 'draft');
    const secret = testContext().config.secrets.tokenSecret;
    const minutesAgo = (m: number) => simulationUrl(secret, sim.id, sim.fileId, owner.actor, Date.now() - m * 60_000);
    expect(await open(minutesAgo(1))).to.equal(200);
    expect(await open(minutesAgo(11)), 'entry page, 11 minutes on').to.equal(404);
    expect(await open(minutesAgo(11), 'app.js'), 'a part the package loads later').to.equal(200);
    expect(await open(minutesAgo(181), 'app.js'), 'a part, past the lesson').to.equal(404);
    const forged = minutesAgo(11).replace(/\/(\d+)\./, (_, s: string) => `/${Number(s) + 11 * 60}.`);
    expect(await open(forged), 'a ticket whose time was moved on').to.equal(404);
  });

  it('does not let a link made for one person pass as anyone else', async () => {
    const sim = await simulation(h.schoolA, owner, 'draft');
    const link = simulationUrl(testContext().config.secrets.tokenSecret, sim.id, sim.fileId, owner.actor);
    const stranger = await person([{ org: h.schoolB, role: 'teacher' }]);
    expect(await open(link.replace(owner.id, stranger.id)), 'another opener').to.equal(404);
    expect(await open(link.replace(`.${owner.id}.`, '.-.')), 'an anonymous opener').to.equal(404);
    expect(await open(link.replace('.p.', '.g.')), 'a grant the opener never had').to.equal(404);
  });

  it('keeps simulations working inside an LMS: a learner granted a school-only item by a launch plays it with the ltik', async () => {
    const teacherB = await person([{ org: h.schoolB, role: 'teacher' }]);
    const sim = await simulation(h.schoolB, teacherB, 'published');
    const launch = await h.platform.launch(h.server.url, {
      sub: `hs-sim-${Date.now()}`,
      roles: [ROLE.learner],
      custom: { tvs_resource_id: sim.id },
      context: { id: 'vat-ly-10', title: 'Vật lý 10' },
    });
    expect(launch.status, launch.html).to.equal(200);
    const ltik = /data-ltik="([^"]+)"/.exec(launch.html)![1]!;
    expect(launch.html.replaceAll('&#x3D;', '='), 'the viewer frames the /play door with the ltik').to.contain(
      `/resources/${sim.id}/files/${sim.fileId}/play?ltik=${ltik}`,
    );
    const play = await fetch(`${h.server.url}/resources/${sim.id}/files/${sim.fileId}/play?ltik=${ltik}`, {
      redirect: 'manual',
    });
    expect(play.status).to.equal(302);
    const link = play.headers.get('location')!;
    expect(link, 'the ticket records the course grant').to.match(/\.g\.[A-Za-z0-9_-]+\/index\.html$/);
    const page = await fetch(`${h.server.url}${link}`);
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-security-policy')).to.match(/(^|; )sandbox allow-scripts(;|$)/);
    expect(await open(link, 'app.js')).to.equal(200);
    // Without the launch, the same learner's ticket would be nothing: a signed-in teacher of school A gets none.
    const teacherA = await signedIn(h.server.url, owner);
    expect((await teacherA.get(`/resources/${sim.id}/files/${sim.fileId}/play`)).status).to.equal(404);
  });
});
