import { expect } from 'chai';
import {
  defaultCirculationSettings,
  ruleFor,
  ruleProblems,
  patronTypeOf,
  type LoanRule,
} from '../../../src/domain/loanRules.js';
import {
  dueDay,
  isOpen,
  localDay,
  schoolYearEnd,
  schoolYearOf,
  type SchoolCalendar,
} from '../../../src/domain/schoolCalendar.js';
import {
  canIssue,
  canRenew,
  holdExpired,
  holdQueue,
  holdToFill,
  pickupDeadline,
  type IssueQuestion,
} from '../../../src/domain/loan.js';

const rule = (r: Partial<LoanRule>): LoanRule => ({
  patronType: '*',
  collectionCode: '*',
  maxItems: 3,
  loanDays: 14,
  renewals: 1,
  wholeSchoolYear: false,
  ...r,
});

// Closed on Saturdays and Sundays; Tết 2026 closes the school from 14 to 22 February.
const calendar: SchoolCalendar = {
  closedWeekdays: [0, 6],
  closures: [{ from: '2026-02-14', to: '2026-02-22', name: 'Tết Bính Ngọ' }],
  schoolYearEnds: '05-31',
};
const settings = { ...defaultCirculationSettings('s'), calendar };

describe('loan rules: the most specific row wins', () => {
  const rules = [
    rule({ maxItems: 3, loanDays: 14 }),
    rule({ patronType: 'teacher', maxItems: 10, loanDays: 30 }),
    rule({ collectionCode: 'TK', maxItems: 2, loanDays: 7 }),
    rule({ patronType: 'teacher', collectionCode: 'TK', maxItems: 5, loanDays: 21 }),
  ];

  it('picks patron type and collection, then patron type, then collection, then the default', () => {
    expect(ruleFor(rules, 'teacher', 'TK').loanDays).to.equal(21);
    expect(ruleFor(rules, 'teacher', 'TN').loanDays).to.equal(30);
    expect(ruleFor(rules, 'student', 'TK').loanDays).to.equal(7);
    expect(ruleFor(rules, 'student', 'TN').loanDays).to.equal(14);
    expect(ruleFor([], 'student', 'TN').maxItems, 'no row: nothing is lent').to.equal(0);
  });

  it('flags a repeated (patron type, collection) row, and reads patron types from roles', () => {
    expect(ruleProblems([rule({}), rule({ loanDays: 3 })])).to.deep.equal([
      { field: 'rules.1', messageKey: 'desk.rules.repeated' },
    ]);
    expect(patronTypeOf(['student'])).to.equal('student');
    expect(patronTypeOf(['librarian'])).to.equal('staff');
    expect(patronTypeOf(['student', 'teacher'])).to.equal('teacher');
    expect(patronTypeOf([])).to.equal(null);
  });
});

describe('the school calendar: due dates skip closed days', () => {
  it('moves a due date that falls on a weekend to the Monday after', () => {
    // Monday 2 March 2026 + 12 days = Saturday 14 March → Monday 16 March.
    expect(dueDay(calendar, '2026-03-02', 12)).to.equal('2026-03-16');
    expect(dueDay(calendar, '2026-03-02', 10)).to.equal('2026-03-12');
  });

  it('moves a due date inside Tết past the holiday and its weekend', () => {
    // 5 February + 14 = 19 February, inside the closure → Monday 23 February.
    expect(dueDay(calendar, '2026-02-05', 14)).to.equal('2026-02-23');
    expect(isOpen(calendar, '2026-02-22')).to.equal(false);
  });

  it('never loops on a calendar closed every day', () => {
    const shut: SchoolCalendar = { ...calendar, closedWeekdays: [0, 1, 2, 3, 4, 5, 6] };
    expect(dueDay(shut, '2026-03-02', 1)).to.equal('2026-03-03');
  });

  it('reads days in Vietnam time and knows the school year', () => {
    expect(localDay(new Date('2026-03-01T18:30:00Z'))).to.equal('2026-03-02');
    expect(schoolYearEnd(calendar, '2025-09-05')).to.equal('2026-05-31');
    expect(schoolYearEnd(calendar, '2026-05-31')).to.equal('2026-05-31');
    expect(schoolYearEnd(calendar, '2026-06-01')).to.equal('2027-05-31');
    expect(schoolYearOf(calendar, '2025-09-05')).to.equal('2025-2026');
  });
});

describe('can this copy go to this patron now?', () => {
  const question = (q: Partial<IssueQuestion> = {}): IssueQuestion => ({
    copy: { id: 'c1', orgId: 's', holdingOrgId: 's', resourceId: 'r1', collectionCode: 'TK', status: 'available' },
    locationKind: 'stacks',
    patron: { id: 'p1', type: 'student', disabled: false },
    orgId: 's',
    loans: [],
    holds: [],
    settings,
    today: '2026-03-02',
    ...q,
  });
  const copy = (status: IssueQuestion['copy']['status'], collectionCode = 'TK') => ({
    id: 'c1',
    orgId: 's',
    holdingOrgId: 's',
    resourceId: 'r1',
    collectionCode,
    status,
  });
  const loan = (copyId: string, dueDate = '2026-03-10', collectionCode = 'TK') => ({ copyId, collectionCode, dueDate });
  const hold = (patronId: string, placed: string, extra: Record<string, unknown> = {}) => ({
    id: `h-${patronId}`,
    patronId,
    status: 'waiting' as const,
    copyId: null,
    placedAt: new Date(placed),
    ...extra,
  });

  it('lends an available copy for the rule’s days, moved off the weekend', () => {
    expect(canIssue(question())).to.deep.equal({
      blocks: [],
      confirms: [],
      dueDate: '2026-03-16',
      fillsHoldId: null,
    });
  });

  it('blocks withdrawn, lost, already lent and reading-room copies, and copies of another school', () => {
    expect(canIssue(question({ copy: copy('withdrawn') })).blocks).to.deep.equal(['copy_withdrawn']);
    expect(canIssue(question({ copy: copy('lost') })).blocks).to.deep.equal(['copy_lost']);
    expect(canIssue(question({ copy: copy('on_loan') })).blocks).to.deep.equal(['copy_on_loan']);
    expect(canIssue(question({ copy: copy('on_loan'), loans: [loan('c1')] })).blocks).to.deep.equal([
      'already_on_loan_to_patron',
    ]);
    expect(canIssue(question({ locationKind: 'reading_room' })).blocks).to.deep.equal(['reading_room_only']);
    expect(canIssue(question({ orgId: 'other' })).blocks).to.deep.equal(['copy_of_other_school']);
    expect(canIssue(question({ patron: { id: 'p1', type: null, disabled: false } })).blocks).to.deep.equal([
      'not_a_patron',
    ]);
  });

  it('blocks at the limit of the rule’s scope: a collection rule counts only its collection', () => {
    const three = [loan('a', '2026-03-10', 'TN'), loan('b', '2026-03-10', 'TN'), loan('c', '2026-03-10', 'TN')];
    expect(canIssue(question({ loans: three })).blocks).to.deep.equal(['limit_reached']);
    expect(canIssue(question({ loans: three.slice(0, 2) })).blocks).to.deep.equal([]);
    const textbook = canIssue(question({ loans: three, copy: copy('available', 'SGK') }));
    expect(textbook.blocks, 'textbooks have their own limit of 15').to.deep.equal([]);
    expect(textbook.dueDate, 'lent until the end of the school year, an open day').to.equal('2026-05-29');
    const notLent = { ...settings, rules: [...settings.rules, rule({ collectionCode: 'TD', maxItems: 0 })] };
    expect(canIssue(question({ settings: notLent, copy: copy('available', 'TD') })).blocks).to.deep.equal([
      'not_for_loan',
    ]);
  });

  it('asks to confirm when others wait for the title or the patron has overdues, and fills the patron’s own hold', () => {
    const queue = [hold('p2', '2026-03-01T01:00:00Z'), hold('p1', '2026-03-01T02:00:00Z')];
    expect(canIssue(question({ holds: queue })).confirms).to.deep.equal(['held_for_other']);
    const first = canIssue(question({ holds: queue.slice(1) }));
    expect(first.confirms).to.deep.equal([]);
    expect(first.fillsHoldId).to.equal('h-p1');
    const setAside = [hold('p2', '2026-03-01T01:00:00Z', { status: 'ready', copyId: 'c1' })];
    expect(canIssue(question({ copy: copy('held'), holds: setAside })).confirms).to.deep.equal(['held_for_other']);
    const mine = canIssue(question({ copy: copy('held'), holds: [{ ...setAside[0]!, patronId: 'p1', id: 'h-p1' }] }));
    expect(mine).to.include({ fillsHoldId: 'h-p1' });
    expect(mine.confirms).to.deep.equal([]);
    expect(canIssue(question({ loans: [loan('x', '2026-02-27')] })).confirms).to.deep.equal(['patron_has_overdues']);
  });
});

describe('renewals, the holds queue and hold expiry', () => {
  const active = {
    status: 'active' as const,
    renewals: 0,
    patronType: 'student' as const,
    collectionCode: 'TK',
    patronId: 'p1',
  };

  it('renews from today for the rule’s days, up to the rule’s count, never when someone waits', () => {
    expect(canRenew(active, [], settings, '2026-03-02')).to.deep.equal({ blocks: [], dueDate: '2026-03-16' });
    expect(canRenew({ ...active, renewals: 1 }, [], settings, '2026-03-02').blocks).to.deep.equal(['no_renewals_left']);
    expect(canRenew(active, [{ patronId: 'p2', status: 'waiting' }], settings, '2026-03-02').blocks).to.deep.equal([
      'held_for_other',
    ]);
    expect(canRenew({ ...active, collectionCode: 'SGK' }, [], settings, '2026-03-02').blocks).to.deep.equal([
      'whole_school_year',
    ]);
    expect(canRenew({ ...active, interLibraryRequestId: 'r1' }, [], settings, '2026-03-02').blocks).to.deep.equal([
      'inter_library',
    ]);
  });

  it('serves holds first placed, first served, and fills only waiting ones', () => {
    const at = (iso: string) => new Date(iso);
    const holds = [
      { id: 'b', placedAt: at('2026-03-02T03:00:00Z'), status: 'waiting' as const },
      { id: 'a', placedAt: at('2026-03-02T01:00:00Z'), status: 'cancelled' as const },
      { id: 'c', placedAt: at('2026-03-02T02:00:00Z'), status: 'waiting' as const },
      { id: 'd', placedAt: at('2026-03-02T02:00:00Z'), status: 'waiting' as const },
    ];
    expect(holdQueue(holds).map((h) => h.id)).to.deep.equal(['a', 'c', 'd', 'b']);
    expect(holdToFill(holds)?.id).to.equal('c');
    expect(holdToFill([])).to.equal(null);
  });

  it('gives a pickup deadline in open days and expires a ready hold after it', () => {
    // Set aside on Thursday 12 March, 3 days → Sunday 15 → Monday 16 March.
    const pickupBy = pickupDeadline(settings, '2026-03-12');
    expect(pickupBy).to.equal('2026-03-16');
    expect(holdExpired({ status: 'ready', pickupBy }, '2026-03-16')).to.equal(false);
    expect(holdExpired({ status: 'ready', pickupBy }, '2026-03-17')).to.equal(true);
    expect(holdExpired({ status: 'waiting', pickupBy: null }, '2026-03-17')).to.equal(false);
  });
});
