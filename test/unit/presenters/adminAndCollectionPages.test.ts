/**
 * Presenters of the organisation-tree administration pages and the reading-list pages: what each
 * person is shown of the tree, where a node may move, people a page at a time, the forms given
 * back with what was typed. No database: the province of test/unit/support.
 */
import { expect } from 'chai';
import type { Collection } from '../../../src/domain/collection.js';
import type { Person } from '../../../src/domain/person.js';
import { translator } from '../../../src/i18n/index.js';
import type { Actor } from '../../../src/policies/actor.js';
import {
  PEOPLE_PER_PAGE,
  presentAdminHome,
  presentManagedTree,
  presentOrganisationPage,
  type AdminTree,
} from '../../../src/presenters/adminPages.js';
import { presentCollectionPage, presentCollectionsPage } from '../../../src/presenters/collectionPages.js';
import {
  actors,
  department,
  district1,
  district2,
  organisations,
  schoolA,
  schoolB,
  tree,
} from '../support/province.js';
import { markupIn, searchedResource, storedResource } from './support.js';

const adminTree: AdminTree = { ...tree, all: () => organisations };
const viewer = (actor: Actor) => ({ actor, lang: 'vi' as const, t: translator('vi') });

const at = new Date('2025-09-05T03:00:00Z');
const personAt = (n: number): Person => ({
  id: `person-${String(n).padStart(3, '0')}`,
  displayName: `Người ${String(n).padStart(3, '0')}`,
  email: null,
  memberships: [
    { orgId: schoolA.id, role: 'teacher' },
    { orgId: schoolB.id, role: 'librarian' },
  ],
  systemAdmin: false,
  disabled: false,
  createdAt: at,
  modifiedAt: at,
  lastLoginAt: null,
});

describe('presenters: the organisation-tree administration pages', () => {
  it('shows each person the part of the tree they manage, under its topmost nodes, by name', () => {
    const ofDistrict = presentManagedTree(viewer(actors.district1Admin), adminTree);
    expect(ofDistrict.map((n) => n.name)).to.deep.equal([district1.name]);
    expect(ofDistrict[0]!.children.map((c) => c.name)).to.deep.equal([schoolB.name, schoolA.name]);

    const ofDepartment = presentManagedTree(viewer(actors.deptAdmin), adminTree);
    expect(ofDepartment.map((n) => n.name)).to.deep.equal([department.name]);
    expect(ofDepartment[0]!.children.map((c) => c.name)).to.deep.equal([district2.name, district1.name]);
  });

  it('offers a new top node only to the system administrator, the department type first chosen', () => {
    const home = presentAdminHome(viewer(actors.sysAdmin), adminTree);
    expect(home.canCreateRoot).to.equal(true);
    expect(home.rootTypes.find((o) => o.selected)?.value).to.equal('department');
    expect(presentAdminHome(viewer(actors.deptAdmin), adminTree).canCreateRoot).to.equal(false);
    expect(presentAdminHome(viewer(actors.teacherA), adminTree).nodes).to.deep.equal([]);
  });

  it('lets a node move only under nodes outside its own subtree, each named by its path', () => {
    const page = presentOrganisationPage(district1, viewer(actors.deptAdmin), adminTree, { everyone: [], page: 1 });
    const parents = page.parents.map((p) => p.value);
    expect(parents).to.not.include(district1.id);
    expect(parents).to.not.include(schoolA.id);
    expect(parents).to.not.include(department.id); // where it already is
    expect(parents).to.include(district2.id);
    expect(page.parents.find((p) => p.value === district2.id)!.label).to.equal(
      `${department.name} › ${district2.name}`,
    );
  });

  it('lists people a page at a time with links to the others, their roles here to change and elsewhere to read', () => {
    const everyone = Array.from({ length: PEOPLE_PER_PAGE + 5 }, (_, i) => personAt(i + 1));
    const first = presentOrganisationPage(schoolA, viewer(actors.deptAdmin), adminTree, { everyone, page: 1 });
    expect(first.people).to.have.length(PEOPLE_PER_PAGE);
    expect(first.peoplePages).to.deep.equal({
      total: PEOPLE_PER_PAGE + 5,
      previous: null,
      next: `/admin/organisations/${schoolA.id}?page=2#people`,
    });
    const second = presentOrganisationPage(schoolA, viewer(actors.deptAdmin), adminTree, { everyone, page: 2 });
    expect(second.people).to.have.length(5);
    expect(second.peoplePages.previous).to.equal(`/admin/organisations/${schoolA.id}?page=1#people`);
    const member = second.people[0]!;
    expect(member.roles.filter((r) => r.selected).map((r) => r.value)).to.deep.equal(['teacher']);
    expect(member.elsewhere.map((m) => m.role)).to.deep.equal(['librarian']);
    expect(member.elsewhere[0]!.roleLabel).to.equal(translator('vi')('roles.librarian'));
  });

  it('gives the forms back what was typed and the problems, and starts with the node’s own name and code', () => {
    const fresh = presentOrganisationPage(schoolA, viewer(actors.adminA), adminTree, { everyone: [], page: 1 });
    expect(fresh.values.edit).to.deep.equal({ code: schoolA.code, name: schoolA.name });
    expect(fresh.newPersonRoles.filter((r) => r.selected).map((r) => r.value)).to.deep.equal(['teacher']);
    const again = presentOrganisationPage(
      schoolA,
      viewer(actors.adminA),
      adminTree,
      { everyone: [], page: 1 },
      {
        errors: { edit: { name: 'Bắt buộc' } },
        values: { edit: { name: '', type: 'school' }, person: { roles: ['librarian', 'teacher'] } },
      },
    );
    expect(again.errors.edit).to.deep.equal({ name: 'Bắt buộc' });
    expect(again.values.edit).to.deep.equal({ name: '', type: 'school' });
    expect(again.newPersonRoles.filter((r) => r.selected).map((r) => r.value)).to.have.members([
      'librarian',
      'teacher',
    ]);
    expect(markupIn(again)).to.deep.equal([]);
  });
});

describe('presenters: the reading-list pages', () => {
  const list: Collection = {
    id: 'list-1',
    title: 'Ôn tập phân số',
    description: null,
    ownerId: actors.owner.personId!,
    orgId: schoolA.id,
    scope: 'school',
    resourceIds: ['66f0a1b2c3d4e5f601234567'],
    version: 2,
    createdAt: at,
    modifiedAt: at,
  };

  it('lists the lists with their visible items, the schools one may create in, the school scope first chosen', () => {
    const page = presentCollectionsPage(viewer(actors.owner), tree, [{ collection: list, visibleItems: 1 }], [schoolA]);
    expect(page.lists).to.have.length(1);
    expect(page.lists[0]).to.deep.include({ url: '/collections/list-1', itemCount: 1, mine: true });
    expect(page.organisations).to.deep.equal([{ value: schoolA.id, label: schoolA.name, selected: false }]);
    expect(page.scopes.find((s) => s.selected)?.value).to.equal('school');
    expect(page.hasErrors).to.equal(false);
  });

  it('gives the new-list form back with what was typed and its problems', () => {
    const page = presentCollectionsPage(viewer(actors.owner), tree, [], [schoolA, schoolB], {
      errors: { title: 'Bắt buộc' },
      values: { orgId: schoolB.id, scope: 'public' },
    });
    expect(page.hasErrors).to.equal(true);
    expect(page.organisations.find((o) => o.selected)?.value).to.equal(schoolB.id);
    expect(page.scopes.find((s) => s.selected)?.value).to.equal('public');
  });

  it('shows one list with its items, its scope explained, and its own title and description in the form', () => {
    const item = searchedResource(storedResource(), 4);
    const page = presentCollectionPage(viewer(actors.owner), tree, list, [item]);
    expect(page.title).to.equal(list.title);
    expect(page.list.items.map((i) => i.id)).to.deep.equal([item.id]);
    expect(page.values).to.deep.equal({ title: list.title, description: '' });
    expect(page.scopeExplained).to.equal(translator('vi')('web.scopeExplained.school'));
    expect(page.list.permissions).to.deep.equal({ edit: true, delete: true });
    const other = presentCollectionPage(viewer(actors.teacherB), tree, list, []);
    expect(other.list.permissions).to.deep.equal({ edit: false, delete: false });
    expect(markupIn(page)).to.deep.equal([]);
  });
});
