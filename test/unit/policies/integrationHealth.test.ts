/**
 * Who may see the integrations health of each node of the province's tree, asked of src/policies
 * directly. Columns: the department | district 1, district 2 | school A, school B, school C.
 * Y allowed, . refused; anyone not listed (librarians, teachers, students, LTI learners,
 * anonymous visitors) is refused everywhere.
 */
import { expect } from 'chai';
import { canViewIntegrationHealth } from '../../../src/policies/integrationHealth.js';
import { actors, nodeMismatches, tree, type ActorName } from '../support/province.js';

const expected: Partial<Record<ActorName, string>> = {
  sysAdmin: /*       */ 'Y YY YYY',
  deptAdmin: /*      */ 'Y YY YYY',
  district1Admin: /* */ '. Y. YY.',
  district2Admin: /* */ '. .Y ..Y',
  adminA: /*         */ '. .. Y..',
};

describe('policy: integrations health (actor × node of the tree)', () => {
  it('admins see their node and everything below it; nobody else sees any', () => {
    expect(nodeMismatches(expected, canViewIntegrationHealth)).to.deep.equal([]);
  });

  it('refuses a node the tree does not know, even to the system admin', () => {
    expect(canViewIntegrationHealth(actors.sysAdmin, 'no-such-node', tree)).to.equal(false);
  });
});
