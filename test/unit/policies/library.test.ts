import { expect } from 'chai';
import type { Organisation, OrganisationTree } from '../../../src/domain/organisation.js';
import type { Membership } from '../../../src/domain/person.js';
import type { Actor } from '../../../src/policies/actor.js';
import { canOnCopy, canOnLibrary, copyActions, libraryActions } from '../../../src/policies/library.js';

/** A department with two schools: the tree the rules are asked about, in memory. */
const orgs: Organisation[] = [
  {
    id: 'dept',
    code: 'S',
    name: 'Sở',
    type: 'department',
    parentId: null,
    createdAt: new Date(),
    modifiedAt: new Date(),
  },
  {
    id: 'a',
    code: 'A',
    name: 'Trường A',
    type: 'school',
    parentId: 'dept',
    createdAt: new Date(),
    modifiedAt: new Date(),
  },
  {
    id: 'b',
    code: 'B',
    name: 'Trường B',
    type: 'school',
    parentId: 'dept',
    createdAt: new Date(),
    modifiedAt: new Date(),
  },
];
const tree: OrganisationTree = {
  get: (id) => orgs.find((o) => o.id === id),
  ancestorIds: (id) => (id === 'dept' ? [] : ['dept']),
  isWithin: (id, ancestorId) => id === ancestorId || (ancestorId === 'dept' && orgs.some((o) => o.id === id)),
};
const actor = (memberships: Membership[], systemAdmin = false): Actor => ({
  personId: 'p',
  systemAdmin,
  memberships,
  grantedResourceIds: new Set(),
});

const people: Record<string, Actor> = {
  sysAdmin: actor([], true),
  deptAdmin: actor([{ orgId: 'dept', role: 'org_admin' }]),
  deptLibrarian: actor([{ orgId: 'dept', role: 'librarian' }]),
  adminA: actor([{ orgId: 'a', role: 'org_admin' }]),
  librarianA: actor([{ orgId: 'a', role: 'librarian' }]),
  teacherA: actor([{ orgId: 'a', role: 'teacher' }]),
  studentA: actor([{ orgId: 'a', role: 'student' }]),
  librarianB: actor([{ orgId: 'b', role: 'librarian' }]),
  deptTeacher: actor([{ orgId: 'dept', role: 'teacher' }]),
  anonymous: { personId: null, systemAdmin: false, memberships: [], grantedResourceIds: new Set() },
};

/** Columns: catalogue, manageCopies, viewCopies, configure, viewRegisters — on school A. */
const libraryRules: Record<string, string> = {
  sysAdmin: 'YYYYY',
  deptAdmin: 'YYYYY',
  deptLibrarian: 'YYYYY',
  adminA: 'YYYYY',
  librarianA: 'YYYYY',
  teacherA: '--Y--',
  studentA: '-----',
  librarianB: '-----',
  deptTeacher: '--Y--',
  anonymous: '-----',
};

/** Columns: view, changeStatus, withdraw, edit — a copy owned by school A. */
const copyRules: Record<string, string> = {
  sysAdmin: 'YYYY',
  deptAdmin: 'YYYY',
  deptLibrarian: 'YYYY',
  adminA: 'YYYY',
  librarianA: 'YYYY',
  teacherA: 'Y---',
  studentA: '----',
  librarianB: '----',
  deptTeacher: 'Y---',
  anonymous: '----',
};

describe('policies: the printed collection of a school', () => {
  it('lets the librarians and admins of the school or above catalogue, manage copies and configure; teachers look', () => {
    for (const [who, row] of Object.entries(libraryRules)) {
      const got = libraryActions.map((a) => (canOnLibrary(people[who]!, a, 'a', tree) ? 'Y' : '-')).join('');
      expect(got, who).to.equal(row);
    }
  });

  it("keeps one school's copies out of another school's reach", () => {
    for (const [who, row] of Object.entries(copyRules)) {
      const got = copyActions.map((a) => (canOnCopy(people[who]!, a, { orgId: 'a' }, tree) ? 'Y' : '-')).join('');
      expect(got, who).to.equal(row);
    }
    expect(canOnCopy(people.librarianB!, 'edit', { orgId: 'b' }, tree)).to.equal(true);
    expect(canOnCopy(people.librarianA!, 'edit', { orgId: 'b' }, tree)).to.equal(false);
  });
});
