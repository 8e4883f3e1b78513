/**
 * Who may see a school library's statistics, asked of src/policies directly. Columns: the department |
 * district 1, district 2 | school A, school B, school C. Y allowed, . refused; anyone not listed
 * (teachers, students, LTI learners, anonymous visitors) is refused everywhere.
 */
import { expect } from 'chai';
import { canViewLibraryStatistics } from '../../../src/policies/libraryStatistics.js';
import { actors, nodeMismatches, tree, type ActorName } from '../support/province.js';

const expected: Partial<Record<ActorName, string>> = {
  sysAdmin: /*       */ 'Y YY YYY',
  deptAdmin: /*      */ 'Y YY YYY',
  district1Admin: /* */ '. Y. YY.',
  district2Admin: /* */ '. .Y ..Y',
  adminA: /*         */ '. .. Y..',
  librarianA: /*     */ '. .. Y..',
};

describe('policy: library statistics (actor × node of the tree)', () => {
  it('a school sees its own, those above see their schools, nobody sees another branch', () => {
    expect(nodeMismatches(expected, canViewLibraryStatistics)).to.deep.equal([]);
  });

  it('refuses a node the tree does not know, even to the system admin', () => {
    expect(canViewLibraryStatistics(actors.sysAdmin, 'no-such-node', tree)).to.equal(false);
  });
});
