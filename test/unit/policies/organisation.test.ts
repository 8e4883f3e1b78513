/**
 * What each person may do with each node of the province's tree, asked of src/policies directly.
 *
 * Columns: the department | district 1, district 2 | school A, school B, school C. Y allowed,
 * . refused. Anyone not listed under an action is refused it everywhere.
 */
import { expect } from 'chai';
import { canOnOrganisation, organisationActions, type OrganisationAction } from '../../../src/policies/organisation.js';
import type { Organisation } from '../../../src/domain/organisation.js';
import type { Actor } from '../../../src/policies/actor.js';
import {
  actors,
  department,
  district1,
  district2,
  schoolA,
  schoolB,
  schoolC,
  mismatches,
  tree,
  type ActorName,
} from '../support/province.js';

const targets = [department, district1, district2, schoolA, schoolB, schoolC];
const all = 'Y YY YYY';

/** Librarians and admins of a node or above it manage it (see it, review its resources, count its use). */
const manages: Partial<Record<ActorName, string>> = {
  sysAdmin: all,
  deptAdmin: all,
  district1Admin: '. Y. YY.',
  district2Admin: '. .Y ..Y',
  adminA: /*   */ '. .. Y..',
  librarianA: /**/ '. .. Y..',
};
/** Admins (not librarians) of a node or above it administer it: its children, details, people, integrations. */
const administers: Partial<Record<ActorName, string>> = {
  sysAdmin: all,
  deptAdmin: all,
  district1Admin: '. Y. YY.',
  district2Admin: '. .Y ..Y',
  adminA: /*   */ '. .. Y..',
};
/** Moving or deleting a node is for admins above it: a school cannot move or delete itself, nor a root. */
const aboveIt: Partial<Record<ActorName, string>> = {
  sysAdmin: all,
  deptAdmin: '. YY YYY',
  district1Admin: '. .. YY.',
  district2Admin: '. .. ..Y',
};

const expected: Record<OrganisationAction, Partial<Record<ActorName, string>>> = {
  view: manages,
  viewStatistics: manages,
  reviewResources: manages,
  // Staff (teachers included, students never) create resources in their node and below.
  createResource: {
    ...manages,
    owner: /*    */ '. .. Y..',
    teacherA: /* */ '. .. Y..',
    teacherB: /* */ '. .. .Y.',
    teacherC: /* */ '. .. ..Y',
  },
  createChild: administers,
  edit: administers,
  managePeople: administers,
  manageIntegrations: administers,
  move: aboveIt,
  delete: aboveIt,
};

describe('policy: organisations (actor × action × node of the tree)', () => {
  it('has a table for every action the policy knows', () => {
    expect(Object.keys(expected)).to.have.members([...organisationActions]);
  });

  for (const action of organisationActions) {
    it(action, () => {
      const decide = (actor: Actor, target: Organisation) => canOnOrganisation(actor, action, target.id, tree);
      expect(mismatches(expected[action], targets, decide, (t) => `${action} ${t.name}`)).to.deep.equal([]);
    });
  }

  it('refuses everything on a node the tree does not know, except to the system admin', () => {
    for (const action of organisationActions) {
      expect(canOnOrganisation(actors.deptAdmin, action, 'no-such-node', tree), action).to.equal(false);
      expect(canOnOrganisation(actors.sysAdmin, action, 'no-such-node', tree), action).to.equal(true);
    }
  });
});
