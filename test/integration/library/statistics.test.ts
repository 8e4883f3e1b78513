/**
 * A school library's statistics on the real database: every figure equals what the services made
 * (statisticsData.ts), school A's own, not school B's; the department sees both schools side by side.
 */
import { expect } from 'chai';
import { testContext } from '../../support/context.js';
import { expected, statisticsWorld, YEAR, type StatisticsWorld } from './statisticsData.js';

const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

describe('Library statistics: figures of a school year from the data', function () {
  this.timeout(300_000);
  let world: StatisticsWorld;

  before(async () => {
    world = await statisticsWorld();
  });

  it('counts the collection, acquisitions, withdrawals, loans, readers and overdues of school A', async () => {
    const { figures, detail } = await testContext().services.libraryStatistics.forSchool(
      world.librarian.actor,
      world.schoolA.id,
      YEAR,
    );
    expect(figures.copies).to.equal(expected.copies);
    expect(figures.titles).to.equal(expected.titles);
    expect(figures.byCollection).to.deep.equal(expected.byCollection);
    expect(nonZero(detail.bySubject)).to.deep.equal(expected.bySubject);
    expect(nonZero(detail.byGrade)).to.deep.equal(expected.byGrade);
    expect(nonZero(figures.acquisitions)).to.deep.equal(expected.acquisitions);
    expect(nonZero(figures.withdrawals)).to.deep.equal(expected.withdrawals);
    expect(figures.loans.total).to.equal(expected.loans);
    expect(nonZero(figures.loans.byMonth)).to.deep.equal(expected.loansByMonth);
    expect(Object.keys(figures.loans.byMonth)).to.have.length(12);
    expect(figures.loans.byPatronType).to.deep.equal(expected.byPatronType);
    expect(detail.topTitles.map((t) => [t.resourceId, t.loans])).to.deep.equal(
      expected.topTitles.map(([k, n]) => [world.titles[k], n]),
    );
    expect(detail.topTitles[0]!.title).to.equal('Thơ Tố Hữu');
    expect(figures.patrons.student).to.equal(expected.students);
    expect(figures.loans.activeReaders).to.equal(expected.activeReaders);
    expect(figures.overdueNow).to.equal(expected.overdue);
    expect(detail.classes.map((c) => [c.className, c.activeReaders, c.students])).to.deep.equal(expected.classes);
  });

  it('shows the department both its schools, and no school another’s figures', async () => {
    const { libraryStatistics } = testContext().services;
    const rows = await libraryStatistics.indicatorsOfSchools(world.deptAdmin.actor, world.department.id, YEAR);
    const byId = new Map(rows.map((r) => [r.school.id, r.indicators]));
    expect([...byId.keys()].sort()).to.deep.equal([world.schoolA.id, world.schoolB.id].sort());
    expect(byId.get(world.schoolA.id)).to.include({
      copies: expected.copies,
      titles: expected.titles,
      students: expected.students,
      copiesPerStudent: expected.copies / expected.students,
      loans: expected.loans,
      loansPerStudent: expected.byPatronType.student / expected.students,
      activeReaders: expected.activeReaders,
      activeReadersPercent: (expected.activeReaders / expected.patrons) * 100,
      acquisitions: 5,
      withdrawals: 1,
      overdue: expected.overdue,
    });
    expect(byId.get(world.schoolB.id)).to.include({ copies: expected.copiesB, loans: 0, students: 0 });
    await libraryStatistics
      .indicatorsOfSchool(world.librarian.actor, world.schoolB.id, YEAR)
      .then(() => expect.fail('school A’s librarian saw school B'))
      .catch((e: { code?: string }) => expect(e.code).to.equal('forbidden'));
  });
});
