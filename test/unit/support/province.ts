/**
 * A small province in memory for unit tests of policies and presenters, with no database: a
 * Department of Education, two district offices, three schools, and one actor for every kind of
 * person the rules tell apart.
 *
 *   department (Sở)
 *   ├── district 1 (Phòng)
 *   │   ├── school A   ← every resource and reading list of these tests belongs here
 *   │   └── school B
 *   └── district 2 (Phòng)
 *       └── school C
 */
import type { Organisation, OrganisationType } from '../../../src/domain/organisation.js';
import type { Membership, Role } from '../../../src/domain/person.js';
import { anonymous, type Actor } from '../../../src/policies/actor.js';
import type { OrganisationDirectoryView } from '../../../src/presenters/organisation.js';

const org = (id: string, name: string, type: OrganisationType, parentId: string | null): Organisation => ({
  id,
  code: id.toUpperCase(),
  name,
  type,
  parentId,
  createdAt: new Date('2025-01-01T00:00:00Z'),
  modifiedAt: new Date('2025-01-01T00:00:00Z'),
});

export const department = org('dept', 'Sở GD&ĐT Long An', 'department', null);
export const district1 = org('district1', 'Phòng GD&ĐT Tân An', 'office', department.id);
export const district2 = org('district2', 'Phòng GD&ĐT Bến Lức', 'office', department.id);
export const schoolA = org('school-a', 'THCS Nguyễn Du', 'school', district1.id);
export const schoolB = org('school-b', 'THCS Lê Lợi', 'school', district1.id);
export const schoolC = org('school-c', 'THCS Trần Phú', 'school', district2.id);
export const organisations = [department, district1, district2, schoolA, schoolB, schoolC];

/** The tree as policies and presenters read it, over a fixed list of nodes. */
export function treeOf(nodes: readonly Organisation[]): OrganisationDirectoryView {
  const byId = new Map(nodes.map((o) => [o.id, o]));
  const parentOf = (id: string) => byId.get(id)?.parentId ?? null;
  const ancestorIds = (id: string): string[] => {
    const parent = parentOf(id);
    return parent ? [...ancestorIds(parent), parent] : [];
  };
  return {
    get: (id) => byId.get(id),
    ancestorIds,
    isWithin: (id, ancestorId) => id === ancestorId || ancestorIds(id).includes(ancestorId),
    childrenOf: (id) => nodes.filter((o) => o.parentId === id),
    roots: () => nodes.filter((o) => o.parentId === null),
  };
}

export const tree = treeOf(organisations);

/** The id of the one resource an LTI launch granted to `ltiLearner`. */
export const GRANTED_RESOURCE_ID = 'resource-granted';

const person = (id: string, memberships: [Organisation, Role][], extra: Partial<Actor> = {}): Actor => ({
  personId: id,
  systemAdmin: false,
  memberships: memberships.map(([o, role]): Membership => ({ orgId: o.id, role })),
  grantedResourceIds: new Set(),
  ...extra,
});

/** Everyone the rules tell apart, named by where they stand relative to school A. */
export const actors = {
  anonymous,
  sysAdmin: person('sys', [], { systemAdmin: true }),
  deptAdmin: person('dept-admin', [[department, 'org_admin']]),
  district1Admin: person('d1-admin', [[district1, 'org_admin']]),
  district2Admin: person('d2-admin', [[district2, 'org_admin']]),
  adminA: person('a-admin', [[schoolA, 'org_admin']]),
  librarianA: person('a-librarian', [[schoolA, 'librarian']]),
  /** The teacher who owns the resources and reading lists of these tests. */
  owner: person('a-owner', [[schoolA, 'teacher']]),
  teacherA: person('a-teacher', [[schoolA, 'teacher']]),
  studentA: person('a-student', [[schoolA, 'student']]),
  teacherB: person('b-teacher', [[schoolB, 'teacher']]),
  studentB: person('b-student', [[schoolB, 'student']]),
  teacherC: person('c-teacher', [[schoolC, 'teacher']]),
  studentC: person('c-student', [[schoolC, 'student']]),
  /** A learner of school C launched from a Moodle course into one resource of school A. */
  ltiLearner: person('c-lti-learner', [[schoolC, 'student']], { grantedResourceIds: new Set([GRANTED_RESOURCE_ID]) }),
} satisfies Record<string, Actor>;

export type ActorName = keyof typeof actors;
export const actorNames = Object.keys(actors) as ActorName[];

/** Matrix cells: `Y` allowed, `.` refused; spaces only group the columns for the reader. */
export function cellsOf(row: string): boolean[] {
  return [...row.replace(/\s+/g, '')].map((c) => {
    if (c !== 'Y' && c !== '.') throw new Error(`a matrix cell is Y or ., not ${c}`);
    return c === 'Y';
  });
}

/**
 * Every cell of a table (one row of cells per actor, refused everywhere for an actor not listed)
 * where the policy decides otherwise, said in words; an empty list when policy and table agree.
 */
export function mismatches<Column>(
  table: Partial<Record<ActorName, string>>,
  columns: readonly Column[],
  decide: (actor: Actor, column: Column) => boolean,
  describe: (column: Column) => string,
): string[] {
  return actorNames.flatMap((who) => {
    const cells = cellsOf(table[who] ?? '.'.repeat(columns.length));
    if (cells.length !== columns.length) return [`${who}: ${cells.length} cells for ${columns.length} columns`];
    return columns.flatMap((column, i) =>
      decide(actors[who], column) === cells[i]
        ? []
        : [`${who} ${describe(column)}: expected ${cells[i] ? 'allowed' : 'refused'}`],
    );
  });
}

/** The cells a policy of one node of the tree gets wrong, asked of each organisation (the table's columns, in order). */
export function nodeMismatches(
  table: Partial<Record<ActorName, string>>,
  allowed: (actor: Actor, orgId: string, directory: OrganisationDirectoryView) => boolean,
): string[] {
  return mismatches(
    table,
    organisations,
    (actor, node) => allowed(actor, node.id, tree),
    (node) => node.name,
  );
}
