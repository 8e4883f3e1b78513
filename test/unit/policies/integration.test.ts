/**
 * Who may manage which integration (an LTI platform, a SAML portal, a harvest source), asked of
 * src/policies directly: those who administer its organisation; a platform still waiting for its
 * organisation (orgId null), anyone who manages the integrations of some organisation.
 *
 * Columns: pending | the department | district 1, district 2 | school A, school B, school C.
 */
import { expect } from 'chai';
import type { Actor } from '../../../src/policies/actor.js';
import { canManageIntegration, integrationOrganisations } from '../../../src/policies/integration.js';
import {
  actors,
  department,
  district1,
  district2,
  mismatches,
  organisations,
  schoolA,
  schoolB,
  schoolC,
  tree,
} from '../support/province.js';

const subjects = [null, department, district1, district2, schoolA, schoolB, schoolC].map((o) => ({
  orgId: o?.id ?? null,
}));

const manages = {
  sysAdmin: /*       */ 'Y Y YY YYY',
  deptAdmin: /*      */ 'Y Y YY YYY',
  district1Admin: /* */ 'Y . Y. YY.',
  district2Admin: /* */ 'Y . .Y ..Y',
  adminA: /*         */ 'Y . .. Y..',
};

const decide = (actor: Actor, subject: { orgId: string | null }) =>
  canManageIntegration(actor, subject, tree, integrationOrganisations(actor, organisations, tree).length > 0);

describe('policy: integrations (LTI platforms, SAML portals, harvest sources)', () => {
  it('admins of the organisation or above manage its integrations; librarians, teachers, students and visitors none', () => {
    expect(mismatches(manages, subjects, decide, (s) => `on ${s.orgId ?? 'a pending platform'}`)).to.deep.equal([]);
  });

  it('lists the organisations whose integrations a person manages, in the order given', () => {
    const ids = (actor: Actor) => integrationOrganisations(actor, organisations, tree).map((o) => o.id);
    expect(ids(actors.sysAdmin)).to.deep.equal(organisations.map((o) => o.id));
    expect(ids(actors.district1Admin)).to.deep.equal([district1.id, schoolA.id, schoolB.id]);
    expect(ids(actors.librarianA)).to.deep.equal([]);
  });
});
