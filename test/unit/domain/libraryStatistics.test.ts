/** The folding of library statistics, without a database: school years, DDC classes, loans, breakdowns, indicators. */
import { expect } from 'chai';
import {
  collectionBreakdown,
  ddcHundreds,
  foldLoans,
  isSchoolYearLabel,
  schoolYearOfDay,
  schoolYearPeriod,
} from '../../../src/domain/libraryStatistics.js';
import { barChart } from '../../../src/presenters/barChart.js';

describe('domain: library statistics', () => {
  it('runs a school year from June to May', () => {
    const year = schoolYearPeriod('2025-2026');
    expect(year.firstDay).to.equal('2025-06-01');
    expect(year.lastDay).to.equal('2026-05-31');
    expect(year.months[0]).to.equal('2025-06');
    expect(year.months[11]).to.equal('2026-05');
    expect(schoolYearOfDay('2026-05-31')).to.equal('2025-2026');
    expect(schoolYearOfDay('2026-06-01')).to.equal('2026-2027');
    expect(isSchoolYearLabel('2025-2026')).to.equal(true);
    expect(isSchoolYearLabel('2025-2027')).to.equal(false);
    expect(isSchoolYearLabel('2025')).to.equal(false);
  });

  it('takes the DDC main class of a class number', () => {
    expect(ddcHundreds('895.922')).to.equal('800');
    expect(ddcHundreds('004')).to.equal('000');
    expect(ddcHundreds('51.3')).to.equal(null);
    expect(ddcHundreds(null)).to.equal(null);
  });

  it('folds loans by month, patron type and title, and counts each reader once', () => {
    const fact = (day: string, patronId: string, resourceId: string, patronType = 'student' as const) => ({
      orgId: 's',
      day,
      patronId,
      patronType,
      resourceId,
    });
    const loans = foldLoans(
      [
        fact('2025-09-02', 'p1', 't1'),
        fact('2025-09-03', 'p1', 't2'),
        fact('2025-10-01', 'p2', 't1'),
        fact('2024-01-01', 'p3', 't3'),
      ],
      schoolYearPeriod('2025-2026').months,
    );
    expect(loans.total).to.equal(4);
    expect(loans.byMonth['2025-09']).to.equal(2);
    expect(loans.byMonth['2025-10']).to.equal(1);
    expect(loans.byTitle[0]).to.deep.equal({ resourceId: 't1', loans: 2 });
    expect(loans.activeReaders).to.equal(3);
  });

  it('counts a copy of a title for two grades in each grade, and one without a class as not classified', () => {
    const { bySubject, byGrade } = collectionBreakdown(
      new Map([
        ['a', 3],
        ['b', 1],
      ]),
      new Map([['a', { classNumber: '510', grades: [6, 7] }]]),
    );
    expect(bySubject['500']).to.equal(3);
    expect(bySubject.none).to.equal(1);
    expect(byGrade['6']).to.equal(3);
    expect(byGrade['7']).to.equal(3);
    expect(byGrade.none).to.equal(1);
  });

  it('draws one bar per point, zero included, with its label', () => {
    const chart = barChart(
      [
        { tick: '06', label: 'June: 0', value: 0 },
        { tick: '07', label: 'July: 4', value: 4 },
      ],
      'loans',
    );
    expect(chart.bars.map((b) => [b.label, b.value, b.height > 0])).to.deep.equal([
      ['June: 0', 0, false],
      ['July: 4', 4, true],
    ]);
  });
});
