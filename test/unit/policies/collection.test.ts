/**
 * Reading lists: who may create one where, and who may view, edit or delete one that the owner
 * (a teacher of school A) shared with each scope. Asked of src/policies directly.
 */
import { expect } from 'chai';
import type { SharingScope } from '../../../src/domain/resource.js';
import { canCreateCollection, canOnCollection, type CollectionAction } from '../../../src/policies/collection.js';
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

const scopes: SharingScope[] = ['school', 'subtree', 'public'];
const managers = ['sysAdmin', 'deptAdmin', 'district1Admin', 'adminA', 'librarianA'] as const;
const each = (names: readonly ActorName[], row: string) => Object.fromEntries(names.map((n) => [n, row]));

/** Columns: school | subtree | public. An LTI grant opens a resource, never a reading list. */
const expected: Record<CollectionAction, Partial<Record<ActorName, string>>> = {
  view: {
    ...each([...managers, 'owner', 'teacherA', 'studentA'], 'YYY'),
    ...each(['teacherB', 'studentB'], '.YY'),
    ...each(['teacherC', 'studentC', 'district2Admin', 'ltiLearner', 'anonymous'], '..Y'),
  },
  edit: each([...managers, 'owner'], 'YYY'),
  delete: each([...managers, 'owner'], 'YYY'),
};

/** Columns: the department | district 1, district 2 | school A, school B, school C. */
const targets = [department, district1, district2, schoolA, schoolB, schoolC];
const mayCreate: Partial<Record<ActorName, string>> = {
  sysAdmin: 'Y YY YYY',
  deptAdmin: 'Y YY YYY',
  district1Admin: '. Y. YY.',
  district2Admin: '. .Y ..Y',
  ...each(['adminA', 'librarianA', 'owner', 'teacherA'], '. .. Y..'),
  teacherB: '. .. .Y.',
  teacherC: '. .. ..Y',
};

describe('policy: reading lists (actor × action × scope)', () => {
  for (const action of Object.keys(expected) as CollectionAction[]) {
    it(action, () => {
      const decide = (actor: Actor, scope: SharingScope) =>
        canOnCollection(actor, action, { ownerId: actors.owner.personId!, orgId: schoolA.id, scope }, tree);
      expect(mismatches(expected[action], scopes, decide, (scope) => `${action} ${scope}`)).to.deep.equal([]);
    });
  }

  it('create: staff of the organisation or above, never students', () => {
    const decide = (actor: Actor, target: Organisation) => canCreateCollection(actor, target.id, tree);
    expect(mismatches(mayCreate, targets, decide, (t) => `create in ${t.name}`)).to.deep.equal([]);
  });
});
