/**
 * Statistics counted on a schedule, on the real database: the warm-up counts every school's figures
 * of the current school year and stores them; a second instance's warm-up finds the lease taken; an
 * instance that never counted shows the stored figures (their "counted at" is the warm-up's, on the
 * dashboard too) instead of counting cold; a loan made afterwards appears once the next warm-up has
 * counted and the shown figures are older than their freshness span.
 */
import { expect } from 'chai';
import type { Organisation } from '../../../src/domain/organisation.js';
import { CountedFiguresModel } from '../../../src/models/countedFigures.js';
import { countedAt } from '../../../src/presenters/barChart.js';
import { FiguresWarmer } from '../../../src/services/library/figuresWarmer.js';
import { LibraryStatisticsService } from '../../../src/services/library/statistics.js';
import { signedIn } from '../../support/client.js';
import { addTestCopies } from '../../support/copies.js';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { organisation, person, printedTitle, province, type TestPerson } from '../../support/fixtures.js';

describe('Library statistics counted on a schedule (a warm-up under a lease)', function () {
  this.timeout(300_000);
  let server: TestServer;
  let school: Organisation;
  let librarian: TestPerson;
  let barcodes: string[] = [];
  const warmers: FiguresWarmer[] = [];

  before(async () => {
    server = await startTestServer();
    school = await organisation('Trường THPT Nguyễn Trãi', (await province()).department);
    librarian = await person([{ org: school, role: 'librarian' }], 'Cô Số Liệu');
    const title = await printedTitle(librarian.actor, school, { metadata: { title: 'Bình Ngô đại cáo' } });
    barcodes = await addTestCopies(librarian.actor, school, title.id, 3);
    await lend(0);
  });
  after(async () => {
    for (const w of warmers) await w.stop();
    await server.close();
  });

  const lend = async (i: number) => {
    const reader = await person([{ org: school, role: 'student' }]);
    await testContext().services.circulation.checkOut(librarian.actor, school.id, {
      patronId: reader.id,
      barcode: barcodes[i]!,
    });
  };
  /** Another instance: its own statistics service (nothing counted in memory) and its own warm-up. */
  const instance = (freshMs?: number) => {
    const statistics = new LibraryStatisticsService(testContext().services.tree, undefined, freshMs);
    const warmer = new FiguresWarmer(statistics, testContext().log);
    warmers.push(warmer);
    return { statistics, warmer };
  };

  it('one instance counts and stores every school; another finds the lease taken and shows the stored figures', async () => {
    const first = instance();
    const started = new Date();
    expect(await first.warmer.warmIfHolding(60_000)).to.be.at.least(1);
    const year = first.statistics.years().current;
    const stored = await CountedFiguresModel.findById(`${school.id}|${year}`).lean();
    expect(stored?.countedAt).to.be.instanceOf(Date);
    expect(stored!.countedAt!.getTime()).to.be.at.least(started.getTime());

    const second = instance();
    expect(await second.warmer.warmIfHolding(60_000)).to.equal(null);
    const { figures } = await second.statistics.forSchool(librarian.actor, school.id, year);
    expect(figures.computedAt.getTime(), 'the stored figures, not a new count').to.equal(stored!.countedAt!.getTime());
    expect(figures.copies).to.equal(3);
    expect(figures.loans.total).to.equal(1);
    expect(figures.copiesByTitle.size).to.equal(1);

    // The dashboard of the server (a third instance) says when they were counted: the warm-up's time.
    const client = await signedIn(server.url, librarian);
    const page = await (await client.get(`/library/schools/${school.id}/statistics?year=${year}`)).text();
    expect(page).to.include(countedAt(stored!.countedAt!, 'vi'));
  });

  it('a loan made after a warm-up appears once the next warm-up has counted (within the cadence)', async () => {
    const counting = instance();
    const viewer = instance(3_000);
    const year = viewer.statistics.years().current;
    for (const w of warmers.slice(0, -2)) await w.stop(); // the earlier instances stop: their lease is released
    expect(await counting.warmer.warmIfHolding(60_000)).to.be.at.least(1);
    expect((await viewer.statistics.forSchool(librarian.actor, school.id, year)).figures.loans.total).to.equal(1);

    await lend(1);
    expect(await counting.warmer.warmIfHolding(60_000)).to.be.at.least(1);
    const stored = await CountedFiguresModel.findById(`${school.id}|${year}`).lean();
    // Once the figures the viewer holds are older than their freshness span, it reads the new count.
    await new Promise((r) => setTimeout(r, 3_100));
    const { figures } = await viewer.statistics.forSchool(librarian.actor, school.id, year);
    expect(figures.loans.total).to.equal(2);
    expect(figures.computedAt.getTime(), 'the warm-up’s count').to.equal(stored!.countedAt!.getTime());
  });
});
