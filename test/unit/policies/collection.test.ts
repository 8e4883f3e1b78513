/**
 * Reading lists: who may create one where, and who may view, edit or delete one that the owner
 * (a teacher of school A) shared with each scope. Asked of src/policies directly.
 */
import { expect } from 'chai';
import type { SharingScope } from '../../../src/domain/resource.js';
import { canCreateCollection, canOnCollection, type CollectionAction } from '../../../src/policies/collection.js';
import {
  actorNames,
  actors,
  cellsOf,
  department,
  district1,
  district2,
  schoolA,
  schoolB,
  schoolC,
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
      const wrong: string[] = [];
      for (const who of actorNames) {
        const cells = cellsOf(expected[action][who] ?? '...');
        scopes.forEach((scope, i) => {
          const list = { ownerId: actors.owner.personId!, orgId: schoolA.id, scope };
          if (canOnCollection(actors[who], action, list, tree) !== cells[i])
            wrong.push(`${who} ${action} ${scope}: expected ${cells[i] ? 'allowed' : 'refused'}`);
        });
      }
      expect(wrong).to.deep.equal([]);
    });
  }

  it('create: staff of the organisation or above, never students', () => {
    const wrong: string[] = [];
    for (const who of actorNames) {
      const cells = cellsOf(mayCreate[who] ?? '.'.repeat(targets.length));
      targets.forEach((target, i) => {
        if (canCreateCollection(actors[who], target.id, tree) !== cells[i])
          wrong.push(`${who} create in ${target.name}: expected ${cells[i] ? 'allowed' : 'refused'}`);
      });
    }
    expect(wrong).to.deep.equal([]);
  });
});
