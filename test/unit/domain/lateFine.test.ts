/**
 * The fine for a late return, counted by calendar days (the default, as before) or by the days the
 * library is open only: the Tết closure and the weekends it is shut are not fined.
 */
import { expect } from 'chai';
import { lateFine } from '../../../src/domain/deskCharge.js';
import type { Fines } from '../../../src/domain/loanRules.js';
import type { SchoolCalendar } from '../../../src/domain/schoolCalendar.js';

// Shut on Saturdays and Sundays and for Tết 2027 (Wednesday 3 to Friday 12 February).
const calendar: SchoolCalendar = {
  closedWeekdays: [0, 6],
  closures: [{ from: '2027-02-03', to: '2027-02-12', name: 'Nghỉ Tết Nguyên đán' }],
  schoolYearEnds: '05-31',
};
const calendarDays: Fines = { enabled: true, perDay: 1000, countDays: 'calendar' };
const openDays: Fines = { ...calendarDays, countDays: 'open' };

describe('lateFine: calendar days or open days only', () => {
  it('counts every calendar day late by default, Tết and weekends included', () => {
    // Due Monday 1 February, back Monday 15 February: 14 days late.
    expect(lateFine(calendarDays, '2027-02-01', '2027-02-15', calendar)).to.deep.equal({
      lateDays: 14,
      amount: 14_000,
    });
    const { countDays: _absent, ...asBefore } = calendarDays;
    expect(lateFine(asBefore, '2027-02-01', '2027-02-15', calendar)).to.deep.equal({ lateDays: 14, amount: 14_000 });
  });

  it('counts only the open days when the school chose so: Tuesday 2 and Monday 15 February', () => {
    expect(lateFine(openDays, '2027-02-01', '2027-02-15', calendar)).to.deep.equal({ lateDays: 2, amount: 2000 });
  });

  it('skips a weekend: due Friday, back Monday is one open day late', () => {
    expect(lateFine(openDays, '2026-12-04', '2026-12-07', calendar)).to.deep.equal({ lateDays: 1, amount: 1000 });
    expect(lateFine(calendarDays, '2026-12-04', '2026-12-07', calendar)).to.deep.equal({ lateDays: 3, amount: 3000 });
  });

  it('fines nothing when on time, back on a closed day after the due day, or with fines off', () => {
    expect(lateFine(openDays, '2027-02-01', '2027-02-01', calendar)).to.equal(null);
    expect(lateFine(openDays, '2027-02-02', '2027-02-07', calendar)).to.equal(null);
    expect(lateFine({ ...openDays, enabled: false }, '2027-02-01', '2027-02-15', calendar)).to.equal(null);
  });
});
