/**
 * Who may do what with a resource of school A, as a table of actor × action × scope × status,
 * asked of src/policies directly (no database, no HTTP). The integration matrix
 * (test/integration/api/authorizationMatrix.test.ts) checks the API answers the same way; this one
 * covers every action, the deleted status, people of other districts and LTI grants.
 *
 * Columns: for each scope (school | subtree | public) the statuses draft, submitted, published,
 * withdrawn, deleted. Y allowed, . refused. Anyone not listed under an action is refused it
 * everywhere.
 */
import { expect } from 'chai';
import type { ResourceStatus, SharingScope } from '../../../src/domain/resource.js';
import { canOnResource, resourceActions, type ResourceAction } from '../../../src/policies/resource.js';
import type { Actor } from '../../../src/policies/actor.js';
import { actors, GRANTED_RESOURCE_ID, mismatches, schoolA, tree, type ActorName } from '../support/province.js';

const scopes: SharingScope[] = ['school', 'subtree', 'public'];
const statuses: ResourceStatus[] = ['draft', 'submitted', 'published', 'withdrawn', 'deleted'];

/** Librarians and admins of school A or above, and the system admin: they manage the resource. */
const managers = ['sysAdmin', 'deptAdmin', 'district1Admin', 'adminA', 'librarianA'] as const;
const each = (names: readonly ActorName[], row: string) => Object.fromEntries(names.map((n) => [n, row]));

const expected: Record<ResourceAction, Partial<Record<ActorName, string>>> = {
  //                                        school  subtree public
  // Published resources reach their audience; the owner and managers see every status but deleted.
  view: {
    ...each([...managers, 'owner'], /*    */ 'YYYY. YYYY. YYYY.'),
    ...each(['teacherA', 'studentA'], /*  */ '..Y.. ..Y.. ..Y..'),
    ...each(['teacherB', 'studentB'], /*  */ '..... ..Y.. ..Y..'),
    ...each(['teacherC', 'studentC', 'district2Admin', 'anonymous'], '..... ..... ..Y..'),
    // The launch granted this resource whatever its scope, once published.
    ltiLearner: /*                        */ '..Y.. ..Y.. ..Y..',
  },
  download: {
    ...each([...managers, 'owner'], /*    */ 'YYYY. YYYY. YYYY.'),
    ...each(['teacherA', 'studentA'], /*  */ '..Y.. ..Y.. ..Y..'),
    ...each(['teacherB', 'studentB'], /*  */ '..... ..Y.. ..Y..'),
    ...each(['teacherC', 'studentC', 'district2Admin', 'anonymous'], '..... ..... ..Y..'),
    ltiLearner: /*                        */ '..Y.. ..Y.. ..Y..',
  },
  // Embedding in a course: staff (never students, whatever they were granted) and published only.
  share: {
    ...each([...managers, 'owner', 'teacherA'], '..Y.. ..Y.. ..Y..'),
    teacherB: /*                          */ '..... ..Y.. ..Y..',
    ...each(['teacherC', 'district2Admin'], '..... ..... ..Y..'),
  },
  // The author edits until publication; managers always.
  edit: {
    ...each(managers, /*                  */ 'YYYY. YYYY. YYYY.'),
    owner: /*                             */ 'YY.Y. YY.Y. YY.Y.',
  },
  submit: each([...managers, 'owner'], /* */ 'Y..Y. Y..Y. Y..Y.'),
  // Publishing is for managers only, never the author alone.
  approve: each(managers, /*              */ 'YY.Y. YY.Y. YY.Y.'),
  reject: each(managers, /*               */ '.Y... .Y... .Y...'),
  withdraw: each([...managers, 'owner'], /**/ '..Y.. ..Y.. ..Y..'),
  // The author may throw away a draft; anything further along is for managers.
  delete: {
    ...each(managers, /*                  */ 'YYYY. YYYY. YYYY.'),
    owner: /*                             */ 'Y.... Y.... Y....',
  },
  viewHistory: each([...managers, 'owner'], 'YYYY. YYYY. YYYY.'),
};

const subject = (scope: SharingScope, status: ResourceStatus, id = GRANTED_RESOURCE_ID) => ({
  id,
  orgId: schoolA.id,
  ownerId: actors.owner.personId!,
  scope,
  status,
});

describe('policy: resources (actor × action × scope × status)', () => {
  it('has a table for every action the policy knows', () => {
    expect(Object.keys(expected)).to.have.members([...resourceActions]);
  });

  const columns = scopes.flatMap((scope) => statuses.map((status) => ({ scope, status })));
  for (const action of resourceActions) {
    it(action, () => {
      const decide = (actor: Actor, c: (typeof columns)[number]) =>
        canOnResource(actor, action, subject(c.scope, c.status), tree);
      expect(mismatches(expected[action], columns, decide, (c) => `${action} ${c.scope}/${c.status}`)).to.deep.equal(
        [],
      );
    });
  }

  it('grants a launched learner the one resource of the launch, not others like it', () => {
    const other = subject('school', 'published', 'resource-not-granted');
    expect(canOnResource(actors.ltiLearner, 'view', subject('school', 'published'), tree)).to.equal(true);
    expect(canOnResource(actors.ltiLearner, 'view', other, tree)).to.equal(false);
    expect(canOnResource(actors.ltiLearner, 'download', other, tree)).to.equal(false);
  });

  it('treats a person with the same id as the owner as the owner, and nobody else', () => {
    const draft = subject('school', 'draft');
    const sameTeacherAgain = { ...actors.teacherB, personId: actors.owner.personId };
    expect(canOnResource(sameTeacherAgain, 'edit', draft, tree), 'ownership follows the person id').to.equal(true);
    expect(canOnResource(actors.anonymous, 'edit', { ...draft, ownerId: '' }, tree)).to.equal(false);
  });
});
