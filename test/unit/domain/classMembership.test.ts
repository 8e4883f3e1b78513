import { expect } from 'chai';
import {
  classKey,
  gradeOfClassName,
  isSchoolYear,
  latestMembership,
  nextSchoolYear,
  normaliseStudentCode,
} from '../../../src/domain/classMembership.js';

describe('domain: classes per school year', () => {
  it('knows a school year and the next one', () => {
    expect(isSchoolYear('2026-2027')).to.equal(true);
    expect(isSchoolYear('2026-2028')).to.equal(false);
    expect(isSchoolYear('2026')).to.equal(false);
    expect(nextSchoolYear('2026-2027')).to.equal('2027-2028');
  });

  it('reads the grade a class name starts with, and compares class names however they are typed', () => {
    expect(gradeOfClassName('10A1')).to.equal(10);
    expect(gradeOfClassName('6a')).to.equal(6);
    expect(gradeOfClassName(' 12 C3')).to.equal(12);
    expect(gradeOfClassName('13A')).to.equal(null);
    expect(gradeOfClassName('A1')).to.equal(null);
    expect(gradeOfClassName('100')).to.equal(null);
    expect(classKey('10 a1')).to.equal(classKey('10A1'));
    expect(normaliseStudentCode(' hs 0012 ')).to.equal('HS0012');
  });

  it('takes the latest year as the current class', () => {
    const years = [{ schoolYear: '2025-2026' }, { schoolYear: '2027-2028' }, { schoolYear: '2026-2027' }];
    expect(latestMembership(years)).to.deep.equal({ schoolYear: '2027-2028' });
    expect(latestMembership([])).to.equal(null);
  });
});
