/**
 * What leaves the server about people, organisations and reading lists: chosen fields only, names
 * rather than ids where a person reads them, and permissions exactly as the policies decide.
 */
import { expect } from 'chai';
import type { Person } from '../../../src/domain/person.js';
import { canOnCollection } from '../../../src/policies/collection.js';
import { canOnOrganisation, organisationActions } from '../../../src/policies/organisation.js';
import { presentCollection } from '../../../src/presenters/collection.js';
import { presentOrganisation, presentOrganisationTree } from '../../../src/presenters/organisation.js';
import { presentCurrentUser, presentPerson } from '../../../src/presenters/person.js';
import type { Collection } from '../../../src/domain/collection.js';
import { actors, district1, department, schoolA, schoolB, tree } from '../support/province.js';
import { markupIn } from './support.js';

/** A person as the accounts service hands it over, with what a stored account also carries. */
const stored = (overrides: Partial<Person> = {}): Person =>
  ({
    id: 'person-1',
    displayName: 'Nguyễn Thị Thư',
    email: 'thu@thcs-nguyendu.edu.vn',
    memberships: [{ orgId: schoolA.id, role: 'librarian' }],
    systemAdmin: false,
    disabled: false,
    createdAt: new Date('2025-01-01T00:00:00Z'),
    modifiedAt: new Date('2025-01-02T00:00:00Z'),
    lastLoginAt: new Date('2025-09-05T03:00:00Z'),
    passwordHash: '$argon2id$v=19$secret',
    failedLogins: 2,
    ...overrides,
  }) as Person;

describe('presenter: people', () => {
  it('gives the signed-in person their roles with names and labels, and what kind of user they are', () => {
    const me = presentCurrentUser(stored(), tree, 'vi');
    expect(me).to.deep.equal({
      id: 'person-1',
      displayName: 'Nguyễn Thị Thư',
      systemAdmin: false,
      roles: [{ orgId: schoolA.id, orgName: schoolA.name, role: 'librarian', roleLabel: 'Cán bộ thư viện' }],
      isStaff: true,
      managesSomething: true,
    });
    expect(presentCurrentUser(stored(), tree, 'en').roles[0]!.roleLabel).to.equal('Librarian');
    const student = presentCurrentUser(stored({ memberships: [{ orgId: schoolB.id, role: 'student' }] }), tree, 'en');
    expect(student).to.include({ isStaff: false, managesSomething: false });
    const teacher = presentCurrentUser(stored({ memberships: [{ orgId: schoolB.id, role: 'teacher' }] }), tree, 'en');
    expect(teacher).to.include({ isStaff: true, managesSomething: false });
  });

  it('lists a person for their managers without secrets or bookkeeping', () => {
    const view = presentPerson(stored(), tree);
    expect(view).to.have.all.keys(
      'id',
      'displayName',
      'email',
      'memberships',
      'systemAdmin',
      'disabled',
      'lastLoginAt',
    );
    expect(JSON.stringify(view)).not.to.include('argon2').and.not.to.include('failedLogins');
    expect(view.lastLoginAt).to.equal('2025-09-05T03:00:00.000Z');
    expect(markupIn(view)).to.deep.equal([]);
  });
});

describe('presenter: organisations', () => {
  it('gives each node its path, type label and the actions the person may take, as the policy decides', () => {
    for (const who of [actors.adminA, actors.district1Admin, actors.teacherA, actors.anonymous]) {
      const view = presentOrganisation(schoolA, who, tree, 'vi');
      expect(view.path.map((p) => p.name)).to.deep.equal([department.name, district1.name]);
      expect(view.type.code).to.equal('school');
      expect(view.permissions).to.deep.equal(
        Object.fromEntries(organisationActions.map((a) => [a, canOnOrganisation(who, a, schoolA.id, tree)])),
      );
      expect(view).not.to.have.any.keys('createdAt', 'modifiedAt');
    }
    expect(presentOrganisation(schoolA, actors.anonymous, tree, 'vi').type.label).to.equal('Trường học');
    expect(presentOrganisation(schoolA, actors.anonymous, tree, 'en').type.label).to.equal('School');
  });

  it('nests the whole tree from its roots', () => {
    const [root] = presentOrganisationTree(actors.sysAdmin, tree, 'vi');
    expect(root!.name).to.equal(department.name);
    const names = (n: { name: string; children: (typeof n)[] }): unknown => ({ [n.name]: n.children.map(names) });
    expect(names(root!)).to.deep.equal({
      [department.name]: [
        { [district1.name]: [{ [schoolA.name]: [] }, { [schoolB.name]: [] }] },
        { 'Phòng GD&ĐT Bến Lức': [{ 'THCS Trần Phú': [] }] },
      ],
    });
  });
});

describe('presenter: reading lists', () => {
  const list: Collection = {
    id: 'list-1',
    title: 'Ôn thi vào lớp 10',
    description: null,
    ownerId: actors.owner.personId!,
    orgId: schoolA.id,
    scope: 'subtree',
    resourceIds: ['hidden-1', 'visible-1'],
    version: 4,
    createdAt: new Date('2025-01-01T00:00:00Z'),
    modifiedAt: new Date('2025-02-01T00:00:00Z'),
  };

  it('counts only what the viewer may see, and never names the items they may not', () => {
    const view = presentCollection(list, 1, actors.teacherB, tree);
    expect(view.itemCount).to.equal(1);
    expect(JSON.stringify(view)).not.to.include('hidden-1').and.not.to.include(actors.owner.personId!);
  });

  it('tells the owner it is theirs and what they may do, as the policy decides', () => {
    for (const who of [actors.owner, actors.teacherB, actors.librarianA]) {
      const view = presentCollection(list, 2, who, tree);
      expect(view.mine).to.equal(who === actors.owner);
      expect(view.permissions).to.deep.equal({
        edit: canOnCollection(who, 'edit', list, tree),
        delete: canOnCollection(who, 'delete', list, tree),
      });
    }
    expect(presentCollection(list, 2, actors.owner, tree)).to.include({ url: '/collections/list-1', version: 4 });
  });
});
