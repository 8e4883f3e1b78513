/**
 * The desk of school A: who may lend there and set its loan rules, and who may see a patron's loans,
 * renew them or place holds. Asked of src/policies directly.
 */
import { expect } from 'chai';
import { canAtDesk, canOnPatron, deskActions, patronActions } from '../../../src/policies/circulation.js';
import { actors, mismatches, schoolA, tree, type ActorName } from '../support/province.js';

const managers = ['sysAdmin', 'deptAdmin', 'district1Admin', 'adminA', 'librarianA'] as const;
const each = (names: readonly ActorName[], row: string) => Object.fromEntries(names.map((n) => [n, row]));

/** Columns: lend, configureCirculation — at school A's desk. */
const atDeskA: Partial<Record<ActorName, string>> = each(managers, 'YY');

/** Columns: viewLoans, renew, placeHold — studentA as a patron of school A. */
const onStudentA: Partial<Record<ActorName, string>> = { ...each(managers, 'YYY'), studentA: 'YYY' };

describe('policies: the desk of a school and its patrons', () => {
  it('lets only the librarians and admins of the school or above lend and set the rules', () => {
    expect(
      mismatches(atDeskA, deskActions, (actor, action) => canAtDesk(actor, action, schoolA.id, tree), String),
    ).to.deep.equal([]);
  });

  it('lets a patron see and renew their own loans and place holds; other schools’ staff see nothing', () => {
    const patron = { personId: actors.studentA.personId!, orgId: schoolA.id };
    expect(
      mismatches(onStudentA, patronActions, (actor, action) => canOnPatron(actor, action, patron, tree), String),
    ).to.deep.equal([]);
    // A person sees their own loans anywhere, but holds only where they belong.
    const elsewhere = { personId: actors.studentA.personId!, orgId: 'school-b' };
    expect(canOnPatron(actors.studentA, 'viewLoans', elsewhere, tree)).to.equal(true);
    expect(canOnPatron(actors.studentA, 'placeHold', elsewhere, tree)).to.equal(false);
  });
});
