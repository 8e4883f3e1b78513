import { expect } from 'chai';
import { lastGradeOf, promotedClassName, promotionPlan } from '../../../src/domain/promotion.js';

const klass = (className: string, grade: number) => ({ orgId: 'o', schoolYear: '2026-2027', className, grade });

describe('domain: the new school year (promotion rule)', () => {
  it('moves a class name up one grade, keeping what follows the grade', () => {
    expect(promotedClassName('10A1', 10)).to.equal('11A1');
    expect(promotedClassName('9a', 9)).to.equal('10A');
    expect(promotedClassName('6 Chuyên Toán', 6)).to.equal('7CHUYÊNTOÁN');
    // A name that does not start with its grade gets the new grade in front.
    expect(promotedClassName('A1', 3)).to.equal('4A1');
  });

  it('graduates the last grade and moves every other class up', () => {
    const plan = promotionPlan([klass('10A1', 10), klass('11B', 11), klass('12C2', 12)], 12);
    expect(plan).to.deep.equal([
      { className: '10A1', grade: 10, next: { className: '11A1', grade: 11 } },
      { className: '11B', grade: 11, next: { className: '12B', grade: 12 } },
      { className: '12C2', grade: 12, next: null },
    ]);
  });

  it('takes the last grade from the level the classes show', () => {
    expect(lastGradeOf([klass('1A', 1), klass('5B', 5)])).to.equal(5);
    expect(lastGradeOf([klass('6A', 6), klass('8B', 8)])).to.equal(9);
    expect(lastGradeOf([klass('10A', 10)])).to.equal(12);
    expect(lastGradeOf([])).to.equal(5);
  });
});
