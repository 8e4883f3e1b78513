/**
 * Who may see the integrations health of each node of the province's tree, asked of src/policies
 * directly. Columns: the department | district 1, district 2 | school A, school B, school C.
 * Y allowed, . refused; anyone not listed (librarians, teachers, students, LTI learners,
 * anonymous visitors) is refused everywhere.
 */
import { expect } from 'chai';
import { canViewIntegrationHealth } from '../../../src/policies/integrationHealth.js';
import {
  actors,
  department,
  district1,
  district2,
  mismatches,
  schoolA,
  schoolB,
  schoolC,
  tree,
  type ActorName,
} from '../support/province.js';

const targets = [department, district1, district2, schoolA, schoolB, schoolC];

const expected: Partial<Record<ActorName, string>> = {
  sysAdmin: /*       */ 'Y YY YYY',
  deptAdmin: /*      */ 'Y YY YYY',
  district1Admin: /* */ '. Y. YY.',
  district2Admin: /* */ '. .Y ..Y',
  adminA: /*         */ '. .. Y..',
};

describe('policy: integrations health (actor × node of the tree)', () => {
  it('admins see their node and everything below it; nobody else sees any', () => {
    const decide = (actor: (typeof actors)[ActorName], target: (typeof targets)[number]) =>
      canViewIntegrationHealth(actor, target.id, tree);
    expect(mismatches(expected, targets, decide, (t) => t.name)).to.deep.equal([]);
  });

  it('refuses a node the tree does not know, even to the system admin', () => {
    expect(canViewIntegrationHealth(actors.sysAdmin, 'no-such-node', tree)).to.equal(false);
  });
});
